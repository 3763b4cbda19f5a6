import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { meshApiRef } from '../api';

/** Seconds a 429 asks to wait (Retry-After), or undefined for other errors. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 429) {
    return undefined;
  }
  const header = error.response.headers.get('Retry-After');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : 0;
}

/** An on-demand refresh of the entity; `onRefreshed` receives the new state. */
export function useEntityRefresh(
  entityRef: string,
  onRefreshed?: (state: EntityMeshState) => void,
) {
  const meshApi = useApi(meshApiRef);
  return useAsyncFn(async () => {
    const state = await meshApi.refreshEntity(entityRef);
    onRefreshed?.(state);
    return state;
  }, [meshApi, entityRef, onRefreshed]);
}
