import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { finding } from '../findings';
import { ParsedManifests, parseManifests } from './parseManifests';

const manifestExtensions = new Set(['.yaml', '.yml']);

/**
 * Reads YAML manifests from files and folders (recursively, `.yaml`/`.yml`),
 * in a stable order. A path that cannot be read becomes a finding.
 * @public
 */
export async function loadManifests(paths: string[]): Promise<ParsedManifests> {
  const result: ParsedManifests = { objects: [], findings: [] };
  for (const path of paths) {
    for (const file of await manifestFiles(path, result)) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        result.findings.push(
          finding(
            'MP0003',
            `Cannot read ${file}: ${(error as Error).message}`,
            { source: { file, line: 1 } },
          ),
        );
        continue;
      }
      const parsed = parseManifests(text, file);
      result.objects.push(...parsed.objects);
      result.findings.push(...parsed.findings);
    }
  }
  return result;
}

async function manifestFiles(
  path: string,
  result: ParsedManifests,
): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    result.findings.push(
      finding(
        'MP0003',
        `Cannot read ${path}: ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }`,
        { source: { file: path, line: 1 } },
      ),
    );
    return [];
  }
  if (info.isFile()) return [path];
  if (!info.isDirectory()) return [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const files: string[] = [];
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      files.push(...(await manifestFiles(child, result)));
    } else if (entry.isFile() && manifestExtensions.has(extname(entry.name))) {
      files.push(child);
    }
  }
  return files;
}
