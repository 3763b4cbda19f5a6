/**
 * When samples are written, relative to the anchor. Only instant queries read
 * this data, each a rate over a window ending "now": the 5-minute window needs
 * samples at most 2 minutes apart, the 1-day and 3-day windows a few per hour,
 * the 30-day window only its ends. Coarse history keeps the backfill small
 * (about 800 samples per series instead of 45,000 at one a minute); counters
 * are integrated over each step, so they stay monotonic across the tiers.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Each tier starts at `from` seconds relative to the anchor and runs to the next tier. */
const TIERS = [
  // A day more than the 30-day SLO window, so it is full for a day after the anchor.
  { from: -31 * DAY, step: 3 * HOUR },
  { from: -3 * DAY, step: 30 * MINUTE },
  { from: -2 * HOUR, step: 2 * MINUTE },
] as const;

/**
 * Hours of data written past the anchor: Prometheus serves a sample once its
 * time has come, so windows ending at any moment up to anchor + horizon read
 * like windows ending at the anchor while the portal runs.
 */
export const DEFAULT_HORIZON_HOURS = 12;

/** Ascending Unix seconds of every sample, the anchor rounded down to a minute. */
export function sampleTimes(
  anchorSeconds: number,
  horizonHours: number = DEFAULT_HORIZON_HOURS,
): number[] {
  const anchor = alignedAnchor(anchorSeconds);
  const end = anchor + horizonHours * HOUR;
  const times: number[] = [];
  TIERS.forEach((tier, i) => {
    const until =
      i + 1 < TIERS.length ? anchor + TIERS[i + 1].from : end + tier.step;
    for (let t = anchor + tier.from; t < until && t <= end; t += tier.step) {
      times.push(t);
    }
  });
  return times;
}

/** The anchor `sampleTimes` uses for `anchorSeconds`. */
export function alignedAnchor(anchorSeconds: number): number {
  return Math.floor(anchorSeconds / MINUTE) * MINUTE;
}
