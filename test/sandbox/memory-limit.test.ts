import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, pluginSettingsSchema } from '../../src/config/schema.js';
import { sandboxPlugin, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The largest memoryLimitMb `.arxosrc` accepts, read from the schema itself. */
const largestConfigured = pluginSettingsSchema.shape.memoryLimitMb.unwrap().maxValue ?? Number.POSITIVE_INFINITY;

describe('memory limit: every limit the config accepts is one the sandbox can give', () => {
  it('accepts the same largest memoryLimitMb for sandbox and plugins.<name>, and no more', () => {
    for (const mb of [largestConfigured, largestConfigured + 1]) {
      const ok = mb === largestConfigured;
      expect(configSchema.safeParse({ sandbox: { memoryLimitMb: mb } }).success).toBe(ok);
      expect(configSchema.safeParse({ plugins: { big: { memoryLimitMb: mb } } }).success).toBe(ok);
    }
  });

  it('loads a plugin at the largest memory limit the config accepts, beside the witness', async () => {
    h = await harness(
      { 'big.js': sandboxPlugin({ name: 'big', handler: `() => 'big'` }) },
      { plugins: { big: { memoryLimitMb: largestConfigured } } },
    );
    await h.system.loadAll();
    expect(h.system.getPlugin('big')).toMatchObject({ status: 'loaded' });
    expect(h.resultOf(await h.dispatch(), 'big.main')).toMatchObject({ outcome: 'ok', value: 'big' });
    await h.expectHostServes();
  });

  it('refuses a memory limit above what WebAssembly gives a sandbox (2048 MiB) with a message that says so', async () => {
    // The library takes limits without the config schema: the sandbox checks them itself.
    h = await harness({ 'huge.js': sandboxPlugin({ name: 'huge' }) }, { plugins: { huge: { memoryLimitMb: 4096 } } });
    await h.system.loadAll();
    const info = h.system.getPlugin('huge');
    expect(info?.status).toBe('error');
    expect(info?.lastError?.code).toBe('PLUGIN_LOAD_FAILED');
    expect(info?.lastError?.message).toMatch(/memory limit of 4096 MiB is above the 2048 MiB a sandbox can have/);
    await h.expectHostServes();
  });
});
