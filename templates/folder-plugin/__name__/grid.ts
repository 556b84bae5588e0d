/** Pure helpers of the plugin: no engine, no state, easy to test on their own. */

export interface Point {
  x: number;
  y: number;
}

export const DEFAULT_GRID_SIZE = 10;

/** The nearest multiple of `size`; a size below 1 leaves the value as it is. */
export function snapValue(value: number, size: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(size) || size < 1) return value;
  return Math.round(value / size) * size;
}

export function snapPoint(point: Point, size: number = DEFAULT_GRID_SIZE): Point {
  return { x: snapValue(point.x, size), y: snapValue(point.y, size) };
}

/** Reads a point from event data, which arrives as untyped JSON. */
export function pointFrom(data: Record<string, unknown>): Point | undefined {
  const { x, y } = data;
  return typeof x === 'number' && typeof y === 'number' ? { x, y } : undefined;
}
