import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { MESH_ANNOTATIONS } from '@meshpath/plugin-mesh-common';
import { dirname, isAbsolute } from 'node:path';

/** Where an entity's manifests folder is, inside the place the catalog read the entity from. */
export type ManifestFolder =
  | {
      type: 'url';
      /** The annotation as written, for messages. */
      folder: string;
      url: string;
    }
  | {
      type: 'file';
      folder: string;
      /** The folder of the catalog file the entity came from. */
      entityDir: string;
      /** The manifests folder relative to entityDir, `/`-separated; empty for entityDir itself. */
      relativePath: string;
    };

const quoted = (text: string) =>
  JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * The manifests folder of an entity, refusing any that could leave the folder
 * of the catalog file the entity came from. The base is
 * `backstage.io/managed-by-location`, which the catalog sets, never
 * `backstage.io/source-location`, which the entity's author can set to any
 * repository or path.
 */
export function resolveManifestFolder(
  entity: Entity,
): ManifestFolder | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const folder = annotations[MESH_ANNOTATIONS.manifests];
  if (folder === undefined) return undefined;
  const relativePath = checkedRelativePath(folder);

  const managedBy = annotations[ANNOTATION_LOCATION];
  if (!managedBy) {
    throw new InputError(
      `Cannot resolve ${MESH_ANNOTATIONS.manifests}: the entity has no ${ANNOTATION_LOCATION}`,
    );
  }
  let location: { type: string; target: string };
  try {
    location = parseLocationRef(managedBy);
  } catch {
    throw new InputError(
      `Cannot resolve ${MESH_ANNOTATIONS.manifests}: ${ANNOTATION_LOCATION} is not a location reference`,
    );
  }

  if (location.type === 'file') {
    if (!isAbsolute(location.target)) {
      throw new InputError(
        `Cannot resolve ${MESH_ANNOTATIONS.manifests}: the file location ${location.target} is not absolute`,
      );
    }
    return {
      type: 'file',
      folder,
      entityDir: dirname(location.target),
      relativePath,
    };
  }
  if (location.type === 'url') {
    return {
      type: 'url',
      folder,
      url: urlInside(location.target, relativePath),
    };
  }
  throw new InputError(
    `Cannot resolve ${
      MESH_ANNOTATIONS.manifests
    }: ${ANNOTATION_LOCATION} of type ${quoted(
      location.type,
    )} is not supported, only url: and file:`,
  );
}

/** The annotation as `/`-separated segments below the entity's folder; throws for anything else. */
function checkedRelativePath(folder: string): string {
  const refuse = (why: string) =>
    new InputError(
      `${MESH_ANNOTATIONS.manifests}=${quoted(folder)} refused: ${why}`,
    );
  if (/^[a-z][a-z0-9+.-]*:/i.test(folder) || /^[/\\~]/.test(folder)) {
    throw refuse(
      "it must be a relative path inside the folder of the entity's catalog file",
    );
  }
  // Encoded and Windows separators, queries and fragments could all move a URL elsewhere.
  // eslint-disable-next-line no-control-regex
  if (/[\\%?#:\u0000-\u001f\u007f]/.test(folder)) {
    throw refuse('it may not contain \\, %, ?, #, : or control characters');
  }
  const segments = folder.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw refuse('".." is not allowed');
  }
  return segments.join('/');
}

/** The folder's URL, which must stay below the folder of the catalog file the entity came from. */
function urlInside(target: string, relativePath: string): string {
  let base: URL;
  try {
    base = new URL(target);
  } catch {
    throw new InputError(
      `Cannot resolve ${MESH_ANNOTATIONS.manifests}: ${ANNOTATION_LOCATION} is not a URL`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new InputError(
      `Cannot resolve ${MESH_ANNOTATIONS.manifests}: ${base.protocol} locations are not supported`,
    );
  }
  // Hosts that carry the path in the query (Azure DevOps) cannot be confined by path.
  if (base.search || base.hash) {
    throw new InputError(
      `Cannot resolve ${MESH_ANNOTATIONS.manifests}: locations with a query or fragment (${base.origin}) are not supported`,
    );
  }
  const entityDir = new URL('./', base);
  const url = new URL(relativePath, entityDir);
  if (!url.href.startsWith(entityDir.href) || url.search || url.hash) {
    throw new InputError(
      `${MESH_ANNOTATIONS.manifests} refused: it resolves outside ${entityDir.href}`,
    );
  }
  return url.href;
}
