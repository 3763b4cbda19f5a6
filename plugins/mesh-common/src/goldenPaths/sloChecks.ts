import {
  ISTIO_DURATION_BUCKETS_MS,
  isIstioDurationBucket,
} from '../istioTelemetry';
import { burnRateAlertsCannotFire } from '../sloAlerting';
import type { GoldenPath } from './types';

/** Window a preset's SLO has when it sets none: the generator's and the backend's default. */
const DEFAULT_WINDOW_DAYS = 28;

/**
 * Why a preset's SLO defaults cannot work as written, one reason each: a
 * target whose burn-rate alerts could never fire, a latency threshold off
 * Istio's histogram buckets (unmeasurable). Empty when they can.
 * @public
 */
export function sloDefaultsProblems(preset: GoldenPath): string[] {
  const slo = preset.defaults.slo;
  if (!slo) return [];
  const problems: string[] = [];
  const windowDays = slo.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (typeof slo.availability === 'number') {
    const reason = burnRateAlertsCannotFire(slo.availability, windowDays);
    if (reason) problems.push(`slo.availability: ${reason}`);
  }
  if (typeof slo.latencyPercentile === 'number') {
    const reason = burnRateAlertsCannotFire(slo.latencyPercentile, windowDays);
    if (reason) problems.push(`slo.latencyPercentile: ${reason}`);
  }
  if (
    slo.latencyThresholdMs !== undefined &&
    !isIstioDurationBucket(slo.latencyThresholdMs)
  ) {
    problems.push(
      `slo.latencyThresholdMs: ${
        slo.latencyThresholdMs
      } ms is not a bucket edge of istio_request_duration_milliseconds (${ISTIO_DURATION_BUCKETS_MS.join(
        ', ',
      )} ms)`,
    );
  }
  return problems;
}
