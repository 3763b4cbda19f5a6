import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../api';
import { useWaiverChanges } from './useWaiverChanges';

/**
 * The entity's waivers, every status; `retry` reloads them after a change,
 * and a waiver requested elsewhere on the page reloads them too.
 */
export function useWaivers(entityRef: string) {
  const meshApi = useApi(meshApiRef);
  const { version } = useWaiverChanges();
  return useAsyncRetry(
    () => meshApi.listWaivers(entityRef),
    [meshApi, entityRef, version],
  );
}
