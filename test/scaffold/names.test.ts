import { describe, expect, it } from 'vitest';
import { checkPluginName, RESERVED_NAMES, toKebabCase } from '../../src/scaffold/names.js';

describe('plugin names for new', () => {
  it.each(['hover-glow', 'door-state', 'a', 'grid2', 'x-1-y', 'class-list', 'fs-sync'])('accepts %s', (name) => {
    expect(checkPluginName(name)).toBeUndefined();
  });

  it.each([
    ['', /the name is empty/],
    ['   ', /the name is empty/],
    ['HoverGlow', /"HoverGlow" is not kebab-case .*; try "hover-glow"/],
    ['hover_glow', /not kebab-case.*try "hover-glow"/],
    ['hover--glow', /not kebab-case/],
    ['-hover', /not kebab-case/],
    ['hover-', /not kebab-case/],
    ['9lives', /not kebab-case/],
    ['hover glow', /not kebab-case.*try "hover-glow"/],
    ['héllo', /not kebab-case/],
    ['plugins/hover', /contains a path separator.*--dir/],
    ['..\\hover', /contains a path separator/],
    ['../hover', /contains a path separator/],
    ['/etc/passwd', /is a path.*--dir/],
    ['C:\\plugins\\x', /is a path/],
    ['..', /contains "\.\."/],
    ['a..b', /contains "\.\."/],
    ['class', /reserved word/],
    ['delete', /reserved word/],
    ['new', /reserved word/],
    ['index', /reserved word/],
    ['node-modules', /reserved word/],
    ['svgx-plugins', /reserved word/],
    ['con', /reserved word/],
    ['lpt1', /reserved word/],
    ['fs', /reserved word/],
    ['child-process', /reserved word/],
    ['a'.repeat(65), /65 characters long; the limit is 64/],
  ])('refuses %j', (name, message) => {
    expect(checkPluginName(name)).toMatch(message);
  });

  it('reserves Node built-ins under their kebab-case names only', () => {
    expect(RESERVED_NAMES.has('worker-threads')).toBe(true);
    expect(RESERVED_NAMES.has('worker_threads')).toBe(false);
  });

  it.each([
    ['HoverGlow', 'hover-glow'],
    ['hover_glow', 'hover-glow'],
    ['  Door State ', 'door-state'],
  ])('suggests %j as %j', (input, expected) => {
    expect(toKebabCase(input)).toBe(expected);
  });
});
