import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  CanaryStatus,
  ClusterMeshState,
  ComplianceCheck,
  DriftDetail,
  Finding,
  GoldenPath,
  KubernetesObject,
  ObjectSummary,
  ServicePolicy,
  SourceError,
  SourceLocation,
  WorkloadPolicy,
  WorkloadReachability,
} from '@meshpath/plugin-mesh-common';
import { MESH_NAMESPACE_LABEL } from '@meshpath/plugin-mesh-common';
import { applyRulePolicy } from '@meshpath/mesh-engine';
import { ClusterWorld } from '@meshpath/plugin-mesh-node';
import type { EntityFacts } from '../../database';
import { computeDrift } from '../../evaluation/drift';
import type { DeclaredManifests } from '../../sources/DeclaredManifestSource';
import type { ClusterAnalysis } from './analyseCluster';
import { Attribution, objectKey } from './attribution';
import { summariseObject } from './objectSummary';
import { sloDefinitionsFromPrometheusRules } from '../../slo/prometheusRules';

/** What one cluster's refresh contributes to one entity's state. */
export interface ClusterPart {
  cluster: string;
  section: ClusterMeshState;
  objects: ObjectSummary[];
  canaries: CanaryStatus[];
  /** Findings in this cluster, the entity's rule policy applied, each with its cluster. */
  findings: Array<Finding & { cluster: string }>;
  drift?: DriftDetail;
}

/** The analysis of a cluster indexed by object, so each entity looks up its own instead of filtering everything. */
export class IndexedAnalysis {
  readonly findings = new Map<string, Finding[]>();
  readonly checks = new Map<string, ClusterAnalysis['checks']>();
  readonly workloads = new Map<string, WorkloadPolicy>();
  readonly services = new Map<string, ServicePolicy>();
  readonly reachability = new Map<string, WorkloadReachability>();
  readonly canaries: KubernetesObject[];

  constructor(readonly analysis: ClusterAnalysis, world: ClusterWorld) {
    for (const f of analysis.findings) {
      if (!f.object) continue;
      const key = objectKey(f.object);
      const list = this.findings.get(key);
      if (list) list.push(f);
      else this.findings.set(key, [f]);
    }
    for (const c of analysis.checks) {
      const key = objectKey(c.subject);
      const list = this.checks.get(key);
      if (list) list.push(c);
      else this.checks.set(key, [c]);
    }
    for (const w of analysis.policy?.workloads ?? [])
      this.workloads.set(objectKey(w.ref), w);
    for (const s of analysis.policy?.services ?? [])
      this.services.set(objectKey(s.ref), s);
    for (const r of analysis.reachability ?? [])
      this.reachability.set(objectKey(r.workload), r);
    this.canaries = world.objects.filter(o => o.kind === 'Canary');
  }
}

/** Owner, system and lifecycle from the catalog entity (the namespace is the stored state's: see `store.ts`). */
export function catalogFactsOf(entity: Entity): EntityFacts {
  const lifecycle = entity.spec?.lifecycle;
  return {
    owner: relationRef(entity, entity.spec?.owner, 'group'),
    system: relationRef(entity, entity.spec?.system, 'system'),
    ...(typeof lifecycle === 'string' ? { lifecycle } : {}),
  };
}

/** A spec field's reference in full (`group:default/payments-team`), as the catalog's pickers filter by. */
function relationRef(
  entity: Entity,
  value: unknown,
  defaultKind: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return value;
  }
}

function canaryOf(o: KubernetesObject, cluster: string): CanaryStatus {
  const status = o.status ?? {};
  return {
    cluster,
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    ...(typeof status.phase === 'string' ? { phase: status.phase } : {}),
    ...(typeof status.canaryWeight === 'number'
      ? { canaryWeight: status.canaryWeight }
      : {}),
    ...(typeof status.failedChecks === 'number'
      ? { failedChecks: status.failedChecks }
      : {}),
  };
}

/**
 * One entity's share of a cluster: its objects, the policy model of its
 * workloads and Services, its findings with its golden path's rule policy,
 * its compliance checks and its drift from Git in this cluster.
 */
export function attributeToEntity(input: {
  cluster: string;
  now: Date;
  world: ClusterWorld;
  analysis: IndexedAnalysis;
  attribution?: Attribution;
  declared?: DeclaredManifests;
  goldenPath?: GoldenPath;
  errors: SourceError[];
}): ClusterPart {
  const { cluster, attribution, analysis, goldenPath } = input;
  const rules = goldenPath?.rules;
  const disabled = new Set(rules?.disabled ?? []);
  const listed: Array<{
    o: KubernetesObject;
    relation: ObjectSummary['relation'];
  }> = attribution
    ? [
        ...attribution.owned.map(o => ({ o, relation: 'owned' as const })),
        ...attribution.coveredBy.map(o => ({
          o,
          relation: 'covering' as const,
        })),
        ...attribution.about.map(o => ({ o, relation: 'about' as const })),
      ]
    : [];
  const findings: Array<Finding & { cluster: string }> = [];
  const objects: ObjectSummary[] = [];
  const declaredAt = declaredLocations(
    input.declared,
    attribution?.namespaces[0],
  );
  for (const { o, relation } of listed) {
    const own = applyRulePolicy(
      analysis.findings.get(objectKey(o)) ?? [],
      rules,
    );
    // A live object the service also declares points at its file and line in Git.
    const source = declaredAt.get(objectKey(o));
    findings.push(
      ...own.map(f => ({
        ...f,
        ...(source && !f.source ? { source } : {}),
        cluster,
      })),
    );
    // Namespaces are context, not objects of the service: their findings count, they are not listed.
    if (o.kind !== 'Namespace')
      objects.push(summariseObject(o, cluster, relation, own.length));
  }
  const checks: ComplianceCheck[] = (attribution?.services ?? []).flatMap(s =>
    (analysis.checks.get(objectKey(s)) ?? [])
      .filter(c => !disabled.has(c.code))
      // Controls are the rule's: looked up again when scoring, not stored per service.
      .map(({ code, subject, passed, message }) => ({
        code,
        subject,
        passed,
        message,
      })),
  );
  const workloads = (attribution?.workloads ?? []).flatMap(w => {
    const policy = analysis.workloads.get(objectKey(w));
    return policy ? [policy] : [];
  });
  const services = (attribution?.services ?? []).flatMap(s => {
    const policy = analysis.services.get(objectKey(s));
    return policy ? [policy] : [];
  });
  const reachability = (attribution?.workloads ?? []).flatMap(w => {
    const view = analysis.reachability.get(objectKey(w));
    return view ? [view] : [];
  });
  const drift =
    input.declared && attribution
      ? computeDrift({
          declared:
            input.declared.sourced ??
            input.declared.objects.map(object => ({ object })),
          live: [
            {
              cluster,
              // Its Namespaces, and the objects a golden path writes once per namespace, carry no service label, yet a service's folder declares them.
              objects: [
                ...attribution.owned,
                ...attribution.about.filter(o => o.kind === 'Namespace'),
                ...namespaceObjectsOf(input.world, attribution.namespaces),
              ],
              errors: input.world.errors,
            },
          ],
          defaultNamespace: attribution.namespaces[0],
          canaries: analysis.canaries,
        })
      : undefined;
  // SLOs the service's live PrometheusRules declare, for each of its Services.
  const liveSlos = (attribution?.services ?? []).map(service =>
    sloDefinitionsFromPrometheusRules(attribution!.owned, {
      name: service.metadata.name,
      namespace: service.metadata.namespace ?? 'default',
    }),
  );
  const slos = liveSlos.flatMap(l => l.slos);
  return {
    cluster,
    section: {
      cluster,
      refreshedAt: input.now.toISOString(),
      workloads,
      services,
      ...(reachability.length > 0 ? { reachability } : {}),
      ...(slos.length > 0 ? { slos } : {}),
      checks,
      errors: [
        ...input.errors,
        ...liveSlos.flatMap(l =>
          l.errors.map(message => ({ source: 'slo', message })),
        ),
      ],
    },
    objects,
    canaries: (attribution?.owned ?? [])
      .filter(o => o.kind === 'Canary')
      .map(o => canaryOf(o, cluster)),
    findings,
    ...(drift ? { drift } : {}),
  };
}

/** Where each declared object starts in Git, by the key live objects are indexed under. */
function declaredLocations(
  declared: DeclaredManifests | undefined,
  defaultNamespace: string | undefined,
): Map<string, SourceLocation> {
  const located = new Map<string, SourceLocation>();
  for (const { object, source } of declared?.sourced ?? []) {
    if (!source) continue;
    const namespace = object.metadata.namespace ?? defaultNamespace;
    located.set(
      objectKey({ ...object, metadata: { ...object.metadata, namespace } }),
      source,
    );
  }
  return located;
}

/** Objects labelled for one of the namespaces (by their own namespace), not for a service. */
function namespaceObjectsOf(world: ClusterWorld, namespaces: string[]) {
  const wanted = new Set(namespaces);
  return world.objects.filter(o => {
    const namespace = o.metadata.labels?.[MESH_NAMESPACE_LABEL];
    return (
      namespace !== undefined &&
      wanted.has(namespace) &&
      o.metadata.namespace === namespace &&
      o.metadata.labels?.['backstage.io/kubernetes-id'] === undefined
    );
  });
}
