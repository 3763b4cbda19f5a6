import type { Entity } from '@backstage/catalog-model';
import type {
  EntityMeshState,
  HistoryPoint,
} from '@meshpath/plugin-mesh-common';
import type { EntityFacts } from '../../database';
import type { DeclaredManifests } from '../../sources/DeclaredManifestSource';
import type { LiveObjects } from '../../sources/types';

/** What one entity's sources returned during a cycle. */
export interface Collected {
  entity: Entity;
  entityRef: string;
  live: LiveObjects;
  declared?: DeclaredManifests;
}

/** One entity's outcome of a cycle, ready to be written. */
export interface Evaluated {
  state: EntityMeshState;
  facts: EntityFacts;
  history: HistoryPoint[];
}
