/**
 * The documented shapes of the --json outputs and NDJSON lines (README: "Machine output"), as
 * JSON Schemas: a field added, renamed or retyped without updating the docs fails a test.
 */
const nullable = (type: string): { type: string[] } => ({ type: [type, 'null'] });
const strings = { type: 'array', items: { type: 'string' } };
const record = (values: object) => ({ type: 'object', additionalProperties: values });
const obj = (properties: Record<string, object>, optional: string[] = []) => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  additionalProperties: false,
});
const status = { enum: ['loaded', 'unloaded', 'error', 'invalid', 'disabled'] };

const pluginError = obj({ code: { type: 'string' }, message: { type: 'string' }, stage: { type: 'string' }, location: nullable('string'), hint: nullable('string') });

const plugin = {
  name: { type: 'string' },
  version: nullable('string'),
  status,
  loader: { enum: ['trusted', 'sandboxed'] },
  behaviors: strings,
  dependencies: record({ type: 'string' }),
  dependents: strings,
  loadMs: nullable('number'),
  registerMs: nullable('number'),
  error: { oneOf: [{ type: 'null' }, pluginError] },
};

const replayBehavior = obj({
  id: { type: 'string' },
  plugin: nullable('string'),
  calls: { type: 'integer' },
  errors: { type: 'integer' },
  timeouts: { type: 'integer' },
  p50Ms: { type: 'number' },
  p95Ms: { type: 'number' },
  p99Ms: { type: 'number' },
  lastError: nullable('string'),
});

const replaySummary = {
  events: { type: 'integer' },
  calls: { type: 'integer' },
  ok: { type: 'integer' },
  errors: { type: 'integer' },
  timeouts: { type: 'integer' },
  durationMs: { type: 'number' },
};

export const loadSchema = obj(
  {
    plugins: { type: 'array', items: obj(plugin) },
    behaviors: {
      type: 'array',
      items: obj({ id: { type: 'string' }, plugin: nullable('string'), type: { type: 'string' }, events: strings, priority: { type: 'string' }, status: { type: 'string' } }),
    },
    replay: obj({ file: { type: 'string' }, ...replaySummary, behaviors: { type: 'array', items: replayBehavior } }),
  },
  ['replay'],
);

export const listSchema = obj({
  pluginDir: { type: 'string' },
  plugins: { type: 'array', items: obj({ ...plugin, source: nullable('string') }) },
});

const latency = { meanMs: { type: 'number' }, p50Ms: { type: 'number' }, p95Ms: { type: 'number' }, p99Ms: { type: 'number' } };

export const infoSchema = obj({
  name: { type: 'string' },
  status,
  version: nullable('string'),
  loader: { enum: ['trusted', 'sandboxed'] },
  source: { oneOf: [{ type: 'null' }, obj({ entry: { type: 'string' }, root: { type: 'string' }, kind: { enum: ['file', 'folder'] } })] },
  metadata: {
    oneOf: [
      { type: 'null' },
      obj({ author: { type: 'string' }, description: { type: 'string' }, license: nullable('string'), homepage: nullable('string'), tags: strings }),
    ],
  },
  dependencies: record({ type: 'string' }),
  dependents: strings,
  permissions: strings,
  behaviors: {
    type: 'array',
    items: obj({
      id: { type: 'string' },
      type: { type: 'string' },
      events: strings,
      priority: { type: 'string' },
      status: { type: 'string' },
      timeoutMs: nullable('number'),
      description: { type: 'string' },
      tags: strings,
      calls: { type: 'integer' },
      errors: { type: 'integer' },
      timeouts: { type: 'integer' },
      p50Ms: { type: 'number' },
      p95Ms: { type: 'number' },
      p99Ms: { type: 'number' },
    }),
  },
  metrics: obj({
    loadMs: nullable('number'),
    registerMs: nullable('number'),
    reloads: { type: 'integer' },
    reloadErrors: { type: 'integer' },
    lastReloadMs: nullable('number'),
    calls: { type: 'integer' },
    errors: { type: 'integer' },
    timeouts: { type: 'integer' },
    custom: record(obj({ count: { type: 'number' }, sum: { type: 'number' }, min: { type: 'number' }, max: { type: 'number' }, last: { type: 'number' } })),
  }),
  logs: { type: 'array', items: obj({ level: { type: 'string' }, message: { type: 'string' }, at: { type: 'string' } }) },
  quarantined: { type: 'array', items: obj({ behaviorId: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string' } }) },
  error: {
    oneOf: [
      { type: 'null' },
      obj({ code: { type: 'string' }, message: { type: 'string' }, stage: { type: 'string' }, location: nullable('string'), hint: nullable('string'), stack: nullable('string'), at: { type: 'string' } }),
    ],
  },
});

export const benchSchema = obj({
  eventsPerBehavior: { type: 'integer' },
  baseline: obj({ invoke: obj({ ...latency, opsPerSec: { type: 'number' } }), dispatch: obj({ ...latency, opsPerSec: { type: 'number' } }) }),
  behaviors: {
    type: 'array',
    items: obj({
      behavior: { type: 'string' },
      plugin: nullable('string'),
      events: strings,
      calls: { type: 'integer' },
      opsPerSec: { type: 'number' },
      engine: obj(latency),
      handler: obj(latency),
      overheadMs: { type: 'number' },
      errors: { type: 'integer' },
      timeouts: { type: 'integer' },
      truncated: { type: 'boolean' },
    }),
  },
});

const at = { type: 'string' };
const watchError = obj({ code: { type: 'string' }, message: { type: 'string' }, stage: { type: 'string' }, location: nullable('string'), hint: nullable('string'), stack: nullable('string') });

/** One line of `load --watch` without a terminal. */
export const watchLineSchema = {
  oneOf: [
    obj({ type: { const: 'ready' }, at, pluginDir: { type: 'string' }, plugins: { type: 'array', items: obj({ plugin: { type: 'string' }, status, version: nullable('string'), behaviors: strings }) } }),
    obj({ type: { const: 'loaded' }, at, plugin: { type: 'string' }, version: nullable('string'), behaviors: strings, loadMs: nullable('number'), files: strings }),
    obj({ type: { const: 'reloaded' }, at, plugin: { type: 'string' }, version: nullable('string'), behaviors: strings, reloadMs: nullable('number'), files: strings, via: nullable('string') }),
    obj({ type: { const: 'failed' }, at, plugin: { type: 'string' }, status, live: { type: 'boolean' }, version: nullable('string'), error: watchError, files: strings }),
    obj({ type: { const: 'unloaded' }, at, plugin: { type: 'string' }, files: strings }),
    obj({ type: { const: 'log' }, at, plugin: { type: 'string' }, level: { enum: ['info', 'warn', 'error'] }, message: { type: 'string' } }),
    obj({ type: { const: 'watch-error' }, at, message: { type: 'string' } }),
    obj({ type: { const: 'replayed' }, at, source: { type: 'string' }, ...replaySummary }),
    obj({ type: { const: 'stopped' }, at, reason: { type: 'string' } }),
  ],
};
