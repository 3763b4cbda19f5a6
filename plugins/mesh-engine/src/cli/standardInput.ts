import { fstat } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * Whether a path names this process's standard input (`-`, `/dev/stdin`,
 * `/dev/fd/0`). Those are read as `-`: when the parent is a Node process,
 * standard input is a socket, which cannot be opened by name.
 */
export async function namesStandardInput(path: string): Promise<boolean> {
  if (path === '-') return true;
  try {
    const [given, input] = await Promise.all([stat(path), promisify(fstat)(0)]);
    return (
      !given.isFile() &&
      !given.isDirectory() &&
      given.dev === input.dev &&
      given.ino === input.ino
    );
  } catch {
    return false; // a path that cannot be read is reported when it is loaded
  }
}
