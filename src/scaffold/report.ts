import path from 'node:path';
import type { NewPluginPlan } from './scaffold.js';
import type { TemplateInfo } from './templates.js';

/** The colours a report may use; the CLI passes chalk or identity functions. */
export interface ReportPaint {
  ok(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain: ReportPaint = { ok: (t) => t, dim: (t) => t, bold: (t) => t };

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return '.';
  return !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `svgx-plugins new --list-templates`: one line a template. */
export function formatTemplateList(templates: readonly TemplateInfo[], paint: ReportPaint = plain): string {
  const width = Math.max(...templates.map((t) => t.name.length), 8);
  const lines = templates.map((t) => {
    const origin = t.source === 'organisation' ? paint.dim(t.replacesBuiltIn ? ' (organisation, replaces the built-in)' : ' (organisation)') : '';
    return `  ${paint.bold(t.name.padEnd(width))}  ${t.kind === 'folder' ? 'folder' : 'file  '}  ${t.description}${origin}`;
  });
  return `Templates:\n${lines.join('\n')}\n\nUse one with: svgx-plugins new <name> --template <template>`;
}

/** `--dry-run`: what would be written, and where. */
export function formatDryRun(plan: NewPluginPlan, cwd: string = process.cwd(), paint: ReportPaint = plain): string {
  const lines = [`Would create plugin ${paint.bold(plan.name)} from template ${plan.template.name} (dry run: nothing written):`];
  if (plan.createsPluginDir) lines.push(`  ${'mkdir'.padEnd(9)}  ${shown(plan.pluginDir, cwd)}/`);
  for (const file of plan.files) lines.push(`  ${(file.overwrite ? 'overwrite' : 'create').padEnd(9)}  ${shown(file.path, cwd)}`);
  const note = dependencyNote(plan, cwd);
  if (note) lines.push('', note);
  return lines.join('\n');
}

function dependencyNote(plan: NewPluginPlan, cwd: string): string | undefined {
  const dep = plan.dependency;
  if (!dep || dep.present) return undefined;
  return `Note: it depends on ${dep.name} ${dep.range}, which is not in ${shown(plan.pluginDir, cwd)}/ yet; load keeps ${plan.name} out until it is (svgx-plugins new ${dep.name}, or edit metadata.dependencies).`;
}

/** After writing: the files, then the next steps in a few lines. */
export function formatCreated(plan: NewPluginPlan, options: { cwd?: string; dirFlag?: string | undefined } = {}, paint: ReportPaint = plain): string {
  const cwd = options.cwd ?? process.cwd();
  const dir = shown(plan.pluginDir, cwd);
  const target = shown(plan.folder ?? plan.entry, cwd);
  const tests = plan.files.filter((f) => /\.(test|spec)\.[mc]?[jt]s$/.test(f.relative)).map((f) => shown(f.path, cwd));
  const steps: Array<[string, string]> = [
    [`svgx-plugins validate ${target}`, 'type errors and security findings'],
    [`svgx-plugins load --watch${options.dirFlag === undefined ? '' : ` --dir ${dir}`}`, 'load it, then reload live as you edit'],
  ];
  if (tests.length > 0) steps.push([`npx vitest run ${tests.join(' ')}`, 'run its test']);
  const width = Math.max(...steps.map(([command]) => command.length));
  const lines = [
    `${paint.ok('Created')} plugin ${paint.bold(plan.name)} (template ${plan.template.name}):`,
    ...plan.files.map((f) => `  ${shown(f.path, cwd)}${f.overwrite ? paint.dim(' (overwritten)') : ''}`),
    '',
    'Next steps:',
    ...steps.map(([command, why]) => `  ${command.padEnd(width)}  ${paint.dim(why)}`),
  ];
  const note = dependencyNote(plan, cwd);
  if (note) lines.push('', note);
  return lines.join('\n');
}

/** `--json` for --dry-run and after writing: the plan as data. */
export function planToJson(plan: NewPluginPlan, written: boolean, cwd: string = process.cwd()): Record<string, unknown> {
  return {
    name: plan.name,
    template: plan.template.name,
    pluginDir: shown(plan.pluginDir, cwd),
    entry: shown(plan.entry, cwd),
    written,
    files: plan.files.map((f) => ({ path: shown(f.path, cwd), action: f.overwrite ? 'overwrite' : 'create' })),
    dependency: plan.dependency ?? null,
  };
}
