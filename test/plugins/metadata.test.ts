import { describe, expect, it } from 'vitest';
import { checkMetadata } from '../../src/index.js';

const good = { name: 'hover-glow', version: '1.2.0', author: 'Ann Lee', description: 'Glow on hover' };

describe('checkMetadata', () => {
  it('accepts well-formed metadata with dependencies and permissions', () => {
    const result = checkMetadata({ ...good, dependencies: { 'base-shapes': '^1.0.0 || 2.x' }, permissions: ['log'] });
    expect(result.problems).toEqual([]);
    expect(result.metadata?.name).toBe('hover-glow');
  });

  it.each([
    ['no metadata at all', undefined, 'metadata', 'no metadata'],
    ['name missing', { ...good, name: undefined }, 'metadata.name', 'name is required'],
    ['name not kebab-case', { ...good, name: 'HoverGlow' }, 'metadata.name', 'kebab-case'],
    ['version not semver', { ...good, version: '1.2' }, 'metadata.version', 'semver'],
    ['author empty', { ...good, author: '  ' }, 'metadata.author', 'must not be empty'],
    ['description a number', { ...good, description: 42 }, 'metadata.description', 'must be a string'],
    ['dependency range invalid', { ...good, dependencies: { 'base-shapes': 'latest-ish' } }, 'metadata.dependencies.base-shapes', 'semver range'],
    ['dependency name invalid', { ...good, dependencies: { 'Base Shapes': '^1.0.0' } }, 'metadata.dependencies', 'kebab-case'],
    ['unknown permission', { ...good, permissions: ['network'] }, 'metadata.permissions.0', 'timers, storage, log'],
  ])('reports %s, naming the field', (_label, raw, field, words) => {
    const result = checkMetadata(raw);
    expect(result.metadata).toBeUndefined();
    const problem = result.problems.find((p) => p.field.startsWith(field));
    expect(problem, JSON.stringify(result.problems)).toBeDefined();
    expect(problem?.message).toContain(words);
  });

  it('lists every problem at once', () => {
    const result = checkMetadata({ name: 'x y', version: 'v', author: '', description: '' });
    expect(result.problems.map((p) => p.field).sort()).toEqual(['metadata.author', 'metadata.description', 'metadata.name', 'metadata.version']);
  });
});
