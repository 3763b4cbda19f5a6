import { resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import type { CheckContext } from './context';

/** The cluster-local host of the service a Canary manages. */
export function canaryHost(canary: IndexedObject): string {
  const name =
    canary.object.spec?.service?.name ??
    canary.object.spec?.targetRef?.name ??
    canary.ref.name;
  return resolveHost(String(name), canary.namespace);
}

export const canaries = (context: CheckContext) =>
  context.index.ofKind('flagger.app/Canary');

/** The Canary metric's MetricTemplate, looked up as Flagger does: its namespace, else the Canary's. */
function templateOf(
  metric: any,
  canary: IndexedObject,
  templates: IndexedObject[],
): IndexedObject | undefined {
  const ref = metric?.templateRef;
  if (!ref?.name) return undefined;
  const namespace = ref.namespace || canary.namespace;
  return templates.find(
    t => t.ref.name === ref.name && t.namespace === namespace,
  );
}

/**
 * What one analysis metric gates on: Flagger's built-in checks by name (it
 * runs them by name alone), a MetricTemplate by the Istio metric its query
 * reads (errors from `istio_requests_total` by `response_code`, latency from
 * `istio_request_duration_milliseconds`).
 */
function gatesOf(
  metric: any,
  canary: IndexedObject,
  templates: IndexedObject[],
): Array<'success' | 'latency'> {
  if (metric?.name === 'request-success-rate') return ['success'];
  if (metric?.name === 'request-duration') return ['latency'];
  const query = templateOf(metric, canary, templates)?.object.spec?.query;
  if (typeof query !== 'string') return [];
  const gates: Array<'success' | 'latency'> = [];
  if (/istio_requests_total/.test(query) && /response_code/.test(query))
    gates.push('success');
  if (/istio_request_duration_milliseconds/.test(query)) gates.push('latency');
  return gates;
}

/**
 * Whether the Canary's analysis gates on both request success (or error)
 * rate and request duration: Flagger's built-in checks, or MetricTemplates
 * among `templates` that measure them.
 */
export function hasHealthGates(
  canary: IndexedObject,
  templates: IndexedObject[] = [],
): boolean {
  const gates = new Set(
    (canary.object.spec?.analysis?.metrics ?? []).flatMap((m: any) =>
      gatesOf(m, canary, templates),
    ),
  );
  return gates.has('success') && gates.has('latency');
}

/** Flagger MetricTemplates in the world. */
export const metricTemplates = (context: CheckContext) =>
  context.index.ofKind('flagger.app/MetricTemplate');

const ownedByCanary = (object: IndexedObject) =>
  ((object.object.metadata as any).ownerReferences ?? []).some(
    (owner: any) => owner?.kind === 'Canary',
  );

export function checkCanaries(context: CheckContext) {
  const { index, report } = context;
  const deployments = new Set(
    index.ofKind('apps/Deployment').map(d => `${d.namespace}/${d.ref.name}`),
  );
  const managedHosts = new Map<string, IndexedObject>();
  const templates = metricTemplates(context);

  for (const canary of canaries(context)) {
    const target = canary.object.spec?.targetRef;
    if (
      (target?.kind ?? 'Deployment') === 'Deployment' &&
      !deployments.has(`${canary.namespace}/${target?.name}`)
    ) {
      report.report(
        'MP1202',
        `Target Deployment ${target?.name} does not exist in ${canary.namespace}`,
        canary,
      );
    }
    if (!hasHealthGates(canary, templates)) {
      report.report(
        'MP1204',
        'The analysis does not gate on both success rate and request duration (request-success-rate and request-duration, or MetricTemplates over Istio telemetry): a failing release would be promoted',
        canary,
      );
    }
    managedHosts.set(canaryHost(canary), canary);
  }
  if (managedHosts.size === 0) return;

  for (const virtualService of index.istio('VirtualService')) {
    if (ownedByCanary(virtualService)) continue;
    for (const host of virtualService.object.spec?.hosts ?? []) {
      const canary = managedHosts.get(
        resolveHost(String(host), virtualService.namespace),
      );
      if (canary) {
        report.report(
          'MP1203',
          `Host ${host} is managed by Canary ${canary.namespace}/${canary.ref.name}: Flagger overwrites this VirtualService`,
          virtualService,
        );
      }
    }
  }
}
