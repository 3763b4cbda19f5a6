import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { KubernetesObject, ObjectRef } from '@meshpath/plugin-mesh-common';
import {
  apiGroup,
  isClusterScoped,
  labelSelectorMatches,
  resolveHost,
  selectorMatches,
} from '@meshpath/mesh-engine';
import {
  LabelRequirement,
  matchesRequirements,
  parseLabelSelector,
} from './labelSelector';
import { messageOf } from './settle';

/** The catalog annotations the Kubernetes backend reads to find an entity's objects. */
const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  labelSelector: 'backstage.io/kubernetes-label-selector',
  namespace: 'backstage.io/kubernetes-namespace',
} as const;

/** How an entity's objects are found in a cluster, from its annotations. */
export interface EntityLocator {
  entityRef: string;
  /** The label selector its objects carry. */
  selector: LabelRequirement[];
  /** Only objects of this namespace, when the entity names one. */
  namespace?: string;
}

/** An entity's locator, or why its annotations cannot be read (that entity's error, not the cycle's). */
export function locateEntity(
  entity: Entity,
): { locator: EntityLocator } | { error: string } {
  const annotations = entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(entity);
  // As the Kubernetes backend does: the selector annotation, else kubernetes-id, else the entity name.
  const id = annotations[KUBERNETES_ANNOTATIONS.id] || entity.metadata.name;
  const text =
    annotations[KUBERNETES_ANNOTATIONS.labelSelector] ||
    `${KUBERNETES_ANNOTATIONS.id}=${id}`;
  const namespace = annotations[KUBERNETES_ANNOTATIONS.namespace] || undefined;
  try {
    const selector = parseLabelSelector(text);
    if (selector.length === 0 || selector.every(r => r.operator !== 'in'))
      // A selector of only negations would claim most of the cluster.
      return {
        error: `${KUBERNETES_ANNOTATIONS.labelSelector} needs at least one key=value or key in (…) requirement`,
      };
    return {
      locator: { entityRef, selector, ...(namespace ? { namespace } : {}) },
    };
  } catch (error) {
    const annotation = annotations[KUBERNETES_ANNOTATIONS.labelSelector]
      ? KUBERNETES_ANNOTATIONS.labelSelector
      : KUBERNETES_ANNOTATIONS.id;
    return {
      error: `${annotation} is not a label selector: ${messageOf(error)}`,
    };
  }
}

/** What one entity owns in one cluster, and what applies to it. */
export interface Attribution {
  entityRef: string;
  /** Objects labelled for it, and the workloads and Services those select. */
  owned: KubernetesObject[];
  /** The workloads it owns (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, bare Pods). */
  workloads: KubernetesObject[];
  /** The Services it owns. */
  services: KubernetesObject[];
  /** Cluster-local hosts of its Services (`name.namespace.svc.cluster.local`). */
  hosts: string[];
  /** Namespaces it runs in: its namespace annotation, else those of its objects. */
  namespaces: string[];
  /** Policies that apply to its workloads: namespace-wide, mesh-wide, selecting its workloads or targeting its Services. */
  coveredBy: KubernetesObject[];
  /** Objects about its hosts or workloads that it does not own: routes, DestinationRules, Canaries, its Namespaces. */
  about: KubernetesObject[];
}

const CLUSTER_DOMAIN = 'svc.cluster.local';
const WORKLOAD_KINDS = new Set([
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  'batch/Job',
]);
/** Kinds a service is found by nearly always: its workloads, their Pods and its Services carry its label. */
export const LOCATING_KINDS = new Set([...WORKLOAD_KINDS, '/Pod', '/Service']);
/** Policies that select workloads with `selector.matchLabels`; in the root namespace with a selector they apply in every namespace. */
const ISTIO_SELECTOR_POLICIES = new Set([
  'security.istio.io/AuthorizationPolicy',
  'security.istio.io/RequestAuthentication',
  'security.istio.io/PeerAuthentication',
  'telemetry.istio.io/Telemetry',
]);
const ROOT_SELECTOR_ANYWHERE = new Set([
  'security.istio.io/AuthorizationPolicy',
  'security.istio.io/RequestAuthentication',
  'telemetry.istio.io/Telemetry',
]);
/** Policies that select workloads with `workloadSelector.labels`. */
const WORKLOAD_SELECTOR_POLICIES = new Set([
  'networking.istio.io/Sidecar',
  'networking.istio.io/EnvoyFilter',
]);
const ROUTE_KINDS = new Set([
  'gateway.networking.k8s.io/HTTPRoute',
  'gateway.networking.k8s.io/GRPCRoute',
  'gateway.networking.k8s.io/TCPRoute',
  'gateway.networking.k8s.io/TLSRoute',
]);

const kindKeyOf = (o: { apiVersion: string; kind: string }) =>
  `${apiGroup(o.apiVersion)}/${o.kind}`;
/** The namespace of an object as the engine reads it: none for cluster-scoped kinds, `default` when unset. */
const namespaceOf = (o: KubernetesObject): string =>
  isClusterScoped(o.kind) ? '' : o.metadata.namespace || 'default';

/** The key of an object or an object reference: the same object whatever API version lists it. */
export function objectKey(o: KubernetesObject | ObjectRef): string {
  if ('metadata' in o)
    return `${kindKeyOf(o)}/${namespaceOf(o)}/${o.metadata.name}`;
  const namespace = isClusterScoped(o.kind) ? '' : o.namespace || 'default';
  return `${kindKeyOf(o)}/${namespace}/${o.name}`;
}

const isRecord = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const stringsOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

const hostOfService = (service: KubernetesObject) =>
  `${service.metadata.name}.${namespaceOf(service)}.${CLUSTER_DOMAIN}`;

/** Pod labels of a workload: its template's, or a bare Pod's own. */
function podLabelsOf(o: KubernetesObject): Record<string, string> | undefined {
  if (o.kind === 'Pod') return o.metadata.labels;
  const labels = o.spec?.template?.metadata?.labels;
  return isRecord(labels) ? (labels as Record<string, string>) : undefined;
}

function isWorkload(o: KubernetesObject): boolean {
  if (WORKLOAD_KINDS.has(kindKeyOf(o))) return true;
  // Pods that a controller owns are that controller's; the engine counts only bare Pods.
  return (
    kindKeyOf(o) === '/Pod' &&
    !((o.metadata as any).ownerReferences?.length > 0)
  );
}

/** Whether a Service's selector picks a workload's pods; a Service without a selector picks none. */
function serviceSelects(service: KubernetesObject, workload: KubernetesObject) {
  const selector = service.spec?.selector;
  if (!isRecord(selector) || Object.keys(selector).length === 0) return false;
  if (namespaceOf(service) !== namespaceOf(workload)) return false;
  return selectorMatches(selector, podLabelsOf(workload));
}

/** Hosts a VirtualService serves or routes to, resolved. */
function virtualServiceHosts(vs: KubernetesObject): string[] {
  const namespace = namespaceOf(vs);
  const spec = isRecord(vs.spec) ? vs.spec : {};
  const destinations: string[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const route of Array.isArray(spec[section]) ? spec[section] : []) {
      for (const r of Array.isArray(route?.route) ? route.route : []) {
        if (typeof r?.destination?.host === 'string')
          destinations.push(r.destination.host);
      }
      if (typeof route?.mirror?.host === 'string')
        destinations.push(route.mirror.host);
    }
  }
  return [...stringsOf(spec.hosts), ...destinations].map(h =>
    resolveHost(h, namespace),
  );
}

/** Services (`namespace/name`) a Gateway API route sends traffic to. */
function routeBackends(route: KubernetesObject): string[] {
  const namespace = namespaceOf(route);
  const rules = Array.isArray(route.spec?.rules) ? route.spec.rules : [];
  return rules.flatMap((rule: any) =>
    (Array.isArray(rule?.backendRefs) ? rule.backendRefs : [])
      .filter(
        (b: any) =>
          typeof b?.name === 'string' &&
          (b.kind ?? 'Service') === 'Service' &&
          (b.group ?? '') === '',
      )
      .map((b: any) => `${b.namespace ?? namespace}/${b.name}`),
  );
}

/** Services (`namespace/name`) a policy targets with `targetRef`/`targetRefs`, and whether it targets anything. */
function policyTargets(policy: KubernetesObject): {
  targeted: boolean;
  services: string[];
} {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const refs = [
    ...(isRecord(spec.targetRef) ? [spec.targetRef] : []),
    ...(Array.isArray(spec.targetRefs) ? spec.targetRefs.filter(isRecord) : []),
  ];
  return {
    targeted: refs.length > 0,
    services: refs
      .filter(
        r =>
          r.kind === 'Service' &&
          (r.group ?? '') === '' &&
          typeof r.name === 'string',
      )
      .map(r => `${namespaceOf(policy)}/${r.name}`),
  };
}

/** The workload labels a policy selects on, `undefined` when it has no selector (namespace-wide). */
function policySelector(
  policy: KubernetesObject,
  kindKey: string,
): Record<string, unknown> | undefined | null {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  if (ISTIO_SELECTOR_POLICIES.has(kindKey)) {
    const m = spec.selector?.matchLabels;
    if (spec.selector === undefined || spec.selector === null) return undefined;
    return isRecord(m) && Object.keys(m).length > 0 ? m : undefined;
  }
  if (WORKLOAD_SELECTOR_POLICIES.has(kindKey)) {
    const l = spec.workloadSelector?.labels;
    return isRecord(l) && Object.keys(l).length > 0 ? l : undefined;
  }
  return null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Attributes one cluster's objects to catalog entities, by the rules the
 * backend README writes down:
 *
 * - an entity owns the objects its label selector matches (its
 *   `backstage.io/kubernetes-label-selector`, else
 *   `backstage.io/kubernetes-id=<id>`), in its namespace when it names one, and
 *   the workloads and Services those select;
 * - it is covered by the policies of its namespaces without a selector, the
 *   root namespace's mesh-wide policies, policies whose selector matches one of
 *   its workloads and policies that target one of its Services;
 * - objects that route to or configure its hosts, Canaries of its workloads and
 *   its Namespaces are about it.
 *
 * Built once per cluster; looks objects up by label instead of matching every
 * entity against every object.
 */
export class ClusterAttribution {
  private readonly byLabel = new Map<string, KubernetesObject[]>();
  private readonly workloadsByNamespace = new Map<string, KubernetesObject[]>();
  private readonly servicesByNamespace = new Map<string, KubernetesObject[]>();
  private readonly policiesByNamespace = new Map<
    string,
    Array<{ object: KubernetesObject; kindKey: string }>
  >();
  private readonly aboutHost = new Map<string, KubernetesObject[]>();
  private readonly aboutService = new Map<string, KubernetesObject[]>();
  private readonly aboutWorkload = new Map<string, KubernetesObject[]>();
  private readonly namespaceObjects = new Map<string, KubernetesObject>();
  private readonly results = new Map<string, Attribution>();

  constructor(
    objects: KubernetesObject[],
    private readonly options: { rootNamespace: string },
  ) {
    for (const o of objects) this.index(o);
  }

  private index(o: KubernetesObject) {
    const kindKey = kindKeyOf(o);
    const namespace = namespaceOf(o);
    for (const [k, v] of Object.entries(o.metadata.labels ?? {}))
      push(this.byLabel, `${k}=${v}`, o);
    if (isWorkload(o)) push(this.workloadsByNamespace, namespace, o);
    if (kindKey === '/Service') push(this.servicesByNamespace, namespace, o);
    if (kindKey === '/Namespace') this.namespaceObjects.set(o.metadata.name, o);
    if (
      ISTIO_SELECTOR_POLICIES.has(kindKey) ||
      WORKLOAD_SELECTOR_POLICIES.has(kindKey) ||
      kindKey === 'networking.k8s.io/NetworkPolicy'
    )
      push(this.policiesByNamespace, namespace, { object: o, kindKey });
    if (kindKey === 'networking.istio.io/VirtualService')
      for (const host of new Set(virtualServiceHosts(o)))
        push(this.aboutHost, host, o);
    if (kindKey === 'networking.istio.io/DestinationRule') {
      const host = o.spec?.host;
      if (typeof host === 'string')
        push(this.aboutHost, resolveHost(host, namespace), o);
    }
    if (ROUTE_KINDS.has(kindKey))
      for (const service of new Set(routeBackends(o)))
        push(this.aboutService, service, o);
    if (kindKey === 'flagger.app/Canary') {
      const target = o.spec?.targetRef;
      if (isRecord(target) && typeof target.name === 'string')
        push(
          this.aboutWorkload,
          `${target.kind ?? 'Deployment'}/${namespace}/${target.name}`,
          o,
        );
    }
  }

  /** Objects the selector matches, starting from its rarest `key=value` requirement. */
  private labelled(locator: EntityLocator): KubernetesObject[] {
    let candidates: KubernetesObject[] | undefined;
    for (const r of locator.selector) {
      if (r.operator !== 'in') continue;
      const union = r.values.flatMap(
        v => this.byLabel.get(`${r.key}=${v}`) ?? [],
      );
      if (!candidates || union.length < candidates.length) candidates = union;
    }
    return (candidates ?? []).filter(
      o =>
        (!locator.namespace || namespaceOf(o) === locator.namespace) &&
        matchesRequirements(o.metadata.labels, locator.selector),
    );
  }

  /** What the entity owns here and what applies to it; undefined when it owns nothing in this cluster. */
  attribute(locator: EntityLocator): Attribution | undefined {
    const cached = this.results.get(locator.entityRef);
    if (cached) return cached;
    const owned = new Map<string, KubernetesObject>();
    const add = (o: KubernetesObject) => owned.set(objectKey(o), o);
    const labelled = this.labelled(locator);
    labelled.forEach(add);
    if (owned.size === 0) return undefined;

    for (const o of labelled) {
      const namespace = namespaceOf(o);
      if (kindKeyOf(o) === '/Service')
        for (const w of this.workloadsByNamespace.get(namespace) ?? [])
          if (serviceSelects(o, w)) add(w);
      if (isWorkload(o))
        for (const s of this.servicesByNamespace.get(namespace) ?? [])
          if (serviceSelects(s, o)) add(s);
    }
    const ownedList = [...owned.values()];
    const workloads = ownedList.filter(isWorkload);
    const services = ownedList.filter(o => kindKeyOf(o) === '/Service');
    const hosts = services.map(hostOfService);
    const namespaces = locator.namespace
      ? [locator.namespace]
      : [...new Set(ownedList.map(namespaceOf).filter(Boolean))].sort();

    const coveredBy = this.coveringPolicies(
      namespaces,
      workloads,
      services,
    ).filter(p => !owned.has(objectKey(p)));
    const about = new Map<string, KubernetesObject>();
    const addAbout = (o: KubernetesObject) => {
      const key = objectKey(o);
      if (!owned.has(key)) about.set(key, o);
    };
    for (const host of hosts)
      (this.aboutHost.get(host) ?? []).forEach(addAbout);
    for (const s of services)
      (
        this.aboutService.get(`${namespaceOf(s)}/${s.metadata.name}`) ?? []
      ).forEach(addAbout);
    for (const w of workloads)
      (
        this.aboutWorkload.get(
          `${w.kind}/${namespaceOf(w)}/${w.metadata.name}`,
        ) ?? []
      ).forEach(addAbout);
    for (const namespace of namespaces) {
      const ns = this.namespaceObjects.get(namespace);
      if (ns) addAbout(ns);
    }

    const result: Attribution = {
      entityRef: locator.entityRef,
      owned: ownedList,
      workloads,
      services,
      hosts,
      namespaces,
      coveredBy,
      about: [...about.values()],
    };
    this.results.set(locator.entityRef, result);
    return result;
  }

  private coveringPolicies(
    namespaces: string[],
    workloads: KubernetesObject[],
    services: KubernetesObject[],
  ): KubernetesObject[] {
    const { rootNamespace } = this.options;
    const serviceKeys = new Set(
      services.map(s => `${namespaceOf(s)}/${s.metadata.name}`),
    );
    const covering = new Map<string, KubernetesObject>();
    const scopes = new Set([...namespaces, rootNamespace]);
    for (const namespace of scopes) {
      for (const { object, kindKey } of this.policiesByNamespace.get(
        namespace,
      ) ?? []) {
        const inOwnNamespace = namespaces.includes(namespace);
        const isRoot = namespace === rootNamespace;
        const targets = policyTargets(object);
        let applies: boolean;
        if (targets.targeted) {
          applies = targets.services.some(s => serviceKeys.has(s));
        } else if (kindKey === 'networking.k8s.io/NetworkPolicy') {
          applies =
            inOwnNamespace &&
            (object.spec?.podSelector === undefined ||
              workloads.some(
                w =>
                  namespaceOf(w) === namespace &&
                  labelSelectorMatches(object.spec.podSelector, podLabelsOf(w)),
              ));
        } else {
          const selector = policySelector(object, kindKey);
          if (selector === undefined) applies = inOwnNamespace || isRoot;
          else if (selector === null) applies = false;
          else
            applies = workloads.some(
              w =>
                (namespaceOf(w) === namespace ||
                  (isRoot && ROOT_SELECTOR_ANYWHERE.has(kindKey))) &&
                selectorMatches(selector, podLabelsOf(w)),
            );
        }
        if (applies) covering.set(objectKey(object), object);
      }
    }
    return [...covering.values()];
  }

  /** Keys of every object whose findings belong to the entity: what it owns, what covers it and what is about it. */
  static findingKeys(attribution: Attribution): Set<string> {
    return new Set(
      [
        ...attribution.owned,
        ...attribution.coveredBy,
        ...attribution.about,
      ].map(objectKey),
    );
  }
}

/** The findings (or compliance results) whose object belongs to the entity. */
export function belongingTo<T>(
  items: T[],
  objectOf: (item: T) => ObjectRef | undefined,
  keys: Set<string>,
): T[] {
  return items.filter(item => {
    const object = objectOf(item);
    return object !== undefined && keys.has(objectKey(object));
  });
}
