import type { Config } from '@backstage/config';
import type { ManifestLimits } from '../manifestBudget';

/** A cluster served from an export of its objects; `mesh.clusterSnapshots[]` in app-config. */
export interface ClusterSnapshot {
  /** The cluster's name, as the portal shows it. */
  name: string;
  /** Where the export is: a folder or file on disk (reads stay below it), or a URL read through the URL reader. */
  location: { type: 'path'; path: string } | { type: 'url'; url: string };
  limits: ManifestLimits;
  /** Time for reading a URL, in milliseconds. */
  timeoutMs: number;
}

const KEY = 'mesh.clusterSnapshots';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A cluster export is much larger than a service's manifests folder. */
const DEFAULT_SNAPSHOT_LIMITS: ManifestLimits & { timeoutMs: number } = {
  maxFiles: 1000,
  maxFileBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  timeoutMs: 120_000,
};

/**
 * Reads `mesh.clusterSnapshots`; throws at startup for an entry without a
 * name, with both or neither of `path` and `url`, with a URL that is not
 * http(s), a name given twice or a limit that is not positive.
 */
export function readClusterSnapshots(config: Config): ClusterSnapshot[] {
  const entries = config.getOptionalConfigArray(KEY) ?? [];
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const at = `${KEY}[${index}]`;
    const name = entry.getString('name');
    if (!name.trim() || name.length > 253 || CONTROL.test(name)) {
      throw new Error(
        `${at}.name must be 1 to 253 characters without control characters`,
      );
    }
    if (names.has(name)) {
      throw new Error(`${at}.name: the cluster ${name} is configured twice`);
    }
    names.add(name);
    const path = entry.getOptionalString('path');
    const url = entry.getOptionalString('url');
    if ((path === undefined) === (url === undefined)) {
      throw new Error(`${at} needs exactly one of path and url`);
    }
    if (url !== undefined && !/^https?:\/\//i.test(url)) {
      throw new Error(`${at}.url must be an http or https URL`);
    }
    const positive = (key: string, fallback: number) => {
      const value = entry.getOptionalNumber(key) ?? fallback;
      if (!(value > 0)) {
        throw new Error(`${at}.${key} must be a positive number, got ${value}`);
      }
      return value;
    };
    const defaults = DEFAULT_SNAPSHOT_LIMITS;
    return {
      name,
      location:
        path !== undefined
          ? { type: 'path', path }
          : { type: 'url', url: url! },
      limits: {
        maxFiles: positive('maxFiles', defaults.maxFiles),
        maxFileBytes: positive('maxFileBytes', defaults.maxFileBytes),
        maxTotalBytes: positive('maxTotalBytes', defaults.maxTotalBytes),
      },
      timeoutMs:
        positive('readTimeoutSeconds', defaults.timeoutMs / 1000) * 1000,
    };
  });
}
