import { Measurement } from '@meshpath/plugin-mesh-common';

/** How a measurement reads on screen: a value, or why there is none. */
export function formatMeasurement(
  measurement: Measurement,
  format: (value: number) => string,
): string {
  if (measurement.state === 'known') {
    return format(measurement.value);
  }
  const since = measurement.lastGoodAt
    ? `; last good value ${new Date(measurement.lastGoodAt).toLocaleString()}`
    : '';
  return `unknown (${measurement.reason}${since})`;
}

/** A ratio (0..1) as a percentage with enough digits for SLO targets like 99.95%. */
export const asPercent = (ratio: number) => `${(ratio * 100).toFixed(3)}%`;

/** A burn rate, for example `14.40×`. */
export const asBurnRate = (rate: number) => `${rate.toFixed(2)}×`;
