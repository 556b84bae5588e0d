import path from 'node:path';
import { formatMs, formatTable } from '../table.js';
import type { InfoJson } from './info-json.js';
import { plainPaint, type Paint } from './plugins-text.js';

/** A path under the current folder is shown relative to it, anything else in full. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** `info <name>`: the same facts as `--json`, laid out for a person. */
export function formatInfo(info: InfoJson, paint: Paint = plainPaint): string {
  const out: string[] = [];
  const status = info.status === 'loaded' ? paint.ok(info.status) : info.status === 'error' || info.status === 'invalid' ? paint.bad(info.status) : paint.dim(info.status);
  out.push(`${paint.bold(info.name)} ${info.version ?? ''}  ${status}  (${info.loader})`.replace(/ {2,}\(/, '  ('));
  if (info.metadata) {
    out.push(`  ${info.metadata.description}`);
    out.push(`  author       ${info.metadata.author}${info.metadata.license ? `, ${info.metadata.license}` : ''}`);
    if (info.metadata.homepage) out.push(`  homepage     ${info.metadata.homepage}`);
    if (info.metadata.tags.length > 0) out.push(`  tags         ${info.metadata.tags.join(', ')}`);
  }
  if (info.source) out.push(`  source       ${displayPath(info.source.entry)}`);
  const deps = Object.entries(info.dependencies);
  out.push(`  needs        ${deps.length > 0 ? deps.map(([n, r]) => `${n} ${r}`).join(', ') : '-'}`);
  out.push(`  needed by    ${info.dependents.length > 0 ? info.dependents.join(', ') : '-'}`);
  out.push(`  permissions  ${info.permissions.length > 0 ? info.permissions.join(', ') : 'none'}`);
  const m = info.metrics;
  out.push(`  load         ${formatMs(m.loadMs ?? undefined)} (register ${formatMs(m.registerMs ?? undefined)}); reloads ${m.reloads}, failed ${m.reloadErrors}`);
  out.push(`  calls        ${m.calls} (errors ${m.errors}, timeouts ${m.timeouts})`);
  for (const [name, c] of Object.entries(m.custom)) {
    out.push(`  metric       ${name}: count ${c.count}, last ${c.last}, min ${c.min}, max ${c.max}, mean ${(c.sum / Math.max(1, c.count)).toFixed(2)}`);
  }
  out.push('');
  if (info.behaviors.length === 0) {
    out.push('no behaviors registered');
  } else {
    out.push(
      formatTable(
        ['BEHAVIOR', 'TYPE', 'EVENTS', 'PRIORITY', 'TIMEOUT', 'CALLS', 'ERRORS', 'P50', 'P95', 'P99'],
        info.behaviors.map((b) => [
          paint.bold(b.id),
          b.type,
          b.events.join(','),
          b.priority,
          b.timeoutMs === null ? '-' : `${b.timeoutMs} ms`,
          String(b.calls),
          String(b.errors + b.timeouts),
          b.calls > 0 ? formatMs(b.p50Ms) : '-',
          b.calls > 0 ? formatMs(b.p95Ms) : '-',
          b.calls > 0 ? formatMs(b.p99Ms) : '-',
        ]),
      ),
    );
  }
  for (const q of info.quarantined) out.push(paint.bad(`quarantined: ${q.behaviorId}: ${q.reason}`));
  if (info.logs.length > 0) {
    out.push('', 'log:');
    for (const l of info.logs.slice(-10)) out.push(`  ${l.at.slice(11, 19)} ${l.level.padEnd(5)} ${l.message}`);
  }
  if (info.error) {
    out.push('', paint.bad(`last error (${info.error.code}, at ${info.error.stage}): ${info.error.message}`));
    if (info.error.location) out.push(`  at ${info.error.location}`);
    if (info.error.hint) out.push(`  ${info.error.hint}`);
    if (info.error.stack) out.push(paint.dim(info.error.stack.split('\n').map((l) => `    ${l.trim()}`).join('\n')));
  }
  return out.join('\n');
}
