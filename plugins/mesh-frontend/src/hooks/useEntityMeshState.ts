import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshApiRef } from '../api';

/** Waits before the automatic retries; the backend or a proxy may be restarting. */
const RETRY_DELAYS_MS = [250, 1000];

/** A failure worth retrying by itself: the network, or the server (5xx, 429); never a refusal (4xx). */
function isTransient(error: Error): boolean {
  if (error instanceof ResponseError) {
    const status = error.response.status;
    return status >= 500 || status === 429;
  }
  return true;
}

/** The state of an entity's mesh, with `retry` for the user. */
export interface EntityMeshStateResult {
  loading: boolean;
  error?: Error;
  /** Undefined before the entity's first refresh. */
  state?: EntityMeshState;
  retry: () => void;
}

/**
 * Reads the entity's mesh state, retrying transient failures twice before
 * it shows the error, and offers `retry` afterwards.
 */
export function useEntityMeshState(entityRef: string): EntityMeshStateResult {
  const meshApi = useApi(meshApiRef);
  const attempts = useRef(0);
  const { value, loading, error, retry } = useAsyncRetry(
    () => meshApi.getEntityState(entityRef),
    [meshApi, entityRef],
  );

  const retrying =
    !!error && isTransient(error) && attempts.current < RETRY_DELAYS_MS.length;
  useEffect(() => {
    if (!retrying) return undefined;
    const timer = setTimeout(() => {
      attempts.current += 1;
      retry();
    }, RETRY_DELAYS_MS[attempts.current]);
    return () => clearTimeout(timer);
  }, [retrying, retry]);
  useEffect(() => {
    attempts.current = 0;
  }, [entityRef]);
  useEffect(() => {
    if (value !== undefined || (!loading && !error)) attempts.current = 0;
  }, [value, loading, error]);

  return {
    loading: loading || retrying,
    error: retrying ? undefined : error,
    state: value,
    retry: () => {
      attempts.current = 0;
      retry();
    },
  };
}
