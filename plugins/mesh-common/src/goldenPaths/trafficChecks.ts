import type { DeepPartial, MeshServiceSpec } from './types';

const durationMs = (value: unknown): number => {
  const match =
    typeof value === 'string' && /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!match) return NaN;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h'
  ];
  return Number(match[1]) * unit;
};

// Envoy's retry back-off: before retry n it waits up to (2^n - 1) x 25 ms, never more than 250 ms.
const BACKOFF_BASE_MS = 25;
const BACKOFF_MAX_MS = 250;
// Retries 1 to 3 wait 25, 75 and 175 ms; from the fourth on the cap holds.
const BACKOFF_UNCAPPED_RETRIES = 3;

/**
 * The longest a request can take through its retries: the first try and
 * `attempts` retries, each up to `perTryTimeout`, plus Envoy's back-off
 * between them. Istio's `attempts` counts retries, not tries.
 * @public
 */
export function worstCaseRetryMs(attempts: number, perTryTimeout: string) {
  // In closed form: `attempts` comes from template users, and a loop over 1e15 of them hangs the scaffolder.
  const uncapped = Math.max(0, Math.min(attempts, BACKOFF_UNCAPPED_RETRIES));
  let backoff = 0;
  for (let n = 1; n <= uncapped; n++) backoff += (2 ** n - 1) * BACKOFF_BASE_MS;
  backoff += Math.max(0, attempts - BACKOFF_UNCAPPED_RETRIES) * BACKOFF_MAX_MS;
  return (attempts + 1) * durationMs(perTryTimeout) + backoff;
}

/**
 * Why a retry budget does not fit inside its route timeout, or undefined when
 * it does (or when a value is missing: nothing to compare yet).
 * @public
 */
export function retryBudgetProblem(
  trafficPolicy: DeepPartial<MeshServiceSpec['trafficPolicy']> | undefined,
): string | undefined {
  const { timeout, retries } = trafficPolicy ?? {};
  const attempts = retries?.attempts;
  const perTryTimeout = retries?.perTryTimeout;
  if (typeof attempts !== 'number' || attempts <= 0 || !perTryTimeout)
    return undefined;
  const total = worstCaseRetryMs(attempts, perTryTimeout);
  const limit = durationMs(timeout);
  if (Number.isNaN(total) || Number.isNaN(limit) || total <= limit)
    return undefined;
  return `trafficPolicy.retries: ${
    attempts + 1
  } tries of ${perTryTimeout} plus Envoy's back-off take up to ${total} ms, more than the ${timeout} route timeout: the last retries would be cut off (lower attempts or perTryTimeout, or raise the timeout)`;
}

/**
 * Why a delivery strategy cannot work on this platform: blue/green and A/B
 * canaries receive no traffic during analysis without Flagger's load tester.
 * @public
 */
export function loadTesterProblem(
  strategy: string | undefined,
  loadTester: { enabled?: boolean } | undefined,
): string | undefined {
  if (strategy !== 'blue-green' && strategy !== 'ab-testing') return undefined;
  if (loadTester?.enabled !== false) return undefined;
  return `delivery.strategy: ${strategy} needs Flagger's load tester (mesh.platform.loadTester), which is disabled: the canary would get no traffic during analysis and always roll back`;
}
