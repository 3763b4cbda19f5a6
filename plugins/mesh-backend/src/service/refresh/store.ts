import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EntityMeshState,
  MaturityLevel,
} from '@meshpath/plugin-mesh-common';
import type { EntityFacts, MeshStore } from '../../database';
import { assembleState, StateUpdate } from './assemble';
import { historyPoints, scoreState } from './score';

/** One entity's update from one task, with the catalog facts the fleet filters on. */
export interface EntityUpdate {
  entityRef: string;
  facts: EntityFacts;
  update: StateUpdate;
}

export interface StoreOptions {
  now: Date;
  logger: LoggerService;
  rulesDocumentationUrl?: string;
  /** `mesh.maturityLevels`, lowest first; none when absent. */
  maturityLevels?: MaturityLevel[];
  /** Record the SLO and compliance figures as history (once per cycle: the measurements task). */
  recordHistory?: boolean;
}

const hasCluster = (state: EntityMeshState | undefined, cluster: string) =>
  (state?.clusters ?? []).some(c => c.cluster === cluster);

/** The stored state, or undefined when an update that only touches `cluster` has nothing to change. */
async function previousFor(
  store: MeshStore,
  u: EntityUpdate,
): Promise<{ previous?: EntityMeshState; skip: boolean }> {
  if (u.update.kind !== 'cluster-gone' && u.update.kind !== 'cluster-unread')
    return { previous: await store.getState(u.entityRef), skip: false };
  // Most services are not in a given cluster: look for its name before parsing the state.
  const json = await store.getStateJson(u.entityRef);
  if (!json?.includes(`"cluster":${JSON.stringify(u.update.cluster)}`))
    return { skip: true };
  const previous = JSON.parse(json) as EntityMeshState;
  // A cluster the entity was never in leaves its state alone.
  return { previous, skip: !hasCluster(previous, u.update.cluster) };
}

async function write(store: MeshStore, u: EntityUpdate, options: StoreOptions) {
  const { previous, skip } = await previousFor(store, u);
  if (skip) return;
  const assembled = assembleState({
    entityRef: u.entityRef,
    now: options.now,
    previous,
    update: u.update,
    waivers: await store.listWaivers(u.entityRef, options.now),
    rulesDocumentationUrl: options.rulesDocumentationUrl,
  });
  if (assembled === previous) return;
  const state = scoreState(assembled, options.maturityLevels ?? []);
  await store.putState(state, u.facts);
  if (options.recordHistory)
    await store.addHistory(u.entityRef, historyPoints(state));
}

/**
 * Merges a chunk of updates into the stored states in one transaction (read,
 * merge, write), so the parts other tasks wrote are kept; if one entity
 * breaks the transaction, writes them one by one so the others still land.
 */
export async function storeUpdates(
  store: MeshStore,
  updates: EntityUpdate[],
  options: StoreOptions,
): Promise<void> {
  try {
    await store.transaction(async tx => {
      for (const u of updates) await write(tx, u, options);
    });
  } catch (chunkError) {
    options.logger.warn(
      `Mesh refresh: storing ${updates.length} entities in one transaction failed, storing them one by one: ${chunkError}`,
    );
    for (const u of updates) {
      try {
        await write(store, u, options);
      } catch (error) {
        options.logger.error(
          `Mesh refresh of ${u.entityRef} could not be stored: ${error}`,
        );
      }
    }
  }
}
