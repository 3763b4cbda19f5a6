import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FleetFilter, MeshStore } from '../database';

/**
 * The fleet entities the caller may read in the catalog: undefined when every
 * entity is readable, else the readable refs, to filter the query before it
 * counts and pages.
 *
 * A conditional decision carries catalog rules (ownership, labels, …) that only
 * the catalog can apply, so the refs the filter keeps are asked from the catalog
 * with the caller's credentials; the ones it does not return are not readable.
 */
export async function readableFleet(
  options: {
    permissions: PermissionsService;
    catalog: CatalogService;
    store: MeshStore;
  },
  filter: FleetFilter,
  credentials: BackstageCredentials,
): Promise<string[] | undefined> {
  const { permissions, catalog, store } = options;
  const [decision] = await permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return undefined;
  if (decision.result === AuthorizeResult.DENY) return [];

  const candidates = await store.listFleetRefs(filter);
  if (candidates.length === 0) return [];
  // Items come back in the order of the refs, undefined where not readable.
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: candidates, fields: ['kind'] },
    { credentials },
  );
  return candidates.filter((_, i) => items[i]);
}
