import type {
  Dataplane,
  MtlsLevel,
  MtlsMode,
  ObjectRef,
  PolicyConflict,
} from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';
import { selectorMatches } from '../labelSelector';
import type { IndexedObject, MeshIndex, Workload } from '../meshIndex';
import { policySelector } from '../policyScopes';
import { SelectorIndex } from '../selectorIndex';

const modes = new Set(['STRICT', 'PERMISSIVE', 'DISABLE']);

/** A mode with where it came from. */
export interface ResolvedMtls {
  mode: MtlsMode;
  decidedBy: { ref?: ObjectRef; level: MtlsLevel };
}

/** The mode a policy (or one of its port settings) sets; undefined for UNSET or nonsense. */
function modeOf(setting: unknown): MtlsMode | undefined {
  const mode = isRecord(setting) ? setting.mode : undefined;
  return typeof mode === 'string' && modes.has(mode)
    ? (mode as MtlsMode)
    : undefined;
}

/** Istio keeps the oldest policy when several sit at one level; name breaks ties. */
function byAge(a: IndexedObject, b: IndexedObject): number {
  const at = (o: IndexedObject) =>
    String(o.object.metadata.creationTimestamp ?? '');
  return (
    at(a).localeCompare(at(b)) ||
    a.namespace.localeCompare(b.namespace) ||
    a.ref.name.localeCompare(b.ref.name)
  );
}

const refName = (policy: IndexedObject) =>
  `${policy.namespace}/${policy.ref.name}`;

function several(
  level: string,
  policies: IndexedObject[],
): PolicyConflict | undefined {
  if (policies.length < 2) return undefined;
  return {
    severity: 'warning',
    message: `${policies.length} ${level} PeerAuthentications apply (${policies
      .map(refName)
      .join(', ')}); Istio uses the oldest, ${refName(policies[0])}`,
    objects: policies.map(policy => policy.ref),
  };
}

/**
 * PeerAuthentications by level, as Istio applies them: mesh-wide (root
 * namespace, no selector), namespace-wide, and workload (selector, outside
 * the root namespace: a selector in the root namespace is ignored).
 */
export class PeerAuthentications {
  private readonly mesh: IndexedObject[] = [];
  private readonly namespaceWide = new Map<string, IndexedObject[]>();
  /** Workload-level policies by namespace, oldest first. */
  private readonly selecting = new SelectorIndex<IndexedObject>();
  /** Root-namespace policies with a selector: Istio ignores them. */
  readonly ignored: IndexedObject[] = [];

  constructor(private readonly index: MeshIndex) {
    const selecting: IndexedObject[] = [];
    for (const policy of index.istio('PeerAuthentication')) {
      const selector = policySelector(policy);
      const root = policy.namespace === index.rootNamespace;
      if (selector && root) this.ignored.push(policy);
      else if (selector) selecting.push(policy);
      else if (root) this.mesh.push(policy);
      else push(this.namespaceWide, policy.namespace, policy);
    }
    this.mesh.sort(byAge);
    for (const list of this.namespaceWide.values()) list.sort(byAge);
    for (const policy of selecting.sort(byAge))
      this.selecting.add(policy.namespace, policy, policySelector(policy)!);
  }

  /**
   * The workload-level mode (mesh → namespace → workload, UNSET inheriting)
   * and a resolver for each of its ports (`portLevelMtls` of the workload
   * policy, keyed by the workload's target port).
   */
  forWorkload(
    workload: Workload,
    dataplane: Dataplane,
  ): {
    mtls: ResolvedMtls;
    port: (port: number) => ResolvedMtls;
    conflicts: PolicyConflict[];
  } {
    const conflicts: PolicyConflict[] = [];
    const namespacePolicies =
      workload.namespace === this.index.rootNamespace
        ? []
        : this.namespaceWide.get(workload.namespace) ?? [];
    const workloadPolicies = this.selecting.matching(
      workload.namespace,
      workload.labels,
    );
    for (const conflict of [
      several('mesh-wide', this.mesh),
      several('namespace-wide', namespacePolicies),
      several('workload', workloadPolicies),
    ])
      if (conflict) conflicts.push(conflict);
    for (const policy of this.ignored) {
      if (selectorMatches(policySelector(policy), workload.labels))
        conflicts.push({
          severity: 'warning',
          message: `PeerAuthentication ${refName(
            policy,
          )} has a selector in the root namespace, which Istio ignores`,
          objects: [policy.ref],
        });
    }

    const ambient = dataplane === 'ambient';
    const apply = (
      current: ResolvedMtls,
      mode: MtlsMode | undefined,
      decidedBy: ResolvedMtls['decidedBy'],
    ): ResolvedMtls => {
      if (!mode) return current;
      // HBONE is always mutual TLS: ambient treats DISABLE as PERMISSIVE.
      if (ambient && mode === 'DISABLE') {
        conflicts.push({
          severity: 'warning',
          message: `PeerAuthentication ${decidedBy.ref?.namespace}/${decidedBy.ref?.name} sets DISABLE, which ambient mode does not support: plaintext and mTLS are both accepted`,
          objects: decidedBy.ref ? [decidedBy.ref] : [],
        });
        return { mode: 'PERMISSIVE', decidedBy };
      }
      return { mode, decidedBy };
    };

    let mtls: ResolvedMtls = {
      mode: 'PERMISSIVE',
      decidedBy: { level: 'default' },
    };
    const levels: Array<[IndexedObject | undefined, MtlsLevel]> = [
      [this.mesh[0], 'mesh'],
      [namespacePolicies[0], 'namespace'],
      [workloadPolicies[0], 'workload'],
    ];
    for (const [policy, level] of levels) {
      if (policy)
        mtls = apply(mtls, modeOf(policy.object.spec?.mtls), {
          ref: policy.ref,
          level,
        });
    }

    const workloadPolicy = workloadPolicies[0];
    const portSettings = isRecord(workloadPolicy?.object.spec?.portLevelMtls)
      ? workloadPolicy!.object.spec.portLevelMtls
      : {};
    const port = (number: number): ResolvedMtls =>
      apply(mtls, modeOf(portSettings[String(number)]), {
        ref: workloadPolicy?.ref,
        level: 'port',
      });
    return { mtls, port, conflicts };
  }

  /** Ports a workload policy names, so that they are shown even without a Service. */
  portsNamedFor(workload: Workload): number[] {
    const policy = this.selecting.matching(
      workload.namespace,
      workload.labels,
    )[0];
    const ports = policy?.object.spec?.portLevelMtls;
    return isRecord(ports)
      ? Object.keys(ports)
          .map(Number)
          .filter(n => Number.isInteger(n) && n > 0)
      : [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
