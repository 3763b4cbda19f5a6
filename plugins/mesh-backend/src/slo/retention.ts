import type { SloWindowCoverage } from '@meshpath/plugin-mesh-common';

const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

/** Seconds of a Prometheus duration such as `15d`, `1d12h` or `100y`; undefined when it is not one. */
export function prometheusDurationSeconds(text: string): number | undefined {
  const parts = text.trim().match(/\d+(?:ms|[ywdhms])/g);
  if (!parts || parts.join('') !== text.trim()) return undefined;
  return parts.reduce((total, part) => {
    const [, amount, unit] = /^(\d+)(ms|[ywdhms])$/.exec(part)!;
    return total + Number(amount) * UNIT_SECONDS[unit];
  }, 0);
}

/** The time part of a retention such as `30d or 50GiB`, in days; undefined when only size limits it. */
function retentionDays(retention: string): number | undefined {
  for (const part of retention.split(/\s+or\s+/)) {
    const seconds = prometheusDurationSeconds(part);
    if (seconds !== undefined && seconds > 0) return seconds / 86400;
  }
  return undefined;
}

/**
 * Whether Prometheus' `retention` keeps a window of `windowDays`: a shorter
 * time retention means the budget covers only the retained days (an outage
 * older than that is forgotten). A size limit beside it may cut it further,
 * which only the data can show; the retention string says so.
 */
export function windowCoverage(
  retention: string,
  windowDays: number,
): SloWindowCoverage {
  const days = retentionDays(retention);
  if (days === undefined) {
    return {
      state: 'unknown',
      reason: `Prometheus limits its storage by size only (${retention}): how many of the ${windowDays} days it keeps cannot be read from its settings`,
    };
  }
  if (days < windowDays) {
    const covered = Number(days.toFixed(2));
    return {
      state: 'partial',
      retention,
      coveredDays: covered,
      reason: `Prometheus keeps ${retention}: the error budget covers only the last ${covered} day${
        covered === 1 ? '' : 's'
      } of its ${windowDays}-day window and forgets older failures; raise --storage.tsdb.retention.time to at least ${windowDays}d`,
    };
  }
  return { state: 'complete', retention };
}
