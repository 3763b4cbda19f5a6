import { GoldenPathLock, goldenPathLocks } from './lockable';
import type { GoldenPath } from './types';

/**
 * A golden path as the template form shows it (`GET /api/mesh/golden-paths`):
 * what it is for, what it holds and the values a service gets by default.
 * The rule policy stays with the backend.
 * @public
 */
export interface GoldenPathPreset {
  name: string;
  description?: string;
  /** Every field the preset holds, implied locks included. */
  locks: GoldenPathLock[];
  defaults: GoldenPath['defaults'];
}

/** @public */
export function toGoldenPathPreset(goldenPath: GoldenPath): GoldenPathPreset {
  return {
    name: goldenPath.name,
    ...(goldenPath.description ? { description: goldenPath.description } : {}),
    locks: goldenPathLocks(goldenPath),
    defaults: goldenPath.defaults,
  };
}
