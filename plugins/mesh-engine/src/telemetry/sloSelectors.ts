import { AMBIENT_WITHOUT_WAYPOINT } from '@meshpath/plugin-mesh-common';
import { selectorMatches } from '../analysis/labelSelector';
import type { IndexedObject, MeshIndex, Workload } from '../analysis/meshIndex';
import {
  dataplaneOf,
  waypointBinding,
  waypointsOf,
} from '../analysis/policy/dataplane';
import type { Reporter } from '../analysis/report';
import type { SeriesSelector } from './promql';
import { isRequestMetric, matcherValues, type QueryScope } from './queryScope';
import type { TelemetryQuery } from './telemetryQueries';

const SERVICE_LABELS = ['destination_service_name', 'destination_service'];
const WORKLOAD_LABELS = ['destination_workload'];
const NAMESPACE_LABELS = [
  'destination_workload_namespace',
  'destination_service_namespace',
];

/** The Services Flagger manages, `namespace/name`, as a Canary names them. */
function canaryServices(index: MeshIndex): Set<string> {
  const managed = new Set<string>();
  for (const canary of index.ofKind('flagger.app/Canary')) {
    const spec = canary.object.spec ?? {};
    const name = spec.service?.name ?? spec.targetRef?.name ?? canary.ref.name;
    managed.add(`${canary.namespace}/${String(name)}`);
  }
  return managed;
}

/** The namespace a selector reads: its namespace matcher when literal, else the scope's. */
export function namespaceOf(
  selector: SeriesSelector,
  scope: QueryScope,
): string {
  const values = matcherValues(selector, NAMESPACE_LABELS, scope)?.values;
  return values?.length === 1 ? values[0] : scope.namespace;
}

/** Whether the selector reads server-side reports only (`reporter` is not `source`). */
function readsServerSide(selector: SeriesSelector, scope: QueryScope): boolean {
  const reporter = matcherValues(selector, ['reporter'], scope);
  return !reporter?.values || !reporter.values.every(v => v === 'source');
}

/**
 * MP1401: a request series of a Flagger-managed service selected by
 * `destination_service_name`/`destination_service`. Server-side, Istio
 * reports the first Service of the pod's inbound cluster: `<name>-primary`
 * or `<name>-canary` once Flagger has created them, so the canary's traffic
 * is missed and a new service matches nothing. Only when the values do not
 * already name the `-canary` Service too.
 */
function serviceNameProblem(
  selector: SeriesSelector,
  scope: QueryScope,
  managed: Set<string>,
): string | undefined {
  if (!isRequestMetric(selector.metric)) return undefined;
  // Most request series name no Service: leave them before any rendering.
  if (!selector.matchers.some(m => SERVICE_LABELS.includes(m.label)))
    return undefined;
  if (matcherValues(selector, WORKLOAD_LABELS, scope)) return undefined;
  if (!readsServerSide(selector, scope)) return undefined;
  const byService = matcherValues(selector, SERVICE_LABELS, scope);
  if (!byService?.values) return undefined;
  const namespace = namespaceOf(selector, scope);
  const names = byService.values.map(value => {
    // destination_service is the FQDN: name.namespace.svc.cluster.local.
    if (byService.matcher.label !== 'destination_service')
      return { name: value, namespace };
    const [name, ns] = value.split('.');
    return { name, namespace: ns || namespace };
  });
  const hit = names.find(
    n =>
      managed.has(`${n.namespace}/${n.name}`) &&
      !names.some(m => m.name === `${n.name}-canary`),
  );
  if (!hit) return undefined;
  return `${selector.metric} selects ${byService.matcher.label}${byService.matcher.operator}"${byService.matcher.value}", but a Flagger Canary manages ${hit.namespace}/${hit.name}: Istio's server side reports the first Service of the pod's inbound cluster (${hit.name}-primary, ${hit.name}-canary), so canary traffic is not counted and a new service matches nothing; select destination_workload=~"${hit.name}|${hit.name}-primary" with destination_workload_namespace="${hit.namespace}", as Flagger does`;
}

/** Workloads a selector reads: the named ones when its workload matcher is literal, else its namespace's. */
function workloadsOf(
  index: MeshIndex,
  selector: SeriesSelector,
  scope: QueryScope,
  namespace: string,
): Workload[] {
  const names = matcherValues(selector, WORKLOAD_LABELS, scope)?.values;
  const all = index.workloadsIn(namespace);
  return names ? all.filter(w => names.includes(w.ref.name)) : all;
}

/** The waypoint Gateways of the world, and the Services bound to one by their own label. */
interface WaypointView {
  gateways: Map<string, string>;
  boundServices: IndexedObject[];
}

/** Built once per analysis: few Services carry `istio.io/use-waypoint`. */
function waypointView(index: MeshIndex): WaypointView {
  return {
    gateways: waypointsOf(index),
    boundServices: [...index.services.values()].filter(
      s => !!s.object.metadata.labels?.['istio.io/use-waypoint'],
    ),
  };
}

/** Whether an ambient workload has a waypoint: on itself, a Service that selects it, or its namespace. */
function hasWaypoint(
  index: MeshIndex,
  workload: Workload,
  waypoints: WaypointView,
): boolean {
  const namespace = index.namespaces.get(workload.namespace);
  const bind = (
    labels: Record<string, string> | undefined,
    by: 'service' | 'workload',
  ) =>
    waypointBinding(
      labels,
      namespace,
      workload.namespace,
      by,
      waypoints.gateways,
    );
  if (bind(workload.labels, 'workload')) return true;
  for (const service of waypoints.boundServices) {
    if (service.namespace !== workload.namespace) continue;
    const selector = service.object.spec?.selector;
    if (
      selector &&
      selectorMatches(selector, workload.labels) &&
      bind(service.object.metadata.labels, 'service')
    )
      return true;
  }
  return false;
}

/**
 * MP1402: a request series read with `reporter="destination"` for workloads
 * that run in ambient mode: a waypoint reports them as `reporter="waypoint"`,
 * and without one ztunnel reports TCP only.
 */
function ambientReporterProblem(
  index: MeshIndex,
  selector: SeriesSelector,
  scope: QueryScope,
  waypoints: WaypointView,
  verdicts = new Map<string, string | undefined>(),
): string | undefined {
  if (!isRequestMetric(selector.metric)) return undefined;
  const reporter = matcherValues(selector, ['reporter'], scope)?.values;
  if (!reporter || reporter.length !== 1 || reporter[0] !== 'destination')
    return undefined;
  const namespace = namespaceOf(selector, scope);
  // Many selectors of one rule file read the same workloads: judge them once.
  const key = `${selector.metric}\n${namespace}\n${
    matcherValues(selector, WORKLOAD_LABELS, scope)?.values?.join('|') ?? '*'
  }`;
  if (verdicts.has(key)) return verdicts.get(key);
  const verdict = ambientVerdict(index, selector, scope, namespace, waypoints);
  verdicts.set(key, verdict);
  return verdict;
}

function ambientVerdict(
  index: MeshIndex,
  selector: SeriesSelector,
  scope: QueryScope,
  namespace: string,
  waypoints: WaypointView,
): string | undefined {
  const namespaceObject = index.namespaces.get(namespace);
  const workloads = workloadsOf(index, selector, scope, namespace);
  const ambient =
    workloads.length > 0
      ? workloads.every(w => dataplaneOf(w, namespaceObject) === 'ambient')
      : namespaceObject?.object.metadata.labels?.['istio.io/dataplane-mode'] ===
          'ambient' &&
        !namespaceObject.object.metadata.labels?.['istio-injection'] &&
        !namespaceObject.object.metadata.labels?.['istio.io/rev'];
  if (!ambient) return undefined;
  const waypoint =
    workloads.length > 0
      ? workloads.some(w => hasWaypoint(index, w, waypoints))
      : !!waypointBinding(
          undefined,
          namespaceObject,
          namespace,
          'service',
          waypoints.gateways,
        );
  return waypoint
    ? `${selector.metric} selects reporter="destination", but ${namespace} runs in ambient mode behind a waypoint, which reports its requests as reporter="waypoint": the series is empty; select reporter="waypoint"`
    : `${selector.metric} selects reporter="destination", but ${namespace} runs in ambient mode without a waypoint: ${AMBIENT_WITHOUT_WAYPOINT}`;
}

/** Whether any namespace or pod of the world asks for ambient mode: without one MP1402 cannot apply. */
function hasAmbient(index: MeshIndex): boolean {
  for (const namespace of index.namespaces.values())
    if (
      namespace.object.metadata.labels?.['istio.io/dataplane-mode'] ===
      'ambient'
    )
      return true;
  return index.workloads.some(
    w => w.labels['istio.io/dataplane-mode'] === 'ambient',
  );
}

/** MP1401 and MP1402 over every query, once per query and rule. */
export function checkSloSelectors(
  index: MeshIndex,
  report: Reporter,
  queries: TelemetryQuery[],
  scopes: (query: TelemetryQuery) => QueryScope[],
) {
  const managed = canaryServices(index);
  const waypoints = waypointView(index);
  const verdicts = new Map<string, string | undefined>();
  const ambientAnywhere = hasAmbient(index);
  if (managed.size === 0 && !ambientAnywhere) return;
  for (const query of queries) {
    const reported = new Set<string>();
    for (const scope of scopes(query)) {
      for (const selector of query.reading.selectors) {
        const problems = [
          [
            'MP1401',
            managed.size > 0
              ? serviceNameProblem(selector, scope, managed)
              : undefined,
          ],
          [
            'MP1402',
            ambientAnywhere
              ? ambientReporterProblem(
                  index,
                  selector,
                  scope,
                  waypoints,
                  verdicts,
                )
              : undefined,
          ],
        ] as const;
        for (const [code, problem] of problems) {
          if (!problem || reported.has(code)) continue;
          reported.add(code);
          const forCanary = scope.canary
            ? ` (rendered for Canary ${scope.canary.namespace}/${scope.canary.ref.name})`
            : '';
          report.report(
            code,
            `${query.where}${forCanary}: ${problem}`,
            query.holder,
          );
        }
      }
    }
  }
}
