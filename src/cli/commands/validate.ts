import type { Command } from 'commander';
import type { ReportPaint } from '../../lint/reporters/index.js';
import type { Paint } from '../reporters/plugins-text.js';

interface ValidateFlags {
  format?: string[];
  output?: string;
  maxWarnings?: string;
  baseline?: string;
  updateBaseline?: boolean;
  shard?: string;
  listRules?: boolean;
  cache: boolean;
  cacheLocation?: string;
  typeChecker?: string;
  dir?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The usual file extension of each format, for the example in an error's hint. */
const EXTENSIONS: Record<string, string> = { stylish: 'txt', json: 'json', sarif: 'sarif', github: 'txt', junit: 'xml' };

export function defineValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('type-check and security-lint plugins: type errors, structure, security rules and permissions')
    .argument('[paths...]', 'plugin files, plugin folders or folders of plugins (default: pluginDir from .arxosrc)')
    .option('-f, --format <format>', 'stylish (default), json, sarif, github or junit; repeat it, and use name=file to write one to a file', collect)
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--baseline <file>', 'report only findings not in this file; written with the current findings when missing')
    .option('--update-baseline', 'rewrite the --baseline file with the current findings')
    .option('--shard <i/n>', 'check only shard i of n (plugins split by name, for CI matrices)')
    .option('--list-rules', 'list every rule with its severity and what it checks')
    .option('--no-cache', 'ignore and do not write the result cache (.svgx-cache/)')
    .option('--cache-location <folder>', 'where the result cache lives (default .svgx-cache)')
    .option('--type-checker <name>', 'auto (default), tsgo (TypeScript 7), typescript (the bundled TypeScript 6) or none')
    .option('-d, --dir <folder>', 'the plugin folder, when no paths are given')
    .addHelpText(
      'after',
      `
Examples:
  $ svgx-plugins validate plugins
  $ svgx-plugins validate --format stylish --format sarif=validate.sarif
  $ svgx-plugins validate --format github --max-warnings 0
  $ svgx-plugins validate --baseline .svgx-baseline.json
  $ svgx-plugins validate --shard 2/4 --format junit=report.xml

Exit codes: 0 clean, 1 error-level findings (or more warnings than --max-warnings),
2 usage or configuration error. Silence one finding with a reason:
  // svgx-disable-next-line no-string-timers -- the string is a constant we ship`,
    )
    .action(async (paths: string[], flags: ValidateFlags, command: Command) => {
      process.exitCode = await runValidate(paths, flags, command);
    });
}

interface OutputTarget {
  format: string;
  file: string | undefined;
  /** The flag that named the file, as typed: `--format sarif=out.sarif` or `--output out.json`. */
  flag: string;
}

/** Parses flags, calls the lint service, hands the result to the reporters. */
async function runValidate(paths: string[], flags: ValidateFlags, command: Command): Promise<number> {
  const { SvgxError, EXIT_FAILURE, EXIT_OK } = await import('../../errors.js');
  const { FORMAT_NAMES } = await import('../../lint/reporters/index.js');
  const usage = (message: string, location: string, hint?: string) => new SvgxError('USAGE', message, { location, ...(hint ? { hint } : {}) });

  // 1. Flags, checked before any work, so a typo costs nothing.
  const targets: OutputTarget[] = (flags.format && flags.format.length > 0 ? flags.format : ['stylish']).map((spec) => {
    const eq = spec.indexOf('=');
    const format = (eq === -1 ? spec : spec.slice(0, eq)).trim();
    const file = eq === -1 ? undefined : spec.slice(eq + 1).trim();
    if (!FORMAT_NAMES.includes(format)) throw usage(`--format ${format} is not a format`, '--format', `use one of ${FORMAT_NAMES.join(', ')}, optionally as name=file`);
    if (file === '') throw usage(`--format ${spec} names no file after "="`, '--format', 'write it as name=file, e.g. sarif=validate.sarif');
    return { format, file, flag: `--format ${spec}` };
  });
  if (flags.output) {
    const first = targets.find((t) => t.file === undefined);
    if (first) {
      first.file = flags.output;
      first.flag = `--output ${flags.output}`;
    }
  }
  // Two documents one after the other on stdout parse as neither.
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw usage(
      `only one format may go to stdout (${toStdout.map((t) => `--format ${t.format}`).join(', ')} all would); write the others as name=file`,
      '--format',
      `for example --format ${toStdout[0]?.format ?? 'stylish'} --format ${toStdout[1]?.format ?? 'sarif'}=validate.${toStdout[1]?.format ?? 'sarif'}`,
    );
  }
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    maxWarnings = Number(flags.maxWarnings);
    if (!/^\d+$/.test(flags.maxWarnings.trim()) || !Number.isSafeInteger(maxWarnings)) {
      throw usage(`--max-warnings ${flags.maxWarnings} is not a whole number`, '--max-warnings', 'for example --max-warnings 0');
    }
  }
  if (flags.updateBaseline && !flags.baseline) throw usage('--update-baseline needs --baseline <file>', '--update-baseline');
  const typeChecker = flags.typeChecker ?? undefined;
  if (typeChecker !== undefined && !['auto', 'tsgo', 'typescript', 'none'].includes(typeChecker)) {
    throw usage(`--type-checker ${typeChecker} is not one of auto, tsgo, typescript, none`, '--type-checker');
  }
  // Files written after the run are checked now: a folder or an impossible path costs no analysis.
  const { checkWritableFile } = await import('../output-files.js');
  const { resolve } = await import('node:path');
  const written = new Map<string, string>();
  for (const target of targets) {
    if (target.file === undefined) continue;
    await checkWritableFile(target.file, target.flag, `validate.${EXTENSIONS[target.format] ?? target.format}`);
    const other = written.get(resolve(target.file));
    if (other) throw usage(`${target.file} is also written by ${other}; each format needs its own file`, target.flag, 'give every format a different file');
    written.set(resolve(target.file), target.flag);
  }
  if (flags.baseline) {
    // An existing baseline is only read, unless --update-baseline: a read-only one is fine.
    const { stat } = await import('node:fs/promises');
    const existing = await stat(flags.baseline).catch(() => undefined);
    if (flags.updateBaseline || !existing?.isFile()) await checkWritableFile(flags.baseline, `--baseline ${flags.baseline}`, '.svgx-baseline.json');
  }
  const { parseShard, validatePlugins, ruleSettings, countFindings, RULES } = await import('../../lint/index.js');
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;

  const { checkedPluginDir, configFor, useColor } = await import('../context.js');
  const loaded = await configFor(command);
  const settings = ruleSettings(loaded.config.rules);

  if (flags.listRules) {
    const width = Math.max(...RULES.map((r) => r.meta.id.length));
    const lines = RULES.map((r) => `${r.meta.id.padEnd(width)}  ${(settings.get(r.meta.id) ?? r.meta.defaultSeverity).padEnd(5)}  ${r.meta.category.padEnd(12)}  ${r.meta.description}`);
    process.stdout.write(`${'RULE'.padEnd(width)}  LEVEL  CATEGORY      WHAT IT CHECKS\n${lines.join('\n')}\n\nsvgx-plugins explain <rule> for the details; set levels in .arxosrc "rules".\n`);
    return EXIT_OK;
  }

  // 2. The run.
  const inputs = paths.length > 0 ? paths : [await checkedPluginDir(loaded, flags.dir)];
  const result = await validatePlugins({
    paths: inputs,
    rules: loaded.config.rules,
    shard,
    cache: flags.cache,
    ...(flags.cacheLocation ? { cacheDir: flags.cacheLocation } : {}),
    ...(typeChecker ? { typeChecker: typeChecker as 'auto' | 'tsgo' | 'typescript' | 'none' } : {}),
  });

  // 3. Baseline: only findings not in it are reported (written first when missing, except on CI).
  if (flags.baseline) {
    const { applyBaseline, isCi } = await import('../../lint/baseline.js');
    const { writeFailure } = await import('../output-files.js');
    const baselineFile = flags.baseline;
    const applied = await applyBaseline(result.findings, { file: baselineFile, update: flags.updateBaseline === true, ci: isCi(), cwd: result.cwd }).catch(
      (error: unknown) => {
        throw error instanceof SvgxError ? error : writeFailure(error, baselineFile, `--baseline ${baselineFile}`);
      },
    );
    result.findings = applied.findings;
    result.baseline = applied.baseline;
    if (applied.baseline.written) {
      process.stderr.write(`svgx-plugins: baseline ${flags.baseline} written with ${applied.baseline.recorded} finding(s); later runs report only new ones\n`);
    }
  }

  // 4. Every output written completely before the exit code is set, also when piped.
  const { REPORTERS, plainPaint } = await import('../../lint/reporters/index.js');
  const { paintFor } = await import('../paint.js');
  const { writeOutputFile } = await import('../output-files.js');
  let stdout = '';
  // A file that cannot be written (a full disk, a permission taken away during the run) does not
  // stop the other outputs: they are all written, then the first failure is the error.
  const failures: InstanceType<typeof SvgxError>[] = [];
  for (const target of targets) {
    const reporter = REPORTERS[target.format];
    if (!reporter) continue;
    if (target.file) {
      const failure = await writeOutputFile(target.file, reporter(result, { paint: plainPaint }), target.flag);
      if (failure) failures.push(failure);
    } else {
      const color = target.format === 'stylish' && useColor(command);
      stdout += reporter(result, { paint: color ? reportPaint(await paintFor(true)) : plainPaint });
    }
  }
  if (stdout) await new Promise<void>((resolve) => process.stdout.write(stdout, () => resolve()));
  if (failures.length > 0) {
    for (const extra of failures.slice(1)) process.stderr.write(`svgx-plugins: ${extra.format()}\n`);
    throw failures[0];
  }

  const counts = countFindings(result.findings);
  if (counts.errors > 0 || result.problems.length > 0) return EXIT_FAILURE;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    process.stderr.write(`svgx-plugins: ${counts.warnings} warning(s), more than --max-warnings ${maxWarnings}\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/** The CLI's one set of colours, in the words the lint reporters use. */
function reportPaint(paint: Paint): ReportPaint {
  return { error: paint.bad, warning: paint.warn, dim: paint.dim, bold: paint.bold, underline: paint.underline };
}
