import { readdir, readFile, realpath } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { kustomizationNames } from '../repository/kustomize';
import { isTemplated } from '../repository/templated';
import { ManifestFile } from './yamlEdits';

/** The manifests of a folder (subfolders included), as files to edit; templates and kustomizations left alone. */
export async function readManifestFiles(
  workspace: string,
  folder: string,
): Promise<ManifestFile[]> {
  const root = await realpath(workspace);
  const files: ManifestFile[] = [];
  const visit = async (path: string): Promise<void> => {
    const real = await realpath(path).catch(() => undefined);
    // A link must not lead the fix out of the repository.
    if (!real || relative(root, real).startsWith(`..${sep}`)) return;
    const entries = await readdir(path, { withFileTypes: true }).catch(
      () => undefined,
    );
    if (!entries) {
      if (!['.yaml', '.yml'].includes(extname(path))) return;
      if (kustomizationNames.has(path.split(sep).pop()!)) return;
      const text = await readFile(path, 'utf8');
      if (!isTemplated(text))
        files.push(new ManifestFile(relative(workspace, path), text));
      return;
    }
    for (const entry of entries.map(e => e.name).sort())
      if (!entry.startsWith('.')) await visit(join(path, entry));
  };
  await visit(folder);
  return files;
}
