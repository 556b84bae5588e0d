// Generates a corpus of realistic, type-correct plugins for the validate benchmark: about 130
// lines each, with interfaces, helpers, state, several behaviors, metadata with a permission
// they use; every fifth plugin is a folder plugin with a sibling module. Plus `<dir>.tsconfig.json`
// beside the folder (not in it, so validate runs on its defaults, as for most authors) with the
// same options as validate's defaults, so `tsc --noEmit -p` checks the same files the same way.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultCompilerOptionsJson } from '../dist/lint/project.js';

const EVENTS = ['user_interaction', 'system', 'physics', 'environmental', 'operational'];
const TYPES = ['event_driven', 'state_machine', 'conditional_logic', 'ui_selection', 'ui_editing', 'custom'];
const PRIORITIES = ['critical', 'high', 'normal', 'low', 'background'];

function geometry(i) {
  return `export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function contains(box: Box, p: Point, margin = ${i % 7}): boolean {
  return p.x >= box.x - margin && p.y >= box.y - margin && p.x <= box.x + box.width + margin && p.y <= box.y + box.height + margin;
}

export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
`;
}

function pluginBody(name, i, withSibling) {
  const e1 = EVENTS[i % EVENTS.length];
  const e2 = EVENTS[(i + 2) % EVENTS.length];
  const t1 = TYPES[i % TYPES.length];
  const t2 = TYPES[(i + 3) % TYPES.length];
  const p1 = PRIORITIES[i % PRIORITIES.length];
  const p2 = PRIORITIES[(i + 1) % PRIORITIES.length];
  const imports = withSibling
    ? `import { contains, distance, union, type Box, type Point } from './geometry.js';`
    : `interface Point {
  x: number;
  y: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function contains(box: Box, p: Point, margin = ${i % 7}): boolean {
  return p.x >= box.x - margin && p.y >= box.y - margin && p.x <= box.x + box.width + margin && p.y <= box.y + box.height + margin;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}`;
  return `import { definePlugin, type PluginContext } from 'svgx-plugins';
${imports}

type Mode = 'idle' | 'hover' | 'drag' | 'resize';

interface ElementState {
  mode: Mode;
  box: Box;
  last: Point;
  moves: number;
}

const states = new Map<string, ElementState>();
const THRESHOLD = ${(i % 9) + 2};

function readPoint(data: Record<string, unknown>): Point {
  const x = typeof data['x'] === 'number' ? data['x'] : Number(data['x'] ?? 0);
  const y = typeof data['y'] === 'number' ? data['y'] : Number(data['y'] ?? 0);
  return { x: Number.isFinite(x) ? x : 0, y: Number.isFinite(y) ? y : 0 };
}

function stateOf(elementId: string): ElementState {
  let state = states.get(elementId);
  if (!state) {
    state = { mode: 'idle', box: { x: 0, y: 0, width: ${40 + (i % 60)}, height: ${30 + (i % 50)} }, last: { x: 0, y: 0 }, moves: 0 };
    states.set(elementId, state);
  }
  return state;
}

function nextMode(state: ElementState, p: Point, pressed: boolean): Mode {
  const inside = contains(state.box, p);
  if (!inside) return 'idle';
  if (!pressed) return 'hover';
  const nearCorner = distance(p, { x: state.box.x + state.box.width, y: state.box.y + state.box.height }) < THRESHOLD;
  return nearCorner ? 'resize' : 'drag';
}

function summarize(ctx: PluginContext, label: string, values: readonly number[]): number {
  const total = values.reduce((sum, v) => sum + v, 0);
  const mean = values.length > 0 ? total / values.length : 0;
  ctx.recordMetric(\`${name}.\${label}\`, mean);
  return mean;
}

export default definePlugin({
  metadata: {
    name: '${name}',
    version: '1.${i % 10}.${i % 4}',
    author: 'Bench Corpus',
    description: 'Generated plugin number ${i}: hover, drag and resize of elements',
    permissions: ['log'],
    tags: ['generated', '${t1}'],
  },
  register(registry, ctx) {
    ctx.log.info('registering ${name}');
    registry.registerBehavior({
      id: '${name}.track',
      type: '${t1}',
      events: ['${e1}'],
      priority: '${p1}',
      description: 'Tracks the pointer over an element',
      handler: (event) => {
        const elementId = event.elementId ?? 'canvas';
        const state = stateOf(elementId);
        const p = readPoint(event.data);
        const pressed = event.data['pressed'] === true;
        const mode = nextMode(state, p, pressed);
        const moved = distance(p, state.last);
        state.last = p;
        state.mode = mode;
        state.moves += moved > 0 ? 1 : 0;
        return { elementId, mode, moved: Math.round(moved * 100) / 100 };
      },
    });
    registry.registerBehavior({
      id: '${name}.apply',
      type: '${t2}',
      events: ['${e2}', '${e1}'],
      priority: '${p2}',
      tags: ['layout'],
      handler: (event) => {
        const elementId = event.elementId ?? 'canvas';
        const state = stateOf(elementId);
        const p = readPoint(event.data);
        if (state.mode === 'drag') {
          state.box = { ...state.box, x: p.x - state.box.width / 2, y: p.y - state.box.height / 2 };
        } else if (state.mode === 'resize') {
          state.box = { ...state.box, width: Math.max(1, p.x - state.box.x), height: Math.max(1, p.y - state.box.y) };
        }
        const bounds = [...states.values()].map((s) => s.box).reduce((acc, box) => union(acc, box), state.box);
        return { elementId, box: state.box, bounds };
      },
    });
    registry.registerBehavior({
      id: '${name}.stats',
      type: 'custom',
      events: ['system'],
      priority: 'background',
      handler: () => {
        const moves = [...states.values()].map((s) => s.moves);
        return { elements: states.size, meanMoves: summarize(ctx, 'moves', moves) };
      },
    });
  },
  dispose() {
    states.clear();
  },
});
`;
}

/** Writes `count` plugins into `dir` (emptied first) and the tsconfig for tsc beside it. */
export async function generateCorpus(dir, count, sdkTypes) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i += 1) {
    const name = `bench-plugin-${String(i).padStart(4, '0')}`;
    if (i % 5 === 4) {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, 'index.ts'), pluginBody(name, i, true));
      await writeFile(path.join(dir, name, 'geometry.ts'), geometry(i));
    } else {
      await writeFile(path.join(dir, `${name}.ts`), pluginBody(name, i, false));
    }
  }
  const relativeSdk = path.relative(path.dirname(dir), sdkTypes).split(path.sep).join('/');
  // The very options validate uses when a folder has no tsconfig: tsc checks the same program.
  const tsconfig = {
    compilerOptions: defaultCompilerOptionsJson(relativeSdk),
    include: [`${path.basename(dir)}/**/*.ts`],
  };
  const tsconfigPath = `${dir}.tsconfig.json`;
  await writeFile(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);
  return { dir, tsconfigPath };
}
