import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { MESH_ANNOTATIONS, SourceError } from '@meshpath/plugin-mesh-common';
import { readdir, readFile } from 'fs/promises';
import { dirname, join, relative, resolve } from 'path';
import { parseAllDocuments } from 'yaml';
import type { MeshKubernetesObject } from './types';

/** Manifests an entity declares, and what could not be read. */
export interface DeclaredManifests {
  objects: MeshKubernetesObject[];
  errors: SourceError[];
}

function stripType(location: string): string {
  return location.replace(/^(url|file):/, '');
}

/**
 * Reads the manifests in the folder named by `meshpath.io/manifests`: through
 * the URL reader for repositories, from disk for entities registered from a
 * local `file:` location (the embedded default).
 */
export class DeclaredManifestSource {
  constructor(private readonly urlReader: UrlReaderService) {}

  /** Undefined when the entity declares no manifests. */
  async read(entity: Entity): Promise<DeclaredManifests | undefined> {
    const annotations = entity.metadata.annotations ?? {};
    const folder = annotations[MESH_ANNOTATIONS.manifests];
    if (!folder) return undefined;
    const location =
      annotations[ANNOTATION_SOURCE_LOCATION] ??
      annotations[ANNOTATION_LOCATION] ??
      '';
    try {
      if (/^[a-z]+:\/\//i.test(folder) || location.startsWith('url:')) {
        const url = new URL(
          folder,
          stripType(location) || undefined,
        ).toString();
        const tree = await this.urlReader.readTree(url);
        const files = await tree.files();
        return parseFiles(
          await Promise.all(
            files.map(async f => ({
              path: f.path,
              text: (await f.content()).toString('utf8'),
            })),
          ),
        );
      }
      if (location.startsWith('file:')) {
        const dir = resolve(dirname(stripType(location)), folder);
        return parseFiles(await readLocalFolder(dir));
      }
      return {
        objects: [],
        errors: [
          {
            source: 'git',
            message: `Cannot resolve ${MESH_ANNOTATIONS.manifests}="${folder}": the entity has no url: or file: location`,
          },
        ],
      };
    } catch (error) {
      return {
        objects: [],
        errors: [
          {
            source: 'git',
            message: `Reading ${folder} failed: ${(error as Error).message}`,
          },
        ],
      };
    }
  }
}

async function readLocalFolder(
  dir: string,
): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter(e => e.isFile())
      .map(async e => {
        const full = join(e.parentPath, e.name);
        return {
          path: relative(dir, full),
          text: await readFile(full, 'utf8'),
        };
      }),
  );
}

function parseFiles(
  files: Array<{ path: string; text: string }>,
): DeclaredManifests {
  const result: DeclaredManifests = { objects: [], errors: [] };
  for (const file of files
    .filter(f => /\.ya?ml$/.test(f.path))
    .sort((a, b) => a.path.localeCompare(b.path))) {
    for (const doc of parseAllDocuments(file.text)) {
      if (doc.errors.length > 0) {
        result.errors.push({
          source: 'git',
          message: `${file.path}: ${doc.errors[0].message}`,
        });
        continue;
      }
      const object = doc.toJS();
      if (object === null || object === undefined) continue;
      if (
        typeof object.kind !== 'string' ||
        typeof object.apiVersion !== 'string' ||
        typeof object.metadata?.name !== 'string'
      ) {
        result.errors.push({
          source: 'git',
          message: `${file.path}: a document without apiVersion, kind or metadata.name`,
        });
        continue;
      }
      result.objects.push(object);
    }
  }
  return result;
}
