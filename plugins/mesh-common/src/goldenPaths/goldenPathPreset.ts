import { GoldenPathLock, goldenPathLocks } from './lockable';
import type { GoldenPath } from './types';

/**
 * A golden path as the template form shows it (`GET /api/mesh/golden-paths`):
 * what it is for, what it holds and the values a service gets by default.
 * The rule policy stays with the backend.
 * @public
 */
export interface GoldenPathPreset {
  /** The key under `mesh.goldenPaths`, which templates pass on. */
  name: string;
  /** What the preset is for, as the platform team wrote it. */
  description?: string;
  /** Every field the preset holds, implied locks included. */
  locks: GoldenPathLock[];
  /** The values a service gets when the form leaves them out (not the platform's settings, which no form sets). */
  defaults: Omit<GoldenPath['defaults'], 'platform'>;
}

/**
 * The form's view of a golden path: everything but its rule policy.
 * @public
 */
export function toGoldenPathPreset(goldenPath: GoldenPath): GoldenPathPreset {
  const { platform: _platform, ...defaults } = goldenPath.defaults as Record<
    string,
    unknown
  >;
  return {
    name: goldenPath.name,
    ...(goldenPath.description ? { description: goldenPath.description } : {}),
    locks: goldenPathLocks(goldenPath),
    defaults: defaults as GoldenPathPreset['defaults'],
  };
}
