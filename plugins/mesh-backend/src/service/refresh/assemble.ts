import {
  isMeshRuleCode,
  meshRule,
  type ClusterMeshState,
  type ComplianceCheck,
  type DriftDetail,
  type EntityMeshState,
  type Finding,
  type ObservedTraffic,
  type SloStatus,
  type SourceError,
  type Waiver,
} from '@meshpath/plugin-mesh-common';
import { scoreCompliance } from '../../evaluation/compliance';
import { withLastGood } from '../lastGood';
import { overallStatus } from '../../evaluation/status';
import type { ClusterPart } from './attribute';
import { classifyTraffic } from './classifyTraffic';
import { documentationUrlOf } from './documentation';
import { mtlsSummary } from './mtlsSummary';
import { destinationOf, TrafficSource } from './trafficDestination';

/** What the SLO and traffic task contributes to an entity's state. */
export interface MeasuredPart {
  slos: SloStatus[];
  /** The fleet's callers over the window; the entity's are picked when merging, by the workloads and hosts stored then. */
  traffic?: TrafficSource;
  /** The clusters configured now, when every source could list its own: parts and errors of any other are dropped. */
  clusters?: string[];
  errors: SourceError[];
}

/** One task's update of an entity: a cluster's part (or its removal), or the measurements. */
export type StateUpdate =
  | { kind: 'cluster'; part: ClusterPart }
  | { kind: 'cluster-gone'; cluster: string }
  /** The cluster could not be read: its last part stays, with the reason. */
  | { kind: 'cluster-unread'; cluster: string; errors: SourceError[] }
  | { kind: 'measured'; part: MeasuredPart }
  /** The callers picked again, for workloads or hosts a cluster's part brought after the measurements. */
  | { kind: 'traffic'; traffic: TrafficSource };

/** A stored check with its rule's controls, as scoring counts them; none for a code the catalogue no longer has. */
const withControls = (check: ComplianceCheck) => ({
  ...check,
  controls: isMeshRuleCode(check.code) ? meshRule(check.code).controls : [],
});

const latest = (a: string, b?: string) => (b && b > a ? b : a);

const errorKey = (e: SourceError) => `${e.source}\u0000${e.message}`;
function unique(errors: SourceError[]): SourceError[] {
  const seen = new Map<string, SourceError>();
  for (const e of errors) if (!seen.has(errorKey(e))) seen.set(errorKey(e), e);
  return [...seen.values()];
}

const emptyDrift = (): DriftDetail => ({
  comparedKinds: [],
  uncomparedKinds: [],
  clusters: [],
  unreadClusters: [],
  declaredNotLive: [],
  liveNotDeclared: [],
  differing: [],
  generated: [],
});

/** Drift of the other clusters with `cluster`'s replaced by `next`. */
function replaceDrift(
  previous: DriftDetail | undefined,
  cluster: string,
  next: DriftDetail | undefined,
): DriftDetail | undefined {
  // States stored before drift detail (no `clusters` list) are not merged into.
  const kept =
    previous && Array.isArray(previous.clusters) ? previous : undefined;
  if (!kept && !next) return undefined;
  const other = <T extends { cluster?: string }>(items: T[] | undefined) =>
    (items ?? []).filter(i => i.cluster !== cluster);
  const base = kept ?? emptyDrift();
  const add = next ?? emptyDrift();
  const merged: DriftDetail = {
    comparedKinds: [...new Set([...base.comparedKinds, ...add.comparedKinds])],
    uncomparedKinds: [
      ...new Set([...base.uncomparedKinds, ...add.uncomparedKinds]),
    ],
    clusters: [
      ...new Set([
        ...base.clusters.filter(c => c !== cluster),
        ...add.clusters,
      ]),
    ],
    unreadClusters: [
      ...new Set([
        ...base.unreadClusters.filter(c => c !== cluster),
        ...add.unreadClusters,
      ]),
    ],
    declaredNotLive: [...other(base.declaredNotLive), ...add.declaredNotLive],
    liveNotDeclared: [...other(base.liveNotDeclared), ...add.liveNotDeclared],
    differing: [
      ...base.differing.filter(d => d.object.cluster !== cluster),
      ...add.differing,
    ],
    generated: [...other(base.generated), ...add.generated],
  };
  return merged;
}

const CLUSTER_SOURCE = 'cluster:';
const clusterOfError = (e: SourceError) =>
  e.source.startsWith(CLUSTER_SOURCE)
    ? e.source.slice(CLUSTER_SOURCE.length)
    : undefined;

/** The errors of the measurements in a stored state: all but its clusters' own (the measurements never report a cluster). */
function measuredErrorsOf(
  previous: EntityMeshState | undefined,
): SourceError[] {
  if (!previous) return [];
  const ofClusters = new Set(
    (previous.clusters ?? []).flatMap(c => c.errors.map(errorKey)),
  );
  return previous.errors.filter(
    e => !ofClusters.has(errorKey(e)) && clusterOfError(e) === undefined,
  );
}

/**
 * Errors of clusters that could not be read and where the entity has no part
 * (it may run there): kept until that cluster is read again, whatever else is
 * merged meanwhile.
 */
function unreadClusterErrorsOf(
  previous: EntityMeshState | undefined,
): SourceError[] {
  if (!previous) return [];
  const sectioned = new Set(previous.clusters.map(c => c.cluster));
  return previous.errors.filter(e => {
    const cluster = clusterOfError(e);
    return cluster !== undefined && !sectioned.has(cluster);
  });
}

/** Whether a stored state already says `cluster` could not be read, with exactly these errors. */
function alreadyUnread(
  previous: EntityMeshState,
  cluster: string,
  errors: SourceError[],
): boolean {
  const section = previous.clusters.find(c => c.cluster === cluster);
  const stored = section
    ? section.errors
    : unreadClusterErrorsOf(previous).filter(
        e => clusterOfError(e) === cluster,
      );
  const keys = new Set(stored.map(errorKey));
  return (
    keys.size === new Set(errors.map(errorKey)).size &&
    errors.every(e => keys.has(errorKey(e)))
  );
}

/** Clusters the state has a part or an error of that the measurements' update says are no longer configured. */
function removedClustersOf(
  previous: EntityMeshState | undefined,
  update: StateUpdate,
): string[] {
  if (update.kind !== 'measured' || !update.part.clusters || !previous)
    return [];
  const configured = new Set(update.part.clusters);
  const mentioned = new Set([
    ...(previous.clusters ?? []).map(c => c.cluster),
    ...previous.errors.flatMap(e => clusterOfError(e) ?? []),
  ]);
  return [...mentioned].filter(c => !configured.has(c));
}

/**
 * An entity's state after one task's update: the parts the update does not
 * touch are kept from the stored state, the rest (compliance, waivers, mTLS
 * summary, status) is derived again from all the parts.
 */
export function assembleState(input: {
  entityRef: string;
  now: Date;
  previous?: EntityMeshState;
  update: StateUpdate;
  waivers: Waiver[];
  rulesDocumentationUrl?: string;
}): EntityMeshState {
  const removed = removedClustersOf(input.previous, input.update);
  if (removed.length > 0) {
    // Each as if its task had found the entity gone from it, then the update itself.
    let previous = input.previous;
    for (const cluster of removed)
      previous = assembleState({
        ...input,
        previous,
        update: { kind: 'cluster-gone', cluster },
      });
    const { clusters: _done, ...part } = (
      input.update as Extract<StateUpdate, { kind: 'measured' }>
    ).part;
    return assembleState({
      ...input,
      previous,
      update: { kind: 'measured', part },
    });
  }
  const { update, now } = input;
  // A state stored before per-cluster sections has nothing to keep but its SLOs.
  const previous = Array.isArray(input.previous?.clusters)
    ? input.previous
    : undefined;
  // A cluster still unread for the same reason: nothing to write.
  if (
    update.kind === 'cluster-unread' &&
    previous &&
    alreadyUnread(previous, update.cluster, update.errors)
  )
    return previous;
  if (
    update.kind === 'cluster-unread' &&
    previous?.clusters.some(c => c.cluster === update.cluster)
  ) {
    const clusters = previous.clusters.map(c =>
      c.cluster === update.cluster ? { ...c, errors: update.errors } : c,
    );
    const partial = {
      ...previous,
      clusters,
      errors: unique([
        ...clusters.flatMap(c => c.errors),
        ...unreadClusterErrorsOf(previous),
        ...measuredErrorsOf(previous),
      ]),
    };
    return { ...partial, status: overallStatus(partial) };
  }
  // A run of a cluster that read it before the stored part did (an on-demand refresh overtaken by the schedule) changes nothing.
  if (update.kind === 'cluster' && previous) {
    const stored = previous.clusters.find(
      c => c.cluster === update.part.cluster,
    );
    if (stored && stored.refreshedAt > update.part.section.refreshedAt)
      return previous;
  }
  let touched: string | undefined;
  if (update.kind === 'cluster') touched = update.part.cluster;
  else if (update.kind === 'cluster-gone') touched = update.cluster;
  // A cluster read again (or unread anew) replaces what was said of it unread; the others' stays.
  const replaced = update.kind === 'cluster-unread' ? update.cluster : touched;
  const unread = [
    ...unreadClusterErrorsOf(previous).filter(
      e => clusterOfError(e) !== replaced,
    ),
    ...(update.kind === 'cluster-unread' ? update.errors : []),
  ];
  const keep = <T extends { cluster?: string }>(items: T[] | undefined) =>
    (items ?? []).filter(i => touched === undefined || i.cluster !== touched);
  const part = update.kind === 'cluster' ? update.part : undefined;

  const clusters: ClusterMeshState[] = [
    ...keep(previous?.clusters),
    ...(part ? [part.section] : []),
  ].sort((a, b) => a.cluster.localeCompare(b.cluster));
  const findings: Finding[] = [
    ...keep(previous?.compliance.findings).map(({ waiverId: _w, ...f }) => f),
    ...(part?.findings ?? []),
  ];
  const measured =
    update.kind === 'measured'
      ? {
          slos: withLastGood(update.part.slos, input.previous),
          errors: update.part.errors,
        }
      : {
          slos: input.previous?.slos ?? [],
          errors: measuredErrorsOf(previous),
        };
  let trafficSource: TrafficSource | undefined;
  if (update.kind === 'measured') trafficSource = update.part.traffic;
  else if (update.kind === 'traffic') trafficSource = update.traffic;
  const traffic: ObservedTraffic | undefined = trafficSource
    ? trafficSource.trafficTo(destinationOf(clusters))
    : input.previous?.traffic;
  const workloads = clusters.flatMap(c => c.workloads);
  const drift =
    touched === undefined
      ? previous?.drift
      : replaceDrift(previous?.drift, touched, part?.drift);
  const compliance = scoreCompliance(
    { findings, compliance: clusters.flatMap(c => c.checks).map(withControls) },
    input.waivers,
  );
  compliance.findings = compliance.findings.map(f => {
    const documentationUrl = documentationUrlOf(f, input.rulesDocumentationUrl);
    return documentationUrl ? { ...f, documentationUrl } : f;
  });
  const partial: Omit<EntityMeshState, 'status'> = {
    entityRef: input.entityRef,
    // The merge holds every stored part: it is never older than the state it was merged into.
    // A cluster that could not be read refreshes nothing.
    refreshedAt:
      update.kind === 'cluster-unread' && input.previous
        ? input.previous.refreshedAt
        : latest(now.toISOString(), input.previous?.refreshedAt),
    objects: [...keep(previous?.objects), ...(part?.objects ?? [])],
    mtls: mtlsSummary(workloads),
    clusters,
    canaries: [...keep(previous?.canaries), ...(part?.canaries ?? [])],
    ...(drift ? { drift } : {}),
    slos: measured.slos,
    // Classified again on every write: a cluster's new policy changes the verdicts.
    ...(traffic ? { traffic: classifyTraffic(traffic, workloads) } : {}),
    compliance,
    errors: unique([
      ...clusters.flatMap(c => c.errors),
      ...unread,
      ...measured.errors,
    ]),
  };
  return { ...partial, status: overallStatus(partial) };
}
