import type { SourceError } from '@meshpath/plugin-mesh-common';

/** How much of a manifests folder is read, at most. */
export interface ManifestLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** A manifest file as read, path relative to the manifests folder. */
export interface ManifestFile {
  path: string;
  text: string;
}

/** Only YAML files are manifests; the rest of a folder is never read. */
export const isManifestPath = (path: string) => /\.ya?ml$/i.test(path);

/**
 * Counts files and bytes as a folder is read, so an entity author cannot make
 * the backend read an unbounded amount; records what was left out.
 */
export class ManifestBudget {
  readonly errors: SourceError[] = [];
  private files = 0;
  private bytes = 0;
  private stopped = false;
  private overTotal = false;

  constructor(readonly limits: ManifestLimits) {}

  /** True once a limit on the whole folder was reached: nothing more is read. */
  get exhausted(): boolean {
    return this.stopped;
  }

  /** Whether a file may be read, given its size when known beforehand. */
  admit(path: string, size: number | undefined): boolean {
    if (this.stopped) return false;
    const { maxFiles, maxFileBytes, maxTotalBytes } = this.limits;
    if (size !== undefined && size > maxFileBytes) {
      this.error(`${path}: larger than ${maxFileBytes} bytes, not read`);
      return false;
    }
    if (this.files >= maxFiles) {
      return this.stop(
        `More than ${maxFiles} manifest files; ${path} and any after it were not read`,
      );
    }
    if (size !== undefined && this.bytes + size > maxTotalBytes) {
      return this.stop(
        `More than ${maxTotalBytes} bytes of manifests; ${path} and any after it were not read`,
      );
    }
    this.files += 1;
    this.bytes += size ?? 0;
    return true;
  }

  /** Whether a file that was read fits: readers may not give the size up front, or may be wrong. */
  fits(path: string, announced: number | undefined, actual: number): boolean {
    const { maxFileBytes, maxTotalBytes } = this.limits;
    if (actual > maxFileBytes) {
      this.error(`${path}: larger than ${maxFileBytes} bytes, not read`);
      return false;
    }
    if (announced !== undefined) return true;
    if (this.overTotal) return false;
    this.bytes += actual;
    if (this.bytes <= maxTotalBytes) return true;
    this.overTotal = true;
    return this.stop(
      `More than ${maxTotalBytes} bytes of manifests; ${path} and any after it were not read`,
    );
  }

  error(message: string) {
    this.errors.push({ source: 'git', message });
  }

  private stop(message: string): false {
    this.stopped = true;
    this.error(message);
    return false;
  }
}
