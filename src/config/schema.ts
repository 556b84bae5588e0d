import { z } from 'zod';

/** Severity of a validate rule, as set in `.arxosrc` `rules`. */
export const RULE_SETTINGS = ['error', 'warn', 'off'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

const positiveMs = z.number().int().positive().max(600_000);

export const pluginSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  trusted: z.boolean().optional(),
  timeoutMs: positiveMs.optional(),
  registerTimeoutMs: positiveMs.optional(),
  topLevelTimeoutMs: positiveMs.optional(),
  memoryLimitMb: z.number().int().min(8).max(4096).optional(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  pluginDir: z.string().min(1).default('plugins'),
  timeouts: z
    .strictObject({
      handlerMs: positiveMs.default(250),
      registerMs: positiveMs.default(2000),
      topLevelMs: positiveMs.default(1000),
    })
    .prefault({}),
  sandbox: z
    .strictObject({
      memoryLimitMb: z.number().int().min(8).max(4096).default(64),
      quarantineAfter: z.number().int().min(0).max(1000).default(5),
      maxResultBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
    })
    .prefault({}),
  plugins: z.record(z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'plugin names are kebab-case'), pluginSettingsSchema).default({}),
  rules: z.record(z.string().min(1), z.enum(RULE_SETTINGS)).default({}),
  watch: z.strictObject({ debounceMs: z.number().int().min(0).max(10_000).default(20) }).prefault({}),
  templatesDir: z.string().min(1).optional(),
});

export type SvgxConfig = z.output<typeof configSchema>;
export type SvgxConfigInput = z.input<typeof configSchema>;
