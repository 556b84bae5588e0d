import type { Command } from 'commander';
import { EXIT_OK, EXIT_USAGE, SvgxError } from '../../errors.js';

interface NewOptions {
  template?: string;
  dir?: string;
  author?: string;
  description?: string;
  dependsOn?: string;
  templatesDir?: string;
  force?: boolean;
  dryRun?: boolean;
  listTemplates?: boolean;
  json?: boolean;
}

export function defineNewCommand(program: Command): void {
  program
    .command('new')
    .description('scaffold a plugin from a template; it passes validate and loads as written')
    .argument('[name]', 'the plugin name, kebab-case (asked for on a terminal when left out)')
    .option('-t, --template <template>', 'the template (asked for on a terminal when left out; see --list-templates)')
    .option('-d, --dir <folder>', 'the plugin folder (default: pluginDir from .arxosrc, else ./plugins)')
    .option('--author <name>', "metadata.author (default: git's user.name)")
    .option('--description <text>', "metadata.description (default: the template's)")
    .option('--depends-on <plugin[@range]>', 'for templates with a dependency: the plugin it builds on (default range: ^ its current version)')
    .option('--templates-dir <folder>', "your organisation's templates, beside the built-in ones (default: templatesDir from .arxosrc)")
    .option('-f, --force', 'overwrite files the template writes that already exist')
    .option('--dry-run', 'print the files it would write, and write nothing')
    .option('--list-templates', 'list the templates and exit')
    .option('--json', 'print the result as JSON (with --dry-run, --list-templates or after writing)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ svgx-plugins new hover-glow --template event-behavior\n  $ svgx-plugins new door-state -t state-machine --dir plugins --dry-run\n  $ svgx-plugins new notes -t multi-behavior --depends-on base-shapes@^1.0.0\n  $ svgx-plugins new --list-templates\n\nWithout a terminal, or with CI set, nothing is asked: give the name and --template.',
    )
    .action(async (name: string | undefined, options: NewOptions, command: Command) => {
      process.exitCode = await runNew(name, options, command);
    });
}

/** Prompting needs a person at a terminal: both ends a TTY, and not a CI job. */
async function runNew(nameArg: string | undefined, options: NewOptions, command: Command): Promise<number> {
  const { configFor, useColor } = await import('../context.js');
  const { displayPath, resolvePluginDir, resolveTemplatesDir } = await import('../../config/load.js');
  const { listTemplates } = await import('../../scaffold/templates.js');
  const report = await import('../../scaffold/report.js');
  const loaded = await configFor(command);
  const templatesDir = resolveTemplatesDir(loaded, options.templatesDir);
  const templatesDirSetBy = options.templatesDir !== undefined ? '--templates-dir' : loaded.filepath ? `${displayPath(loaded.filepath)}: templatesDir` : 'templatesDir';
  const color = useColor(command);
  const paint = color ? await chalkPaint() : undefined;

  if (options.listTemplates) {
    const templates = await listTemplates({ templatesDir, templatesDirSetBy });
    if (options.json) {
      const rows = templates.map(({ name, description, kind, source, replacesBuiltIn }) => ({ name, description, kind, source, replacesBuiltIn }));
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      process.stdout.write(`${report.formatTemplateList(templates, paint)}\n`);
    }
    return EXIT_OK;
  }

  const pluginDir = resolvePluginDir(loaded, options.dir);
  let name = nameArg;
  let template = options.template;
  if (name === undefined || template === undefined) {
    const { isInteractive } = await import('../reporters/terminal.js');
    if (!isInteractive()) {
      const missing = [name === undefined ? 'the plugin name (first argument)' : undefined, template === undefined ? '--template' : undefined].filter(Boolean);
      throw new SvgxError('USAGE', `missing ${missing.join(' and ')}; nothing is asked without a terminal or when CI is set`, {
        location: 'new',
        hint: 'for example: svgx-plugins new hover-glow --template event-behavior (svgx-plugins new --list-templates shows the templates)',
      });
    }
    const answer = await prompt(name, template, pluginDir, { templatesDir, templatesDirSetBy });
    if (!answer) {
      process.stderr.write('svgx-plugins: cancelled, nothing written\n');
      return EXIT_USAGE;
    }
    ({ name, template } = answer);
  }

  const { planNewPlugin, writeNewPlugin } = await import('../../scaffold/scaffold.js');
  const plan = await planNewPlugin({
    name,
    template,
    pluginDir,
    templatesDir,
    templatesDirSetBy,
    author: options.author,
    description: options.description,
    dependsOn: options.dependsOn,
    force: options.force,
  });
  if (!options.dryRun) await writeNewPlugin(plan);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report.planToJson(plan, !options.dryRun), null, 2)}\n`);
  } else if (options.dryRun) {
    process.stdout.write(`${report.formatDryRun(plan, process.cwd(), paint)}\n`);
  } else {
    process.stdout.write(`${report.formatCreated(plan, { dirFlag: options.dir }, paint)}\n`);
  }
  return EXIT_OK;
}

async function chalkPaint() {
  const { paintFor } = await import('../paint.js');
  return paintFor(true);
}

async function prompt(name: string | undefined, template: string | undefined, pluginDir: string, where: { templatesDir: string | undefined; templatesDirSetBy: string }) {
  const { listTemplates } = await import('../../scaffold/templates.js');
  const { checkPluginName } = await import('../../scaffold/names.js');
  const { discoverPluginSources } = await import('../../plugins/discovery.js');
  const templates = await listTemplates(where);
  const existing = new Set(await discoverPluginSources(pluginDir).then((d) => d.sources.map((s) => s.name), () => []));
  const { askNewPlugin } = await import('../../ui/new-prompt.js');
  return askNewPlugin({
    templates,
    name,
    template,
    checkName: (candidate) => checkPluginName(candidate) ?? (existing.has(candidate) ? `a plugin named "${candidate}" already exists in that folder` : undefined),
  });
}
