import { z } from 'zod';

/** Severity of a validate rule, as set in `.arxosrc` `rules`. */
export const RULE_SETTINGS = ['error', 'warn', 'off'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** The same pattern as PLUGIN_NAME_PATTERN; repeated so config stays plain data with no import of src/plugins. */
export const CONFIG_PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

// min(1), not positive(): error messages read the bounds back from the schema, and an
// inclusive minimum says "from 1" where positive() would say "above 0".
const milliseconds = () => z.number().int().min(1).max(600_000);
const megabytes = () => z.number().int().min(8).max(2048); // 2 GiB: the most WebAssembly memory the sandbox's QuickJS build can have

export const pluginSettingsSchema = z.strictObject({
  enabled: z.boolean().optional().describe('false keeps the plugin out of loadAll()'),
  trusted: z.boolean().optional().describe('run in the host realm instead of the sandbox (your own code only)'),
  timeoutMs: milliseconds().optional().describe('time limit of one handler call of this plugin, in ms'),
  registerTimeoutMs: milliseconds().optional().describe('time limit of register() and dispose(), in ms'),
  topLevelTimeoutMs: milliseconds().optional().describe('time limit of the top-level code, in ms'),
  memoryLimitMb: megabytes().optional().describe('heap limit of the sandbox, in MiB'),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('a JSON Schema URL or path, for editors; ignored by svgx-plugins'),
  pluginDir: z.string().min(1).default('plugins').describe('the folder of plugins, relative to the config file'),
  timeouts: z
    .strictObject({
      handlerMs: milliseconds().default(250).describe('time limit of one handler call, in ms'),
      registerMs: milliseconds().default(2000).describe('time limit of register() and dispose(), in ms'),
      topLevelMs: milliseconds().default(1000).describe("time limit of a plugin's top-level code, in ms"),
    })
    .prefault({})
    .describe('default time limits of every plugin'),
  sandbox: z
    .strictObject({
      memoryLimitMb: megabytes().default(64).describe('heap limit of one sandboxed plugin, in MiB'),
      quarantineAfter: z.number().int().min(0).max(1000).default(5).describe('timeouts in a row before a behavior is disabled; 0 never'),
      maxResultBytes: z
        .number()
        .int()
        .min(1024)
        .max(16 * 1024 * 1024)
        .default(64 * 1024)
        .describe('largest result a sandboxed handler may return, in bytes'),
    })
    .prefault({})
    .describe('defaults of the sandbox'),
  plugins: z
    .record(z.string().regex(CONFIG_PLUGIN_NAME_PATTERN, 'plugin names are kebab-case'), pluginSettingsSchema)
    .default({})
    .describe('settings of one plugin, by plugin name'),
  rules: z
    .record(z.string().min(1), z.enum(RULE_SETTINGS))
    .default({})
    .describe('validate rules by id: error, warn or off'),
  watch: z
    .strictObject({
      debounceMs: z.number().int().min(0).max(10_000).default(20).describe('wait after a file change before reloading, in ms'),
    })
    .prefault({})
    .describe('load --watch'),
  templatesDir: z
    .string()
    .min(1)
    .optional()
    .describe("a folder of your organisation's templates for `new`, relative to the config file"),
});

export type SvgxConfig = z.output<typeof configSchema>;
export type SvgxConfigInput = z.input<typeof configSchema>;
