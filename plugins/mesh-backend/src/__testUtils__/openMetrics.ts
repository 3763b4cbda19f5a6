/** A counter series whose rate (per second) is a function of time. */
export interface GeneratedSeries {
  /** Full sample name, for example `istio_requests_total` or `..._bucket`. */
  sample: string;
  labels: Record<string, string>;
  /** Increase per second at time `t` (Unix seconds). */
  ratePerSecond(t: number): number;
}

/** A gauge series, for example a recording rule's output, as a function of time. */
export interface GeneratedGauge {
  sample: string;
  labels: Record<string, string>;
  /** Value at time `t` (Unix seconds). */
  valueAt(t: number): number;
  /** First time (Unix seconds) the series is written; recorded series an instant query reads need only the recent past. */
  since?: number;
}

/** A metric family as OpenMetrics groups it. */
export type GeneratedFamily =
  | { name: string; type: 'counter' | 'histogram'; series: GeneratedSeries[] }
  | { name: string; type: 'gauge'; series: GeneratedGauge[] };

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}

/**
 * Writes counters sampled at `timestamps` (ascending Unix seconds), each
 * value the running integral of the series' rate.
 */
export function generateOpenMetrics(
  families: GeneratedFamily[],
  timestamps: number[],
): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type === 'gauge') {
      for (const t of timestamps) {
        for (const series of family.series) {
          if (series.since !== undefined && t < series.since) continue;
          lines.push(
            `${series.sample}{${labelText(series.labels)}} ${series.valueAt(
              t,
            )} ${t}`,
          );
        }
      }
      continue;
    }
    const values = family.series.map(() => 0);
    timestamps.forEach((t, i) => {
      family.series.forEach((series, s) => {
        if (i > 0) {
          const previous = timestamps[i - 1];
          values[s] +=
            series.ratePerSecond((previous + t) / 2) * (t - previous);
        }
        lines.push(
          `${series.sample}{${labelText(series.labels)}} ${values[s]} ${t}`,
        );
      });
    });
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
