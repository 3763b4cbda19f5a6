import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../api';

/** One metric's history of an entity since a time (every page), with a retry for the error panel. */
export function useEntityHistory(
  entityRef: string,
  metric: string,
  since?: string,
) {
  const meshApi = useApi(meshApiRef);
  return useAsyncRetry(
    () => meshApi.getHistory(entityRef, { metric, since }),
    [meshApi, entityRef, metric, since],
  );
}
