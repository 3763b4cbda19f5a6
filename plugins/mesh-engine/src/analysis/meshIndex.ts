import type {
  KubernetesObject,
  ObjectRef,
  SourcedObject,
  SourceLocation,
} from '@meshpath/plugin-mesh-common';
import { apiGroup, isRecord, namespaceOf, objectRef } from '../objects';
import { hostMatches, resolveHost } from './hosts';
import { selectorMatches } from './labelSelector';

/** Something that runs pods with labels: a Deployment, StatefulSet, DaemonSet or bare Pod. */
export interface Workload {
  ref: ObjectRef;
  source?: SourceLocation;
  /** The Deployment, StatefulSet, … or Pod itself. */
  object: KubernetesObject;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
}

/** An object of the input, with what every check needs already worked out. */
export interface IndexedObject {
  object: KubernetesObject;
  source?: SourceLocation;
  ref: ObjectRef;
  namespace: string;
}

const workloadKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

/** `networking.istio.io/Gateway` and `gateway.networking.k8s.io/Gateway` are different kinds. */
const kindKey = (object: KubernetesObject) =>
  `${apiGroup(object.apiVersion)}/${object.kind}`;

const labelKey = (key: string, value: string) => `${key}=${value}`;

/**
 * Indexes of the input, built once in one pass, so that every check looks
 * things up instead of comparing every object with every other.
 */
export class MeshIndex {
  readonly objects: IndexedObject[] = [];
  private readonly byKind = new Map<string, IndexedObject[]>();
  /** The same lists as {@link byKind}, found without building its key (Istio's versions share one list). */
  private readonly byVersionAndKind = new Map<
    string,
    Map<string, IndexedObject[]>
  >();
  readonly namespaces = new Map<string, IndexedObject>();
  /** Namespaces that appear anywhere in the input, declared or not. */
  readonly namespaceNames = new Set<string>();
  readonly services = new Map<string, IndexedObject>();
  readonly serviceAccounts = new Set<string>();
  readonly workloads: Workload[] = [];
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private readonly workloadsByLabel = new Map<
    string,
    Map<string, Workload[]>
  >();
  private readonly serviceEntryHosts = new Set<string>();
  private readonly serviceEntryWildcards: string[] = [];
  /** Each Service's workloads, selected once: the policy model, checks, compliance and telemetry all ask. */
  private readonly serviceWorkloads = new Map<IndexedObject, Workload[]>();

  constructor(input: SourcedObject[], readonly rootNamespace: string) {
    for (const { object, source } of input) {
      const namespace = namespaceOf(object) ?? '';
      const indexed: IndexedObject = {
        object,
        source,
        ref: objectRef(object),
        namespace,
      };
      this.objects.push(indexed);
      // By apiVersion and kind first: a key string per kind, not one per object.
      let kinds = this.byVersionAndKind.get(object.apiVersion);
      if (!kinds)
        this.byVersionAndKind.set(object.apiVersion, (kinds = new Map()));
      let list = kinds.get(object.kind);
      if (!list) {
        const key = kindKey(object);
        list = this.byKind.get(key);
        if (!list) this.byKind.set(key, (list = []));
        kinds.set(object.kind, list);
      }
      list.push(indexed);
      if (namespace) this.namespaceNames.add(namespace);
      this.indexObject(indexed);
    }
  }

  /** Objects of one kind, for example `networking.istio.io/VirtualService` or `/Service`. */
  ofKind(key: string): IndexedObject[] {
    return this.byKind.get(key) ?? [];
  }

  /** Istio objects of a kind across the API versions Istio serves. */
  istio(
    kind:
      | 'VirtualService'
      | 'DestinationRule'
      | 'Gateway'
      | 'ServiceEntry'
      | 'Sidecar',
  ): IndexedObject[];
  istio(
    kind:
      | 'PeerAuthentication'
      | 'AuthorizationPolicy'
      | 'RequestAuthentication',
  ): IndexedObject[];
  istio(kind: string): IndexedObject[] {
    const group = [
      'PeerAuthentication',
      'AuthorizationPolicy',
      'RequestAuthentication',
    ].includes(kind)
      ? 'security.istio.io'
      : 'networking.istio.io';
    return this.ofKind(`${group}/${kind}`);
  }

  private indexObject(indexed: IndexedObject) {
    const { object, namespace } = indexed;
    const group = apiGroup(object.apiVersion);
    if (group === '' && object.kind === 'Namespace') {
      this.namespaces.set(object.metadata.name, indexed);
      this.namespaceNames.add(object.metadata.name);
    } else if (group === '' && object.kind === 'Service') {
      this.services.set(`${namespace}/${object.metadata.name}`, indexed);
    } else if (group === '' && object.kind === 'ServiceAccount') {
      this.serviceAccounts.add(`${namespace}/${object.metadata.name}`);
    } else if (
      group === 'networking.istio.io' &&
      object.kind === 'ServiceEntry'
    ) {
      for (const host of object.spec?.hosts ?? []) {
        if (typeof host !== 'string') continue;
        const resolved = resolveHost(host, namespace);
        if (resolved.startsWith('*')) this.serviceEntryWildcards.push(resolved);
        else this.serviceEntryHosts.add(resolved);
      }
    } else if (
      (group === 'apps' || group === 'batch') &&
      workloadKinds.has(object.kind)
    ) {
      const template = object.spec?.template;
      this.addWorkload(
        indexed,
        template?.metadata?.labels,
        template?.spec?.serviceAccountName,
      );
    } else if (
      group === '' &&
      object.kind === 'Pod' &&
      !(object.metadata as any).ownerReferences?.length
    ) {
      this.addWorkload(
        indexed,
        object.metadata.labels,
        object.spec?.serviceAccountName,
      );
    }
  }

  private addWorkload(
    indexed: IndexedObject,
    labels: unknown,
    serviceAccount: unknown,
  ) {
    const workload: Workload = {
      ref: indexed.ref,
      source: indexed.source,
      object: indexed.object,
      namespace: indexed.namespace,
      labels: isRecord(labels) ? (labels as Record<string, string>) : {},
      serviceAccount:
        typeof serviceAccount === 'string' && serviceAccount
          ? serviceAccount
          : 'default',
    };
    this.workloads.push(workload);
    // Every namespace has a `default` service account.
    this.serviceAccounts.add(`${workload.namespace}/default`);
    const inNamespace = this.workloadsByNamespace.get(workload.namespace);
    if (inNamespace) inNamespace.push(workload);
    else this.workloadsByNamespace.set(workload.namespace, [workload]);
    let byLabel = this.workloadsByLabel.get(workload.namespace);
    if (!byLabel)
      this.workloadsByLabel.set(workload.namespace, (byLabel = new Map()));
    for (const [key, value] of Object.entries(workload.labels)) {
      const k = labelKey(key, String(value));
      const list = byLabel.get(k);
      if (list) list.push(workload);
      else byLabel.set(k, [workload]);
    }
  }

  workloadsIn(namespace: string): Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** Workloads of a namespace whose labels include every label of the selector. */
  matchWorkloads(
    namespace: string,
    selector: Record<string, string> | undefined,
  ): Workload[] {
    const entries = Object.entries(selector ?? {});
    if (entries.length === 0) return this.workloadsIn(namespace);
    const byLabel = this.workloadsByLabel.get(namespace);
    if (!byLabel) return [];
    // Start from the rarest label, then filter: no scan of the namespace.
    let candidates: Workload[] | undefined;
    for (const [key, value] of entries) {
      const list = byLabel.get(labelKey(key, String(value))) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    return (candidates ?? []).filter(w => selectorMatches(selector, w.labels));
  }

  /** Whether the namespace's policy objects may select workloads the input does not show. */
  knowsWorkloadsOf(namespace: string): boolean {
    return this.workloadsByNamespace.has(namespace);
  }

  /** The Service a resolved host names, if it is a cluster-local Service of the input. */
  serviceOfHost(host: string): IndexedObject | undefined {
    const suffix = '.svc.cluster.local';
    if (!host.endsWith(suffix)) return undefined;
    const parts = host.slice(0, -suffix.length).split('.');
    return parts.length === 2
      ? this.services.get(`${parts[1]}/${parts[0]}`)
      : undefined;
  }

  /** Whether a resolved host names a Service or a ServiceEntry of the input. */
  hostExists(host: string): boolean {
    if (host.startsWith('*')) {
      // A wildcard destination is satisfied by any matching host.
      return true;
    }
    if (this.serviceOfHost(host)) return true;
    if (this.serviceEntryHosts.has(host)) return true;
    return this.serviceEntryWildcards.some(pattern =>
      hostMatches(pattern, host),
    );
  }

  /** Workloads behind a Service: its selector over its namespace. */
  workloadsOfService(service: IndexedObject): Workload[] {
    let workloads = this.serviceWorkloads.get(service);
    if (workloads) return workloads;
    const selector = service.object.spec?.selector;
    workloads =
      !isRecord(selector) || Object.keys(selector).length === 0
        ? []
        : this.matchWorkloads(
            service.namespace,
            selector as Record<string, string>,
          );
    this.serviceWorkloads.set(service, workloads);
    return workloads;
  }
}
