import type { Entity } from '@backstage/catalog-model';
import type { DeclaredManifests } from '../../sources/DeclaredManifestSource';
import type { LiveObjects } from '../../sources/types';

/** What one entity's sources returned during a cycle. */
export interface Collected {
  entity: Entity;
  entityRef: string;
  live: LiveObjects;
  declared?: DeclaredManifests;
}
