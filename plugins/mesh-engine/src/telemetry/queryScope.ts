import type { IndexedObject, MeshIndex } from '../analysis/meshIndex';
import type { LabelMatcher, SeriesSelector } from './promql';
import { literalValues } from './promql';
import type { TelemetryQuery } from './telemetryQueries';

/**
 * The namespace a query is read in and how its Flagger variables are filled:
 * a PrometheusRule is read in its own namespace; a MetricTemplate once per
 * Canary that references it, as Flagger renders it.
 */
export interface QueryScope {
  namespace: string;
  /** Flagger's template variables (`target`, `namespace`, …); empty for a PrometheusRule. */
  variables: Record<string, string>;
  /** The Canary a MetricTemplate is rendered for. */
  canary?: IndexedObject;
}

/** Canaries that reference each MetricTemplate (`namespace/name`), as Flagger resolves `templateRef`. */
export function canariesByTemplate(
  index: MeshIndex,
): Map<string, IndexedObject[]> {
  const byTemplate = new Map<string, IndexedObject[]>();
  for (const canary of index.ofKind('flagger.app/Canary')) {
    const metrics = canary.object.spec?.analysis?.metrics;
    if (!Array.isArray(metrics)) continue;
    for (const metric of metrics) {
      const ref = metric?.templateRef;
      if (typeof ref?.name !== 'string') continue;
      const key = `${ref.namespace || canary.namespace}/${ref.name}`;
      const list = byTemplate.get(key) ?? [];
      if (!list.includes(canary)) list.push(canary);
      byTemplate.set(key, list);
    }
  }
  return byTemplate;
}

/** The scopes a query is read in: one for a PrometheusRule, one per referencing Canary for a MetricTemplate. */
export function scopesOf(
  query: TelemetryQuery,
  byTemplate: Map<string, IndexedObject[]>,
): QueryScope[] {
  if (!query.template)
    return [{ namespace: query.holder.namespace, variables: {} }];
  const key = `${query.holder.namespace}/${query.holder.ref.name}`;
  return (byTemplate.get(key) ?? []).map(canary => {
    const spec = canary.object.spec ?? {};
    const target = String(spec.targetRef?.name ?? canary.ref.name);
    return {
      namespace: canary.namespace,
      canary,
      variables: {
        name: canary.ref.name,
        namespace: canary.namespace,
        target,
        service: String(spec.service?.name ?? target),
      },
    };
  });
}

/** Fills Flagger's `{{ variable }}` placeholders; unknown ones stay as written. */
function render(value: string, variables: Record<string, string>): string {
  let result = '';
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('{{', i);
    const close = open < 0 ? -1 : value.indexOf('}}', open + 2);
    if (open < 0 || close < 0) break;
    const name = value.slice(open + 2, close).trim();
    result +=
      value.slice(i, open) +
      (Object.prototype.hasOwnProperty.call(variables, name)
        ? variables[name]
        : value.slice(open, close + 2));
    i = close + 2;
  }
  return result + value.slice(i);
}

/** The literal values a selector's matcher on `label` admits once rendered, or undefined. */
export function matcherValues(
  selector: SeriesSelector,
  labels: readonly string[],
  scope: QueryScope,
): { matcher: LabelMatcher; values: string[] | undefined } | undefined {
  const matcher = selector.matchers.find(
    m =>
      labels.includes(m.label) && (m.operator === '=' || m.operator === '=~'),
  );
  if (!matcher) return undefined;
  const rendered = {
    ...matcher,
    value: render(matcher.value, scope.variables),
  };
  const values = rendered.value.includes('{{')
    ? undefined
    : literalValues(rendered);
  return { matcher: rendered, values };
}

/** Istio's request metrics, which only L7 reporters (sidecars, waypoints) write. */
export function isRequestMetric(metric: string): boolean {
  return (
    metric === 'istio_requests_total' ||
    metric.startsWith('istio_request_duration_milliseconds') ||
    metric.startsWith('istio_request_duration_seconds')
  );
}
