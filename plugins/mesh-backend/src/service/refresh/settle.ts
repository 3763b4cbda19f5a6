import type { SourceError } from '@meshpath/plugin-mesh-common';

/** A source call's value, or why there is none. */
export type Settled<T> =
  | { ok: true; value: T }
  | { ok: false; error: SourceError };

/** The message of anything thrown, without its stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one source call. A throw, a rejection, no answer within `timeoutMs` or
 * the cycle's abort becomes that source's error, never the cycle's.
 */
export async function settle<T>(
  source: string,
  call: () => Promise<T>,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<Settled<T>> {
  const { timeoutMs, signal } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    onAbort = () => reject(new Error('the refresh was aborted'));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    // `then` turns a synchronous throw into a rejection.
    const value = await Promise.race([Promise.resolve().then(call), cutOff]);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: { source, message: messageOf(error) } };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
