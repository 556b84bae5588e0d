import type { Paint } from './reporters/plugins-text.js';
import { plainPaint } from './reporters/plugins-text.js';

/** chalk only when colour is on; loaded on demand so plain output never pays for it. */
export async function paintFor(color: boolean): Promise<Paint> {
  if (!color) return plainPaint;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    ok: (t) => chalk.green(t),
    bad: (t) => chalk.red(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
    warn: (t) => chalk.yellow(t),
    underline: (t) => chalk.underline(t),
  };
}
