import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshStore } from '../../database';
import type { Evaluated } from './types';

async function write(store: MeshStore, e: Evaluated) {
  await store.putState(e.state, e.facts);
  await store.addHistory(e.state.entityRef, e.history);
}

/** Writes a chunk in one transaction; if one entity breaks it, writes them one by one so the others still land. */
export async function storeEvaluated(
  store: MeshStore,
  evaluated: Evaluated[],
  logger: LoggerService,
): Promise<void> {
  try {
    await store.transaction(async tx => {
      for (const e of evaluated) await write(tx, e);
    });
  } catch {
    for (const e of evaluated) {
      try {
        await write(store, e);
      } catch (error) {
        logger.error(
          `Mesh refresh of ${e.state.entityRef} could not be stored: ${error}`,
        );
      }
    }
  }
}
