import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { isManifestPath, ManifestBudget, ManifestFile } from './manifestBudget';

/**
 * Reads the manifests of a repository folder through the URL reader, within
 * the budget and the time limit. Files over a limit are dropped by readTree's
 * filter, before their content is buffered.
 */
export async function readRepositoryManifestFiles(options: {
  urlReader: UrlReaderService;
  url: string;
  budget: ManifestBudget;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<ManifestFile[]> {
  const { urlReader, url, budget, timeoutMs } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([timeout, options.signal])
    : timeout;
  const sizes = new Map<string, number | undefined>();
  try {
    const tree = await untilAborted(
      urlReader.readTree(url, {
        signal,
        filter: (path, info) => {
          if (!isManifestPath(path) || !budget.admit(path, info?.size)) {
            return false;
          }
          sizes.set(path, info?.size);
          return true;
        },
      }),
      signal,
    );
    const files: ManifestFile[] = [];
    for (const file of await untilAborted(tree.files(), signal)) {
      // Readers that ignore the filter still cannot get past the budget.
      if (
        !sizes.has(file.path) &&
        (!isManifestPath(file.path) || !budget.admit(file.path, undefined))
      ) {
        continue;
      }
      const content = await untilAborted(file.content(), signal);
      if (budget.fits(file.path, sizes.get(file.path), content.length)) {
        files.push({ path: file.path, text: content.toString('utf8') });
      }
    }
    return files;
  } catch (error) {
    if (timeout.aborted) {
      throw new Error(
        `Reading ${url} gave no answer within ${timeoutMs / 1000} s`,
      );
    }
    throw error;
  }
}

/**
 * Settles with the work or rejects when the signal aborts, whichever comes
 * first: not every URL reader passes the signal to each of its requests
 * (GitHub's asks for the commit without it).
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  // The abandoned work may still fail later; nobody waits for it then.
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) {
      abort();
      return;
    }
    signal.addEventListener('abort', abort, { once: true });
    work
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', abort));
  });
}
