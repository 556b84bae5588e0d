import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * A fingerprint that survives moved lines: the rule, the file (relative, with forward slashes),
 * the message and the trimmed text of the line, plus which occurrence of that combination it is.
 */
export function fingerprintOf(ruleId: string, relativeFile: string, message: string, lineText: string, occurrence: number): string {
  return createHash('sha256')
    .update(`${ruleId}\0${relativeFile.split(path.sep).join('/')}\0${message}\0${lineText.trim().replace(/\s+/g, ' ')}\0${occurrence}`)
    .digest('hex')
    .slice(0, 32);
}
