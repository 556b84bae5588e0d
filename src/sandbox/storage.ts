import { SvgxError } from '../errors.js';

/** Limits of the `storage` capability, per plugin. */
export const STORAGE_MAX_KEYS = 1000;
export const STORAGE_MAX_KEY_LENGTH = 256;
export const STORAGE_MAX_BYTES = 1024 * 1024;

/**
 * Per-plugin state for the `storage` capability. It lives on the host, keyed by plugin name,
 * so it survives reloads of the plugin (a new sandbox sees what the old one stored). Values
 * are kept as JSON text: only data goes in and only copies come out.
 */
export class PluginStorage {
  private readonly stores = new Map<string, Map<string, string>>();

  get(plugin: string, key: string): string | undefined {
    return this.stores.get(plugin)?.get(key);
  }

  set(plugin: string, key: string, json: string): void {
    if (key.length === 0 || key.length > STORAGE_MAX_KEY_LENGTH) {
      throw new SvgxError('PLUGIN_PERMISSION', `storage keys are 1 to ${STORAGE_MAX_KEY_LENGTH} characters`);
    }
    let store = this.stores.get(plugin);
    if (!store) this.stores.set(plugin, (store = new Map()));
    if (!store.has(key) && store.size >= STORAGE_MAX_KEYS) {
      throw new SvgxError('PLUGIN_PERMISSION', `storage holds at most ${STORAGE_MAX_KEYS} keys per plugin`);
    }
    const used = this.bytesOf(store) - (store.get(key)?.length ?? 0) + json.length + key.length;
    if (used > STORAGE_MAX_BYTES) {
      throw new SvgxError('PLUGIN_PERMISSION', `storage is limited to ${STORAGE_MAX_BYTES} bytes per plugin`);
    }
    store.set(key, json);
  }

  delete(plugin: string, key: string): boolean {
    return this.stores.get(plugin)?.delete(key) ?? false;
  }

  keys(plugin: string): string[] {
    return [...(this.stores.get(plugin)?.keys() ?? [])];
  }

  /** Forgets a plugin's state (not done on reload: that is the point of storage). */
  clear(plugin: string): void {
    this.stores.delete(plugin);
  }

  private bytesOf(store: Map<string, string>): number {
    let total = 0;
    for (const [k, v] of store) total += k.length + v.length;
    return total;
  }
}
