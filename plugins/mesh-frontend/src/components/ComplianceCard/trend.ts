import { HistoryPoint } from '@meshpath/plugin-mesh-common';

/** How a framework's score moved over the history read: from its first known value to its last. */
export interface ScoreTrend {
  /** Change in percentage points, rounded. */
  points: number;
  /** When the first known value was recorded. */
  since: string;
}

/** Per framework, the trend of its `compliance:<framework>` history; absent without two known values. */
export function scoreTrends(points: HistoryPoint[]): Map<string, ScoreTrend> {
  const byFramework = new Map<string, HistoryPoint[]>();
  for (const point of points) {
    if (!point.metric.startsWith('compliance:') || point.value === null)
      continue;
    const framework = point.metric.slice('compliance:'.length);
    byFramework.set(framework, [...(byFramework.get(framework) ?? []), point]);
  }
  const trends = new Map<string, ScoreTrend>();
  for (const [framework, known] of byFramework) {
    if (known.length < 2) continue;
    const sorted = [...known].sort((a, b) =>
      a.recordedAt.localeCompare(b.recordedAt),
    );
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    trends.set(framework, {
      points: Math.round((last.value! - first.value!) * 100),
      since: first.recordedAt,
    });
  }
  return trends;
}
