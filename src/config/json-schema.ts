import { z } from 'zod';
import { configSchema } from './schema.js';

/** The JSON Schema of `.arxosrc`, from the same zod schema that checks it, so the two never drift. */
export function configJsonSchema(): Record<string, unknown> {
  // io: 'input': every key with a default is optional in the file.
  return { ...z.toJSONSchema(configSchema, { io: 'input' }), title: '.arxosrc of svgx-plugins' };
}
