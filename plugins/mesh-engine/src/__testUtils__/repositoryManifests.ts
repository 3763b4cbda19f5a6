import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root, from a test anywhere under src/. */
const repositoryRoot = resolve(__dirname, '..', '..', '..', '..');

/** Every `.yaml`/`.yml` file under these folders of the repository (no `node_modules`, no dot folders). */
export function repositoryManifests(folders: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(path);
    }
  };
  for (const folder of folders) walk(join(repositoryRoot, folder));
  return files;
}
