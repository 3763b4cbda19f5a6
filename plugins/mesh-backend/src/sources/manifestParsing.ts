import type { SourcedObject } from '@meshpath/plugin-mesh-common';
import { parseManifests } from '@meshpath/mesh-engine';
import type { ManifestFile } from './manifestBudget';
import type { MeshKubernetesObject } from './types';

/** Objects of a set of manifest files, and why some documents were skipped. */
export interface ParsedManifestFiles {
  objects: MeshKubernetesObject[];
  /** The same objects with the file and line each starts at. */
  sourced: SourcedObject[];
  /** One line each, naming the file and line, never quoting the file. */
  problems: string[];
}

/**
 * Parses with the engine's parser, files in path order. Its YAML messages
 * quote the offending text, so only the line it reports is kept.
 */
export function parseManifestFiles(files: ManifestFile[]): ParsedManifestFiles {
  const result: ParsedManifestFiles = {
    objects: [],
    sourced: [],
    problems: [],
  };
  for (const file of [...files].sort((a, b) =>
    a.path < b.path ? -1 : Number(a.path > b.path),
  )) {
    let parsed;
    try {
      parsed = parseManifests(file.text, file.path);
    } catch {
      // Thrown while converting, for example by an alias without its anchor.
      result.problems.push(
        `${file.path}: not valid YAML (an alias or tag cannot be resolved)`,
      );
      continue;
    }
    result.objects.push(...parsed.objects.map(o => o.object));
    result.sourced.push(...parsed.objects);
    for (const finding of parsed.findings) {
      const line = finding.source?.line ?? 1;
      if (finding.code === 'MP0002') {
        // Built from fixed key names only, no text from the file.
        result.problems.push(`${file.path}: line ${line}: ${finding.message}`);
      } else {
        const at = /^YAML error at line (\d+)/.exec(finding.message)?.[1];
        result.problems.push(
          `${file.path}: not valid YAML at line ${
            at ?? line
          }, the document was skipped`,
        );
      }
    }
  }
  return result;
}
