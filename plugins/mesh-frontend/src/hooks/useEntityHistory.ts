import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../api';

/** An entity's history since a time (every page; one metric, or all when absent), with a retry. */
export function useEntityHistory(
  entityRef: string,
  metric: string | undefined,
  since?: string,
) {
  const meshApi = useApi(meshApiRef);
  return useAsyncRetry(
    () => meshApi.getHistory(entityRef, { metric, since }),
    [meshApi, entityRef, metric, since],
  );
}
