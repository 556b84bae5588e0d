import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usePluginSystem } from '../helpers/plugin-dir.js';

const harness = usePluginSystem();

// Line numbers below are those of these sources: the bundle's own lines differ (imports
// inlined, TypeScript types removed), so a stack that names these proves the mapping.
const HELPER = `export interface Reading {
  value: number;
}

export function readSensor(): Reading {
  const bus: { open?: () => Reading } = {};
  if (!bus.open) {
    throw new Error('cannot open the sensor bus');
  }
  return bus.open();
}
`;

const ENTRY = (name: string, when: 'top' | 'register') => `import { definePlugin } from 'svgx-plugins';
import { readSensor } from './_sensor';

type Unused = { a: string };

${when === 'top' ? 'readSensor();' : ''}

export default definePlugin({
  metadata: { name: '${name}', version: '1.0.0', author: 'T', description: 'Reads a sensor' },
  register() {
    readSensor();
  },
});
`;

describe.each([
  ['sandboxed', false],
  ['trusted', true],
])('a %s plugin’s last error has a stack on the lines of the files the author wrote', (_label, trusted) => {
  it.each([
    ['register()', 'register', 11],
    ['top-level code', 'top', 6],
  ] as const)('for a throw in %s, through a helper module', async (_what, when, entryLine) => {
    const s = await harness.setup(
      { '_sensor.ts': HELPER, 'reader.ts': ENTRY('reader', when) },
      { plugins: { reader: { trusted } } },
    );
    await s.loadAll();
    const stack = s.getPlugin('reader')?.lastError?.stack ?? '';
    const dir = harness.dir().dir;
    expect(stack).toContain('cannot open the sensor bus');
    const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
    // The first frames are the helper's throw and the plugin's call, at their source lines.
    expect(frames[0]).toContain(`${path.join(dir, '_sensor.ts')}:8:`);
    expect(frames[1]).toContain(`${path.join(dir, 'reader.ts')}:${entryLine}:`);
    expect(stack).not.toContain('reader.bundle.js');
    // A sandboxed plugin's stack holds its own frames only, none of the sandbox plumbing.
    if (!trusted) expect(frames).toHaveLength(2);
  });
});

describe('an error message crosses the sandbox whole', () => {
  it('keeps control characters of the message in the message, not in the stack', async () => {
    const s = await harness.setup({
      'odd.ts': `import { definePlugin } from 'svgx-plugins';
export default definePlugin({
  metadata: { name: 'odd', version: '1.0.0', author: 'T', description: 'Throws an odd message' },
  register() {
    throw new Error('first\\u0001second\\u0000third');
  },
});
`,
    });
    await s.loadAll();
    const error = s.getPlugin('odd')?.lastError;
    expect(error?.message).toContain('first\u0001second');
    expect(error?.stack?.split('\n')[0]).toContain('first\u0001second');
    expect(error?.stack).toMatch(/odd\.ts:5:/);
  });
});
