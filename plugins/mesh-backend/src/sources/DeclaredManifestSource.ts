import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { SourceError } from '@meshpath/plugin-mesh-common';
import { parseManifests } from '@meshpath/plugin-mesh-node';
import {
  DeclaredManifestOptions,
  DEFAULT_DECLARED_MANIFEST_OPTIONS,
} from './declaredManifestOptions';
import { readLocalManifestFiles } from './localManifestFiles';
import { ManifestBudget, ManifestFile } from './manifestBudget';
import { resolveManifestFolder } from './manifestFolder';
import { readRepositoryManifestFiles } from './repositoryManifestFiles';
import type { MeshKubernetesObject } from './types';

export type { DeclaredManifestOptions } from './declaredManifestOptions';
export { readDeclaredManifestOptions } from './declaredManifestOptions';

/** Manifests an entity declares, and what could not be read. */
export interface DeclaredManifests {
  objects: MeshKubernetesObject[];
  errors: SourceError[];
}

/**
 * Reads the manifests in the folder named by `meshpath.io/manifests`, inside
 * the folder of the catalog file the entity came from: through the URL reader
 * for repositories, from disk for `file:` locations in the configured
 * directories (the embedded default). Reads are bounded in files, bytes and
 * time; errors name files and lines, never their contents.
 */
export class DeclaredManifestSource {
  private readonly options: DeclaredManifestOptions;

  constructor(
    private readonly urlReader: UrlReaderService,
    options: Partial<DeclaredManifestOptions> = {},
  ) {
    this.options = { ...DEFAULT_DECLARED_MANIFEST_OPTIONS, ...options };
  }

  /** Undefined when the entity declares no manifests. */
  async read(
    entity: Entity,
    options: { signal?: AbortSignal } = {},
  ): Promise<DeclaredManifests | undefined> {
    const budget = new ManifestBudget(this.options);
    let files: ManifestFile[];
    try {
      const folder = resolveManifestFolder(entity);
      if (!folder) return undefined;
      files =
        folder.type === 'url'
          ? await readRepositoryManifestFiles({
              urlReader: this.urlReader,
              url: folder.url,
              budget,
              timeoutMs: this.options.timeoutMs,
              signal: options.signal,
            })
          : await readLocalManifestFiles({
              ...folder,
              allowedDirectories: this.options.allowedDirectories,
              budget,
              signal: options.signal,
            });
      if (files.length === 0 && budget.errors.length === 0) {
        budget.error(`${folder.folder}: no .yaml or .yml files in the folder`);
      }
    } catch (error) {
      return {
        objects: [],
        errors: [...budget.errors, { source: 'git', message: reason(error) }],
      };
    }
    const parsed = parseFiles(files);
    return {
      objects: parsed.objects,
      errors: [...budget.errors, ...parsed.errors],
    };
  }
}

/** The first line of an error, bounded: reader errors name URLs and statuses, not contents. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Parses with the engine's parser. Its YAML messages quote the offending
 * text, so only the line it reports is kept.
 */
function parseFiles(files: ManifestFile[]): DeclaredManifests {
  const result: DeclaredManifests = { objects: [], errors: [] };
  const error = (message: string) =>
    result.errors.push({ source: 'git', message });
  for (const file of [...files].sort((a, b) =>
    a.path < b.path ? -1 : Number(a.path > b.path),
  )) {
    let parsed;
    try {
      parsed = parseManifests(file.text, file.path);
    } catch {
      // Thrown while converting, for example by an alias without its anchor.
      error(
        `${file.path}: not valid YAML (an alias or tag cannot be resolved)`,
      );
      continue;
    }
    result.objects.push(...parsed.objects.map(o => o.object));
    for (const finding of parsed.findings) {
      const line = finding.source?.line ?? 1;
      if (finding.code === 'MP0002') {
        // Built from fixed key names only, no text from the file.
        error(`${file.path}: line ${line}: ${finding.message}`);
      } else {
        const at = /^YAML error at line (\d+)/.exec(finding.message)?.[1];
        error(
          `${file.path}: not valid YAML at line ${
            at ?? line
          }, the document was skipped`,
        );
      }
    }
  }
  return result;
}
