import type {
  DriftDetail,
  DriftObject,
  FieldDrift,
  KubernetesObject,
  ObjectDrift,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
import {
  flaggerGenerated,
  isControlled,
  kindKey,
  objectKey,
} from '@meshpath/mesh-engine';
import { differingFields, type FieldComparison } from './driftFields';

/** The live objects attributed to a service in one cluster. */
export interface DriftLiveCluster {
  cluster: string;
  objects: readonly KubernetesObject[];
  /** Failed list calls: a cluster with any is not compared, since a missing object may only be unlisted. */
  errors?: readonly string[];
}

/** What {@link computeDrift} compares. */
export interface DriftInput {
  /** The objects of the service's declared folder, with the file and line the parser gave each. */
  declared: readonly SourcedObject[];
  /** Per cluster, the live objects attributed to the service (owned or selected, not merely covering policies). */
  live: readonly DriftLiveCluster[];
  /** Namespace of declared objects that name none: the service's namespace (kubectl would use `default`). */
  defaultNamespace?: string;
  /** Canaries known from elsewhere (the cluster's whole world): their generated objects are left out too. */
  canaries?: readonly KubernetesObject[];
  /** The kinds the live source lists; declared kinds outside it are not compared. Every declared kind when absent. */
  listedKinds?: Iterable<{ group: string; kind: string }>;
  /** Most differing fields listed per object. */
  maxFieldsPerObject?: number;
}

/** Kinds in a GitOps folder that are build instructions or documents, never applied to a cluster. */
const NOT_APPLIED_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'config.kubernetes.io',
  'openslo',
  'backstage.io',
]);

/** Istio's CRDs declare no defaults, so a field only the live copy has was put there by someone. */
const EXACT_GROUPS = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
]);

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole.rbac.authorization.k8s.io',
  'ClusterRoleBinding.rbac.authorization.k8s.io',
  'CustomResourceDefinition.apiextensions.k8s.io',
  'StorageClass.storage.k8s.io',
  'PriorityClass.scheduling.k8s.io',
  'MutatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io',
  'GatewayClass.gateway.networking.k8s.io',
]);

/** Set by kubectl, the API server, Argo CD or Flux to track an object, never by its author. */
const BOOKKEEPING_METADATA = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'argocd.argoproj.io/tracking-id',
  // Argo CD's label tracking overwrites it with the application's name.
  'app.kubernetes.io/instance',
]);

/** Top-level fields that are identity or the cluster's report, not desired state. */
const NOT_DESIRED_STATE = new Set(['apiVersion', 'kind', 'metadata', 'status']);

const DEFAULT_MAX_FIELDS = 50;

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

interface Declared {
  object: KubernetesObject;
  ref: DriftObject;
  kind: string;
  key: string;
}

function declaredEntries(
  declared: readonly SourcedObject[],
  defaultNamespace: string | undefined,
): Declared[] {
  const byKey = new Map<string, Declared>();
  for (const { object, source } of declared) {
    if (NOT_APPLIED_GROUPS.has(groupOf(object.apiVersion))) continue;
    const kind = kindKey(object.apiVersion, object.kind);
    const namespace = CLUSTER_SCOPED.has(kind)
      ? undefined
      : object.metadata.namespace || defaultNamespace || 'default';
    const key = objectKey(kind, namespace ?? '', object.metadata.name);
    // The first declaration wins; a duplicate is the analyser's finding.
    if (byKey.has(key)) continue;
    byKey.set(key, {
      object,
      kind,
      key,
      ref: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        ...(namespace ? { namespace } : {}),
        name: object.metadata.name,
        ...(source ? { source } : {}),
      },
    });
  }
  return [...byKey.values()];
}

function liveRef(object: KubernetesObject, cluster: string): DriftObject {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.metadata.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    name: object.metadata.name,
    cluster,
  };
}

const liveKey = (object: KubernetesObject) =>
  objectKey(
    kindKey(object.apiVersion, object.kind),
    object.metadata.namespace ?? '',
    object.metadata.name,
  );

/** A label or annotation map without the keys tools set for their own tracking. */
function authored(map: unknown): Record<string, unknown> {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return {};
  return Object.fromEntries(
    Object.entries(map).filter(([k]) => !BOOKKEEPING_METADATA.has(k)),
  );
}

/** A Secret's `stringData` as the API server stores it: base64 in `data`. */
function storedSecret(object: KubernetesObject): KubernetesObject {
  const stringData = object.stringData;
  if (typeof stringData !== 'object' || stringData === null) return object;
  const { stringData: _, ...rest } = object;
  const data = { ...(rest.data as Record<string, unknown> | undefined) };
  for (const [k, v] of Object.entries(stringData)) {
    data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  }
  return { ...rest, data } as KubernetesObject;
}

function compareObject(
  declared: Declared,
  live: KubernetesObject,
  ignoredPaths: ReadonlySet<string>,
): FieldDrift[] {
  const group = groupOf(declared.object.apiVersion);
  const isSecret = declared.kind === 'Secret';
  const comparison: FieldComparison = {
    mode: EXACT_GROUPS.has(group) ? 'exact' : 'subset',
    hideValues: isSecret,
    ignoredPaths,
  };
  const d = isSecret ? storedSecret(declared.object) : declared.object;
  const topLevel = new Set(Object.keys(d));
  if (comparison.mode === 'exact')
    Object.keys(live).forEach(k => topLevel.add(k));
  const fields: FieldDrift[] = [];
  for (const field of ['labels', 'annotations'] as const) {
    fields.push(
      ...differingFields(
        authored(d.metadata[field]),
        authored(live.metadata[field]),
        `metadata.${field}`,
        // Controllers and GitOps tools add labels and annotations of their own.
        { mode: 'subset', ignoredPaths },
      ),
    );
  }
  for (const field of topLevel) {
    if (NOT_DESIRED_STATE.has(field)) continue;
    const own = (o: KubernetesObject) =>
      Object.prototype.hasOwnProperty.call(o, field) ? o[field] : undefined;
    fields.push(...differingFields(own(d), own(live), field, comparison));
  }
  return fields;
}

/**
 * Compares the manifests a service declares in Git with its live objects,
 * cluster by cluster. Only the kinds present in the declared folder are
 * compared. A live object is "live but not declared" only if it is of such a
 * kind, in a namespace the folder declares into (or cluster-scoped), and not
 * generated by Flagger or another controller. Fields are compared as the API
 * server stores them: metadata other than authored labels and annotations and
 * `status` are ignored; a field only the live copy has is a default, except
 * for Istio kinds (their CRDs have no defaults), in lists (declared
 * completely) and in label selectors. Objects Flagger generates for a Canary
 * are neither compared nor "live but not declared", and the replicas of a
 * Canary's target are Flagger's to scale.
 */
export function computeDrift(input: DriftInput): DriftDetail {
  const declared = declaredEntries(input.declared, input.defaultNamespace);
  const listed = input.listedKinds
    ? new Set(
        [...input.listedKinds].map(k =>
          k.group ? `${k.kind}.${k.group}` : k.kind,
        ),
      )
    : undefined;
  const declaredKinds = [...new Set(declared.map(d => d.kind))];
  const compared = new Set(declaredKinds.filter(k => !listed || listed.has(k)));
  const comparedDeclared = declared.filter(d => compared.has(d.kind));
  const declaredNamespaces = new Set(
    comparedDeclared.map(d => d.ref.namespace).filter(Boolean),
  );
  const maxFields = input.maxFieldsPerObject ?? DEFAULT_MAX_FIELDS;

  const report: DriftDetail = {
    comparedKinds: [...compared],
    uncomparedKinds: declaredKinds.filter(k => !compared.has(k)),
    clusters: [],
    unreadClusters: [],
    declaredNotLive: [],
    liveNotDeclared: [],
    differing: [],
    generated: [],
  };

  const isCanary = (o: KubernetesObject) =>
    o.kind === 'Canary' && groupOf(o.apiVersion) === 'flagger.app';
  const declaredCanaries = declared
    .filter(d => isCanary(d.object))
    .map(d => ({ canary: d.object, namespace: d.ref.namespace ?? '' }));
  const knownCanaries = (input.canaries ?? []).map(canary => ({
    canary,
    namespace: canary.metadata.namespace ?? input.defaultNamespace ?? '',
  }));

  for (const cluster of input.live) {
    if (cluster.errors && cluster.errors.length > 0) {
      report.unreadClusters.push(cluster.cluster);
      continue;
    }
    // A service with nothing in a cluster is not deployed there.
    if (cluster.objects.length === 0) continue;
    report.clusters.push(cluster.cluster);
    const flagger = flaggerGenerated([
      ...declaredCanaries,
      ...knownCanaries,
      ...cluster.objects.filter(isCanary).map(canary => ({
        canary,
        namespace: canary.metadata.namespace ?? '',
      })),
    ]);
    const liveByKey = new Map<string, KubernetesObject>();
    for (const object of cluster.objects) {
      const kind = kindKey(object.apiVersion, object.kind);
      if (compared.has(kind) && !liveByKey.has(liveKey(object))) {
        liveByKey.set(liveKey(object), object);
      }
    }
    const isGenerated = (key: string, live?: KubernetesObject) =>
      flagger.generated.has(key) || (live !== undefined && isControlled(live));

    const matched = new Set<string>();
    for (const d of comparedDeclared) {
      const live = liveByKey.get(d.key);
      matched.add(d.key);
      if (isGenerated(d.key, live)) {
        // Git declaring what Flagger generates is the analyser's finding, not drift.
        if (live) report.generated.push(liveRef(live, cluster.cluster));
        continue;
      }
      if (!live) {
        report.declaredNotLive.push({ ...d.ref, cluster: cluster.cluster });
        continue;
      }
      const ignored = new Set(
        flagger.targets.has(d.key) ? ['spec.replicas'] : [],
      );
      const fields = compareObject(d, live, ignored);
      if (fields.length > 0) {
        const drift: ObjectDrift = {
          object: { ...d.ref, cluster: cluster.cluster },
          fields: fields.slice(0, maxFields),
        };
        if (fields.length > maxFields) {
          drift.omittedFields = fields.length - maxFields;
        }
        report.differing.push(drift);
      }
    }
    for (const [key, live] of liveByKey) {
      if (matched.has(key)) continue;
      const namespace = live.metadata.namespace;
      if (namespace && !declaredNamespaces.has(namespace)) continue;
      if (isGenerated(key, live)) {
        report.generated.push(liveRef(live, cluster.cluster));
      } else {
        report.liveNotDeclared.push(liveRef(live, cluster.cluster));
      }
    }
  }

  return report;
}
