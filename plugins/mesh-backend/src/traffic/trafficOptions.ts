import type { Config } from '@backstage/config';

/** How observed traffic is measured. */
export interface TrafficOptions {
  /** Hours of telemetry each refresh reads. */
  windowHours: number;
}

/** Longest window: Prometheus keeps 15 days by default, and a month of increase() over every caller gets slow. */
const MAX_WINDOW_HOURS = 30 * 24;

/** `mesh.traffic` of the app config, checked; a bad value stops the backend with the key named. */
export function readTrafficOptions(config: Config): TrafficOptions {
  const windowHours =
    config.getOptionalNumber('mesh.traffic.windowHours') ?? 24;
  if (
    !Number.isInteger(windowHours) ||
    windowHours < 1 ||
    windowHours > MAX_WINDOW_HOURS
  ) {
    throw new Error(
      `mesh.traffic.windowHours must be a whole number of hours from 1 to ${MAX_WINDOW_HOURS}, got ${windowHours}`,
    );
  }
  return { windowHours };
}
