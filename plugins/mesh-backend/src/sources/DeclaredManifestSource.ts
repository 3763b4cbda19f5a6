import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { SourcedObject, SourceError } from '@meshpath/plugin-mesh-common';
import {
  DeclaredManifestOptions,
  DEFAULT_DECLARED_MANIFEST_OPTIONS,
} from './declaredManifestOptions';
import { readLocalManifestFiles } from './localManifestFiles';
import { ManifestBudget, ManifestFile } from './manifestBudget';
import { resolveManifestFolder } from './manifestFolder';
import { parseManifestFiles } from './manifestParsing';
import { readRepositoryManifestFiles } from './repositoryManifestFiles';
import type { MeshKubernetesObject } from './types';

export type { DeclaredManifestOptions } from './declaredManifestOptions';

/** Manifests an entity declares, and what could not be read. */
export interface DeclaredManifests {
  objects: MeshKubernetesObject[];
  /** The same objects with their file (relative to the manifests folder) and line, when read from files. */
  sourced?: SourcedObject[];
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
      sourced: parsed.sourced,
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

/** Problems of parsing, as errors of the declared source. */
function parseFiles(files: ManifestFile[]): DeclaredManifests {
  const parsed = parseManifestFiles(files);
  return {
    objects: parsed.objects,
    sourced: parsed.sourced,
    errors: parsed.problems.map(message => ({ source: 'git', message })),
  };
}
