import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { MESH_ANNOTATIONS, SourceLocation } from '@meshpath/plugin-mesh-common';

/** `/`-separated segments that stay inside their folder, or undefined. */
function safeSegments(path: string): string[] | undefined {
  if (path.startsWith('/') || path.includes('\\')) return undefined;
  const segments = path.split('/').filter(s => s !== '' && s !== '.');
  return segments.every(s => s !== '..') ? segments : undefined;
}

/**
 * Where a declared file can be read in Git: the folder of the catalog file
 * (`backstage.io/managed-by-location`, which the catalog sets, not the
 * author-controlled source location), then the manifests folder, then the
 * file, at its line. Undefined when that cannot be built safely.
 */
export function sourceUrl(
  entity: Entity | undefined,
  source: SourceLocation,
): string | undefined {
  const annotations = entity?.metadata.annotations ?? {};
  const managedBy = annotations[ANNOTATION_LOCATION];
  const folder = annotations[MESH_ANNOTATIONS.manifests];
  if (!managedBy || folder === undefined) return undefined;
  try {
    const location = parseLocationRef(managedBy);
    if (location.type !== 'url') return undefined;
    const segments = [safeSegments(folder), safeSegments(source.file)];
    if (segments.some(s => s === undefined)) return undefined;
    const base = new URL('.', location.target);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      return undefined;
    }
    const path = segments
      .flat()
      .map(s => encodeURIComponent(s!))
      .join('/');
    const url = new URL(path, base);
    url.hash = `L${Math.max(1, Math.floor(source.line))}`;
    return url.toString();
  } catch {
    return undefined;
  }
}
