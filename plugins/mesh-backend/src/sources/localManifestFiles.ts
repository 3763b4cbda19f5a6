import { isChildPath } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isManifestPath, ManifestBudget, ManifestFile } from './manifestBudget';

const CONFIG_KEY = 'mesh.declaredManifests.allowedDirectories';

/**
 * Reads the manifests below `entityDir/relativePath` from disk, only when
 * entityDir lies in one of the allowed directories, and never through a
 * symbolic link that leaves the manifests folder.
 */
export async function readLocalManifestFiles(options: {
  folder: string;
  entityDir: string;
  relativePath: string;
  allowedDirectories: string[];
  budget: ManifestBudget;
  signal?: AbortSignal;
}): Promise<ManifestFile[]> {
  const { folder, entityDir, allowedDirectories, budget, signal } = options;
  if (allowedDirectories.length === 0) {
    throw new NotAllowedError(
      `file: locations are not read: no ${CONFIG_KEY} are configured`,
    );
  }
  const realEntityDir = await realpath(entityDir).catch(() => undefined);
  const allowed = await Promise.all(
    allowedDirectories.map(dir =>
      realpath(resolve(dir)).catch(() => undefined),
    ),
  );
  if (
    !realEntityDir ||
    !allowed.some(dir => dir && isChildPath(dir, realEntityDir))
  ) {
    throw new NotAllowedError(
      `file: locations are only read inside ${CONFIG_KEY}; ${entityDir} is not`,
    );
  }

  let root: string;
  try {
    root = await realpath(join(realEntityDir, options.relativePath));
  } catch {
    throw new NotFoundError(`${folder}: the folder does not exist`);
  }
  if (!isChildPath(realEntityDir, root)) {
    throw new NotAllowedError(
      `${folder}: leaves the entity folder through a symbolic link`,
    );
  }
  if (!(await stat(root)).isDirectory()) {
    throw new NotFoundError(`${folder}: not a folder`);
  }

  return readConfinedFolder(root, budget, signal);
}

/**
 * Reads the manifests below `root` (a real path, links resolved), depth first
 * in code-point order so that limits cut the same files each time, never
 * through a symbolic link that leaves it.
 */
export async function readConfinedFolder(
  root: string,
  budget: ManifestBudget,
  signal?: AbortSignal,
): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : Number(a.name > b.name),
    );
    for (const entry of entries) {
      signal?.throwIfAborted();
      if (budget.exhausted) return;
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full, path);
        continue;
      }
      let real = full;
      if (entry.isSymbolicLink()) {
        const target = await realpath(full).catch(() => undefined);
        if (!target || !isChildPath(root, target)) {
          budget.error(`${path}: a symbolic link out of the folder, not read`);
          continue;
        }
        real = target;
      } else if (!entry.isFile()) {
        continue;
      }
      if (!isManifestPath(path)) continue;
      // Links to folders are not followed (no cycles); FIFOs and devices are never opened.
      const file = await readManifestFile(real, path, budget);
      if (file) files.push(file);
    }
  };
  await walk(root, '');
  return files;
}

/**
 * One file within the budget, named `path` in messages; undefined when it is
 * not a regular file or does not fit.
 */
export async function readManifestFile(
  real: string,
  path: string,
  budget: ManifestBudget,
): Promise<ManifestFile | undefined> {
  const info = await stat(real);
  if (!info.isFile() || !budget.admit(path, info.size)) return undefined;
  const content = await readAtMost(real, info.size);
  if (content.length > info.size) {
    budget.error(`${path}: changed while being read, not read`);
    return undefined;
  }
  if (!budget.fits(path, info.size, content.length)) return undefined;
  return { path, text: content.toString('utf8') };
}

/** At most one byte more than stat said, so a file that grew since is caught, not read whole. */
async function readAtMost(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        length,
      );
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
