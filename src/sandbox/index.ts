export { SandboxedLoader, DEFAULT_MAX_RESULT_BYTES } from './sandboxed-loader.js';
export type { SandboxedLoaderOptions, SandboxedPlugin } from './sandboxed-loader.js';
export { PluginStorage, STORAGE_MAX_BYTES, STORAGE_MAX_KEYS } from './storage.js';
