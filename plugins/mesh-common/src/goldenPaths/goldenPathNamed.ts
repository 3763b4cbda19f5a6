import type { GoldenPath } from './types';

/**
 * The golden path of that name, or undefined. Only the map's own entries
 * count: a name such as `toString` or `__proto__` from an annotation or a
 * template parameter never reaches an inherited member.
 * @public
 */
export function goldenPathNamed(
  goldenPaths: Readonly<Record<string, GoldenPath>>,
  name: string,
): GoldenPath | undefined {
  return Object.hasOwn(goldenPaths, name) ? goldenPaths[name] : undefined;
}
