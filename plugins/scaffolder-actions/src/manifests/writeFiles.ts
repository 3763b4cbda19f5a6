import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { isUnsafeText, quoteValue } from '../goldenPaths/checkParameters';
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';

/**
 * Resolves a folder inside the workspace. Refuses absolute paths, `..` and
 * symlinks that lead outside it, naming the parameter.
 */
export function workspaceFolder(
  workspacePath: string,
  targetPath: string,
  parameter = 'targetPath',
): string {
  if (typeof targetPath !== 'string' || targetPath.length === 0)
    throw new InputError(`${parameter}: must be a relative folder`);
  if (isUnsafeText(targetPath))
    throw new InputError(
      `${parameter}: contains a control character, newline or template syntax`,
    );
  if (isAbsolute(targetPath))
    throw new InputError(
      `${parameter}: ${quoteValue(
        targetPath,
      )} is absolute; give a folder inside the repository`,
    );
  if (targetPath.split(/[\\/]/).includes('..'))
    throw new InputError(
      `${parameter}: ${quoteValue(targetPath)} climbs out with ..`,
    );
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch {
    throw new InputError(
      `${parameter}: ${quoteValue(
        targetPath,
      )} leads outside the workspace (through a symlink)`,
    );
  }
}

/**
 * Writes files into a folder of the workspace. A file that is a symlink is
 * refused rather than followed. Returns what changed, so a second run on the
 * same input reports no change.
 */
export async function writeFiles(
  workspacePath: string,
  folder: string,
  files: Array<{ name: string; content: string }>,
): Promise<Array<{ path: string; changed: boolean }>> {
  const written: Array<{ path: string; changed: boolean }> = [];
  for (const file of files) {
    const target = join(folder, file.name);
    const path = relative(workspacePath, target);
    const existing = await lstat(target).catch(() => undefined);
    if (existing?.isSymbolicLink())
      throw new InputError(
        `${path} is a symlink; refusing to write through it`,
      );
    const before = existing ? await readFile(target, 'utf8') : undefined;
    if (before !== file.content) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content, 'utf8');
    }
    written.push({ path, changed: before !== file.content });
  }
  return written;
}
