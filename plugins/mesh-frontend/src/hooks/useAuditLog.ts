import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../api';

/** One page of the entity's audit log, newest first. */
export function useAuditLog(
  entityRef: string,
  page: { offset: number; limit: number },
  enabled: boolean,
) {
  const meshApi = useApi(meshApiRef);
  const { offset, limit } = page;
  return useAsyncRetry(
    async () =>
      enabled ? meshApi.getAudit(entityRef, { offset, limit }) : undefined,
    [meshApi, entityRef, offset, limit, enabled],
  );
}
