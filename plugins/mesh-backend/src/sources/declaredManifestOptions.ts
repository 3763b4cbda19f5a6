import type { Config } from '@backstage/config';
import type { ManifestLimits } from './manifestBudget';

/** How DeclaredManifestSource may read; `mesh.declaredManifests` in app-config. */
export interface DeclaredManifestOptions extends ManifestLimits {
  /** Directories below which `file:` locations are read; none means no `file:` reads. */
  allowedDirectories: string[];
  /** Time for one repository read, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_DECLARED_MANIFEST_OPTIONS: DeclaredManifestOptions = {
  allowedDirectories: [],
  maxFiles: 200,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 10 * 1024 * 1024,
  timeoutMs: 60_000,
};

/** Reads `mesh.declaredManifests`; throws at startup for limits that are not positive. */
export function readDeclaredManifestOptions(
  config: Config,
): DeclaredManifestOptions {
  const section = config.getOptionalConfig('mesh.declaredManifests');
  const defaults = DEFAULT_DECLARED_MANIFEST_OPTIONS;
  const positive = (key: string, fallback: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `mesh.declaredManifests.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    allowedDirectories:
      section?.getOptionalStringArray('allowedDirectories') ?? [],
    maxFiles: positive('maxFiles', defaults.maxFiles),
    maxFileBytes: positive('maxFileBytes', defaults.maxFileBytes),
    maxTotalBytes: positive('maxTotalBytes', defaults.maxTotalBytes),
    timeoutMs: positive('readTimeoutSeconds', defaults.timeoutMs / 1000) * 1000,
  };
}
