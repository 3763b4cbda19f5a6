import type { Entity } from '@backstage/catalog-model';
import type { SloDefinition } from '@meshpath/plugin-mesh-common';
import type { DeclaredManifests } from '../../sources/DeclaredManifestSource';
import type { LiveObjects } from '../../sources/types';

/** What one entity's sources returned during a cycle. */
export interface Collected {
  entity: Entity;
  entityRef: string;
  live: LiveObjects;
  declared?: DeclaredManifests;
  /** SLOs the live PrometheusRules of its clusters declare. */
  liveSlos?: SloDefinition[];
}
