import type { IndexedObject, MeshIndex } from '../analysis/meshIndex';
import { readPromql, type PromqlReading } from './promql';

/** One PromQL expression of the world, read once, with where it was written. */
export interface TelemetryQuery {
  /** The PrometheusRule or MetricTemplate that holds it. */
  holder: IndexedObject;
  /** Where in the holder, for messages: `alert X`, `record Y`, `query`. */
  where: string;
  reading: PromqlReading;
  /** The alerting rule, for a PrometheusRule alert. */
  alert?: { name: string; labels: Record<string, unknown> };
  /** A Flagger MetricTemplate's query, whose `{{ ... }}` Flagger fills per Canary. */
  template: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rules of hostile size are read up to this many per PrometheusRule. */
const MAX_RULES_PER_OBJECT = 5_000;

const UNREAD: PromqlReading = { selectors: [], comparisons: [] };

/** Reads an expression only the request-series rules judge: none without Istio's request metrics. */
function readRequestQuery(expr: unknown): PromqlReading {
  return typeof expr === 'string' && expr.includes('istio_request')
    ? readPromql(expr, { comparisons: false })
    : UNREAD;
}

/** Every PrometheusRule expression and Flagger MetricTemplate query of the world. */
export function telemetryQueries(index: MeshIndex): TelemetryQuery[] {
  const queries: TelemetryQuery[] = [];
  for (const holder of index.ofKind('monitoring.coreos.com/PrometheusRule')) {
    const groups = holder.object.spec?.groups;
    if (!Array.isArray(groups)) continue;
    let read = 0;
    for (const group of groups) {
      const rules = isRecord(group) ? group.rules : undefined;
      if (!Array.isArray(rules)) continue;
      for (const rule of rules) {
        if (!isRecord(rule) || ++read > MAX_RULES_PER_OBJECT) continue;
        const alert = typeof rule.alert === 'string' ? rule.alert : undefined;
        const record = typeof rule.record === 'string' ? rule.record : '';
        queries.push({
          holder,
          where: alert ? `alert ${alert}` : `record ${record}`,
          reading: alert ? readPromql(rule.expr) : readRequestQuery(rule.expr),
          alert: alert
            ? {
                name: alert,
                labels: isRecord(rule.labels) ? rule.labels : {},
              }
            : undefined,
          template: false,
        });
      }
    }
  }
  for (const holder of index.ofKind('flagger.app/MetricTemplate')) {
    const query = holder.object.spec?.query;
    if (typeof query !== 'string') continue;
    queries.push({
      holder,
      where: 'query',
      reading: readRequestQuery(query),
      template: true,
    });
  }
  return queries;
}
