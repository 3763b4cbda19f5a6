import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../api';

/** The entity's waivers, every status; `retry` reloads them after a change. */
export function useWaivers(entityRef: string) {
  const meshApi = useApi(meshApiRef);
  return useAsyncRetry(
    () => meshApi.listWaivers(entityRef),
    [meshApi, entityRef],
  );
}
