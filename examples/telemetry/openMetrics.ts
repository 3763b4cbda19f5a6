import { closeSync, openSync, writeSync } from 'node:fs';
import { ISTIO_DURATION_BUCKETS_MS } from '@meshpath/plugin-mesh-common';
import { RequestSeries, requestSeries } from './istioSeries';
import { alignedAnchor, sampleTimes } from './timeline';

/** What to generate. */
export interface TelemetryOptions {
  /** "Now" of the data, Unix seconds; behaviours are placed relative to it. */
  anchorSeconds: number;
  /** Hours written past the anchor (see timeline.ts). */
  horizonHours?: number;
  /** Seed of the traffic's jitter: the same seed and anchor write the same file. */
  seed?: number;
}

const DAY = 86_400;

/** A small seeded generator (mulberry32): the jitter is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Busier in the European afternoon, quieter at night; a ratio is the same at any hour. */
function dailyCycle(t: number): number {
  return 1 + 0.35 * Math.sin(2 * Math.PI * (t / DAY - 0.375));
}

/**
 * Running request count of `series` at each time: the edge's rate (daily
 * cycle, ±5 % seeded jitter per step) times the outcome's share, integrated
 * step by step, so the counter never decreases.
 */
function cumulativeRequests(
  series: RequestSeries,
  times: number[],
  anchor: number,
  seed: number,
): Float64Array {
  const edgeIndex = series.edge.destination.name + series.edge.source.name;
  let hash = seed;
  for (const c of `${series.cluster.name}/${edgeIndex}`) {
    hash = Math.imul(hash ^ c.charCodeAt(0), 16_777_619);
  }
  // Both outcomes of an edge draw the same jitter, so their shares stay exact.
  const jitter = seededRandom(hash);
  const base = series.edge.requestsPerSecond * series.cluster.trafficScale;
  const values = new Float64Array(times.length);
  for (let i = 1; i < times.length; i++) {
    const middle = (times[i - 1] + times[i]) / 2;
    const rate =
      base *
      dailyCycle(middle) *
      (0.95 + 0.1 * jitter()) *
      series.share(middle - anchor);
    values[i] = values[i - 1] + rate * (times[i] - times[i - 1]);
  }
  return values;
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(',');
}

/** Buffered writes to a file descriptor: the file is far larger than one string should be. */
class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  lines = 0;
  constructor(private readonly fd: number) {}
  line(text: string) {
    this.buffer.push(text);
    this.size += text.length;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.size = 0;
  }
}

/**
 * Writes Istio's `istio_requests_total` and
 * `istio_request_duration_milliseconds` for the example estate as OpenMetrics
 * text that `promtool tsdb create-blocks-from openmetrics` backfills: one
 * family after the other, each series' samples in time order, timestamps in
 * seconds, `# EOF` last.
 */
export function writeTelemetry(
  path: string,
  options: TelemetryOptions,
): {
  series: number;
  samples: number;
  firstSeconds: number;
  lastSeconds: number;
} {
  const anchor = alignedAnchor(options.anchorSeconds);
  const times = sampleTimes(anchor, options.horizonHours);
  const seed = options.seed ?? 11;
  const all = requestSeries().map(series => ({
    series,
    labels: labelText(series.labels),
    counts: cumulativeRequests(series, times, anchor, seed),
  }));
  const fd = openSync(path, 'w');
  const out = new LineWriter(fd);
  try {
    out.line('# TYPE istio_requests counter');
    for (const { labels, counts } of all) {
      times.forEach((t, i) => {
        out.line(
          `istio_requests_total{${labels}} ${Math.floor(counts[i])} ${t}`,
        );
      });
    }
    out.line('# TYPE istio_request_duration_milliseconds histogram');
    for (const { series, labels, counts } of all) {
      const edges = ISTIO_DURATION_BUCKETS_MS.map(String);
      times.forEach((t, i) => {
        // Whole requests first: a bucket then never grows faster than the count.
        const count = Math.floor(counts[i]);
        series.latencyBuckets.forEach((share, b) => {
          out.line(
            `istio_request_duration_milliseconds_bucket{${labels},le="${
              edges[b]
            }"} ${Math.floor(count * share)} ${t}`,
          );
        });
        out.line(
          `istio_request_duration_milliseconds_bucket{${labels},le="+Inf"} ${count} ${t}`,
        );
        out.line(
          `istio_request_duration_milliseconds_count{${labels}} ${count} ${t}`,
        );
        out.line(
          `istio_request_duration_milliseconds_sum{${labels}} ${Math.round(
            count * series.meanMs,
          )} ${t}`,
        );
      });
    }
    out.line('# EOF');
    out.flush();
  } finally {
    closeSync(fd);
  }
  return {
    series: all.length * (ISTIO_DURATION_BUCKETS_MS.length + 4),
    samples: out.lines - 3,
    firstSeconds: times[0],
    lastSeconds: times[times.length - 1],
  };
}
