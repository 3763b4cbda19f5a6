import { ResponseError } from '@backstage/errors';
import { DependencyList, useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** Waits before the automatic retries; the backend or a proxy may be restarting. */
const RETRY_DELAYS_MS = [250, 1000];

/** A failure worth retrying by itself: the network, or the server (5xx, 429); never a refusal (4xx). */
export function isTransient(error: Error): boolean {
  if (error instanceof ResponseError) {
    const status = error.response.status;
    return status >= 500 || status === 429;
  }
  return true;
}

/** A value loaded once per change of `deps`, with `retry` for the user. */
export interface RetriedAsync<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry: () => void;
}

/**
 * Loads `load()`, retrying transient failures twice before it shows the
 * error, and offers `retry` afterwards. The previous value stays while the
 * next loads, so a table does not blink on every filter change.
 */
export function useRetriedAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): RetriedAsync<T> {
  const attempts = useRef(0);
  const last = useRef<T | undefined>(undefined);
  const { value, loading, error, retry } = useAsyncRetry(load, deps);
  if (value !== undefined) last.current = value;

  useEffect(() => {
    attempts.current = 0;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
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

  return {
    loading: loading || retrying,
    error: retrying ? undefined : error,
    value: error ? undefined : value ?? (loading ? last.current : undefined),
    retry: () => {
      attempts.current = 0;
      retry();
    },
  };
}
