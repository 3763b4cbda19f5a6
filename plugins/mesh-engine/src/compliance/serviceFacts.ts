import { resolveHost } from '../analysis/hosts';
import type { IndexedObject, Workload } from '../analysis/meshIndex';
import { flaggerGenerated, objectKey } from '../analysis/flaggerGenerated';
import { waypointsOf } from '../analysis/policy/dataplane';
import { isWaypointService } from '../analysis/waypointService';
import { canaries, canaryHost } from '../checks/flagger';
import type { CheckContext } from '../checks/context';
import { gatewaysOf } from '../checks/virtualServices';
import { isRecord } from '../objects';

/** What the compliance rules read about one Service. */
export interface ServiceFacts {
  service: IndexedObject;
  /** The Service's fully qualified host. */
  host: string;
  workloads: Workload[];
  /** HTTP routes of mesh VirtualServices for the host. */
  routes: any[];
  canary?: IndexedObject;
  destinationRules: IndexedObject[];
}

const skippedNamespaces = (name: string, root: string) =>
  name === root || name.startsWith('kube-');

/** What compliance needs per service, gathered in one pass over routes and rules. */
export function gatherServiceFacts(context: CheckContext): ServiceFacts[] {
  const { index } = context;
  const routesByHost = new Map<string, any[]>();
  for (const virtualService of index.istio('VirtualService')) {
    if (!gatewaysOf(virtualService).includes('mesh')) continue;
    for (const host of virtualService.object.spec?.hosts ?? []) {
      const resolved = resolveHost(String(host), virtualService.namespace);
      const list = routesByHost.get(resolved) ?? [];
      list.push(...(virtualService.object.spec?.http ?? []));
      routesByHost.set(resolved, list);
    }
  }
  const rulesByHost = new Map<string, IndexedObject[]>();
  for (const rule of index.istio('DestinationRule')) {
    if (typeof rule.object.spec?.host !== 'string') continue;
    const host = resolveHost(rule.object.spec.host, rule.namespace);
    rulesByHost.set(host, [...(rulesByHost.get(host) ?? []), rule]);
  }
  const canaryByHost = new Map(canaries(context).map(c => [canaryHost(c), c]));
  // Flagger's `<service>-primary` and `-canary` Services are its plumbing: the apex Service is what a team owns and is judged.
  const { generated } = flaggerGenerated(
    canaries(context).map(c => ({ canary: c.object, namespace: c.namespace })),
  );

  const waypoints = waypointsOf(index);
  const facts: ServiceFacts[] = [];
  for (const service of index.services.values()) {
    if (skippedNamespaces(service.namespace, index.rootNamespace)) continue;
    // A waypoint's Service is the mesh's own proxy, not an application to hold to the rules.
    if (isWaypointService(service, waypoints)) continue;
    if (!isRecord(service.object.spec?.selector)) continue;
    const host = resolveHost(service.ref.name, service.namespace);
    if (
      !canaryByHost.has(host) &&
      generated.has(objectKey('Service', service.namespace, service.ref.name))
    )
      continue;
    facts.push({
      service,
      host,
      workloads: index.workloadsOfService(service),
      routes: routesByHost.get(host) ?? [],
      canary: canaryByHost.get(host),
      destinationRules: rulesByHost.get(host) ?? [],
    });
  }
  return facts;
}
