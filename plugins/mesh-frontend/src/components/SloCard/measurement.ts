/** A ratio (0..1) as a percentage with enough digits for SLO targets like 99.95%. */
export const asPercent = (ratio: number) => `${(ratio * 100).toFixed(3)}%`;

/** A burn rate, for example `14.40×`. */
export const asBurnRate = (rate: number) => `${rate.toFixed(2)}×`;

/** A duration in hours in the two largest units that matter, for example `{ days: 3, hours: 4 }`. */
export function durationParts(
  hours: number,
):
  | { unit: 'minutes'; minutes: number }
  | { unit: 'hours'; hours: number; minutes: number }
  | { unit: 'days'; days: number; hours: number }
  | { unit: 'overAYear' } {
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return { unit: 'minutes', minutes };
  if (minutes < 48 * 60)
    return {
      unit: 'hours',
      hours: Math.floor(minutes / 60),
      minutes: minutes % 60,
    };
  const wholeHours = Math.round(hours);
  if (wholeHours < 365 * 24)
    return {
      unit: 'days',
      days: Math.floor(wholeHours / 24),
      hours: wholeHours % 24,
    };
  return { unit: 'overAYear' };
}
