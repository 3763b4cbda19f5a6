import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { realpath, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { readConfinedFolder, readManifestFile } from '../localManifestFiles';
import { ManifestBudget, ManifestFile } from '../manifestBudget';
import {
  readRepositoryManifestFiles,
  untilAborted,
} from '../repositoryManifestFiles';
import type { ClusterSnapshot } from './clusterSnapshotConfig';

/**
 * The files of a snapshot, within its limits: on disk, a folder (read below
 * it, never through a link that leaves it) or one file; by URL, one YAML
 * file (readUrl) or a folder (readTree).
 */
export async function readSnapshotFiles(
  snapshot: ClusterSnapshot,
  budget: ManifestBudget,
  urlReader: UrlReaderService,
  signal?: AbortSignal,
): Promise<ManifestFile[]> {
  const { location, timeoutMs } = snapshot;
  if (location.type === 'path') {
    return readSnapshotPath(location.path, budget, signal);
  }
  if (/\.(ya?ml|json)$/i.test(new URL(location.url).pathname)) {
    return readSnapshotUrl(location.url, budget, urlReader, timeoutMs, signal);
  }
  return readRepositoryManifestFiles({
    urlReader,
    url: location.url,
    budget,
    timeoutMs,
    signal,
  });
}

/** The configured path is trusted; it is also the limit of what is read. */
async function readSnapshotPath(
  path: string,
  budget: ManifestBudget,
  signal?: AbortSignal,
): Promise<ManifestFile[]> {
  let root: string;
  try {
    root = await realpath(resolve(path));
  } catch {
    throw new Error(`${path}: does not exist`);
  }
  if ((await stat(root)).isDirectory()) {
    return readConfinedFolder(root, budget, signal);
  }
  const file = await readManifestFile(root, basename(root), budget);
  return file ? [file] : [];
}

/** One file by URL, never buffered past the largest file allowed. */
async function readSnapshotUrl(
  url: string,
  budget: ManifestBudget,
  urlReader: UrlReaderService,
  timeoutMs: number,
  callerSignal?: AbortSignal,
): Promise<ManifestFile[]> {
  const name = decodeURIComponent(basename(new URL(url).pathname));
  if (!budget.admit(name, undefined)) return [];
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal
    ? AbortSignal.any([timeout, callerSignal])
    : timeout;
  try {
    const response = await untilAborted(
      urlReader.readUrl(url, { signal }),
      signal,
    );
    const content = await untilAborted(
      response.stream
        ? readAtMost(response.stream(), budget.limits.maxFileBytes)
        : response.buffer(),
      signal,
    );
    if (!budget.fits(name, undefined, content.length)) return [];
    return [{ path: name, text: content.toString('utf8') }];
  } catch (error) {
    if (timeout.aborted && !callerSignal?.aborted) {
      throw new Error(
        `Reading ${url} gave no answer within ${timeoutMs / 1000} s`,
      );
    }
    throw error;
  }
}

/** The stream's bytes, stopping one byte past `max` so an oversize file is caught, not read whole. */
async function readAtMost(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(buffer);
    length += buffer.length;
    if (length > max) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max + 1);
}
