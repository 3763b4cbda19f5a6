import type { ComplianceFramework, Finding, ObjectRef } from '../findings';
import type { DriftDetail } from './drift';
import type { MaturityAssessment } from './maturity';
import type { ServicePolicy, WorkloadPolicy } from './policy';
import type { WorkloadReachability } from './reachability';
import type { SloDefinition, SloStatus } from './slo';
import type { ObservedTraffic } from './traffic';

/** Overall status of an entity. @public */
export type MeshStatus = 'ok' | 'warning' | 'critical' | 'unknown';

/** A source (cluster, Git, Prometheus) that failed for this entity. @public */
export interface SourceError {
  /** The source, for example `cluster:prod-eu` or `prometheus`. */
  source: string;
  message: string;
}

/**
 * Drift as states stored before drift detail carried it.
 * @public
 * @deprecated Read {@link DriftDetail}.
 */
export interface DriftReport {
  declaredNotLive: ObjectRef[];
  liveNotDeclared: ObjectRef[];
  differing: Array<{ object: ObjectRef; fields: string[] }>;
}

/** A Flagger canary and where it stands. @public */
export interface CanaryStatus {
  cluster: string;
  namespace: string;
  name: string;
  phase?: string;
  canaryWeight?: number;
  failedChecks?: number;
}

/** Compliance score of one framework. @public */
export interface FrameworkScore {
  framework: ComplianceFramework;
  passed: number;
  failed: number;
  waived: number;
  /** Share of checks passed or waived, 0..1; null when no check applies. */
  score: number | null;
  controls: Array<{
    control: string;
    passed: number;
    failed: number;
    waived: number;
  }>;
}

/** A finding with the waiver that covers it, if any. @public */
export interface EvaluatedFinding extends Finding {
  waiverId?: string;
  /** The cluster whose analysis found it; absent for findings on declared files. */
  cluster?: string;
  /** Where the rule is documented: what it checks, why, and how to fix it. */
  documentationUrl?: string;
}

/**
 * One compliance check of one Service, before waivers. Its controls are the
 * rule's (`meshRule(code).controls`), not repeated in every state.
 * @public
 */
export interface ComplianceCheck {
  code: string;
  subject: ObjectRef;
  passed: boolean;
  message: string;
}

/** A route of a VirtualService or Gateway API route, as people read it. @public */
export interface RouteSummary {
  /** What the route matches, in one line (`uri prefix /api`, `header x-canary=true`); absent for a catch-all. */
  match?: string;
  destinations: Array<{
    host: string;
    subset?: string;
    port?: number;
    /** Share of the traffic in percent; absent when there is one destination. */
    weight?: number;
  }>;
  timeout?: string;
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
}

/**
 * An object of the service, with the fields people read on its page.
 * `relation` says why it is listed: the service owns it, it is a policy that
 * covers the service, or it is another object about the service's hosts or
 * workloads (a gateway route in another namespace, a DestinationRule).
 * @public
 */
export interface ObjectSummary extends ObjectRef {
  cluster: string;
  relation: 'owned' | 'covering' | 'about';
  /** VirtualService, DestinationRule, ServiceEntry and Gateway hosts. */
  hosts?: string[];
  /** Gateways a VirtualService is bound to (`mesh` for sidecars), or a route's parent Gateways. */
  gateways?: string[];
  routes?: RouteSummary[];
  /** DestinationRule subsets. */
  subsets?: Array<{ name: string; labels?: Record<string, string> }>;
  /** The TLS mode a DestinationRule sets for its clients. */
  tlsMode?: string;
  /** A Flagger Canary's rollout. */
  canary?: { phase?: string; weight?: number; failedChecks?: number };
  /** Unwaived findings on this object. */
  findings: number;
}

/** What one cluster's refresh found for the service. @public */
export interface ClusterMeshState {
  cluster: string;
  refreshedAt: string;
  /** The effective policy of the service's workloads in this cluster, resolved by the engine. */
  workloads: WorkloadPolicy[];
  /** Its Services: ports, client TLS, the waypoint in front. */
  services: ServicePolicy[];
  /**
   * Who can reach its workloads, per caller and port, at L4 (NetworkPolicy)
   * and L7 (mTLS and AuthorizationPolicy), after Flagger; absent in states
   * stored before the engine computed it.
   */
  reachability?: WorkloadReachability[];
  /** SLOs its live PrometheusRules declare (Meshpath's recorded objectives); the SLO task lists them. */
  slos?: SloDefinition[];
  /** Compliance checks of its Services in this cluster (the findings are in `compliance.findings`, with their cluster). */
  checks: ComplianceCheck[];
  errors: SourceError[];
}

/** Compliance of one entity, waivers applied. @public */
export interface ComplianceReport {
  frameworks: FrameworkScore[];
  /** Findings on the objects of the service in every cluster, its golden path's rule policy applied. */
  findings: EvaluatedFinding[];
}

/** Everything Meshpath knows about one entity. @public */
export interface EntityMeshState {
  entityRef: string;
  status: MeshStatus;
  refreshedAt: string;
  objects: ObjectSummary[];
  /**
   * The weakest mTLS mode in force on any port of the service's workloads
   * (`NONE` where no proxy enforces it, then DISABLE, PERMISSIVE, STRICT), from
   * the policy model; `unknown` without workloads. The detail per workload and port is in `clusters`.
   */
  mtls: string;
  /** Per cluster: the policy model of its workloads and Services, and the findings there. */
  clusters: ClusterMeshState[];
  canaries: CanaryStatus[];
  /** Drift from Git; absent when the service declares no manifests folder. */
  drift?: DriftDetail;
  slos: SloStatus[];
  /**
   * Callers seen in Istio's telemetry over the window, each classified
   * against the policy model of the service's workloads; absent until the
   * SLO and traffic task has run.
   */
  traffic?: ObservedTraffic;
  compliance: ComplianceReport;
  /** The maturity level reached and what the next one needs; absent when no levels are configured. */
  maturity?: MaturityAssessment;
  errors: SourceError[];
}

/** One point of history. @public */
export interface HistoryPoint {
  metric: string;
  value: number | null;
  recordedAt: string;
}

/**
 * Where a waiver is in its workflow: requested by an owner (`pending`),
 * decided by an approver (`approved` or `rejected`), or ended early (`revoked`).
 * Only an `approved` waiver before its expiry counts.
 * @public
 */
export type WaiverStatus = 'pending' | 'approved' | 'rejected' | 'revoked';

/** A waiver on a finding. @public */
export interface Waiver {
  id: string;
  entityRef: string;
  ruleCode: string;
  objectRef?: string;
  reason: string;
  status: WaiverStatus;
  /** Who requested it. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** Who approved or rejected it, when, and why. */
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** One entry of an entity's audit log. @public */
export interface AuditEntry {
  entityRef: string;
  /** What happened, for example `waiver.request`, `waiver.approve` or `waiver.revoke`. */
  action: string;
  /** The user (or service) who did it. */
  actor: string;
  details: Record<string, unknown>;
  occurredAt: string;
}

/** A page of an entity's audit log, newest first. @public */
export interface AuditPage {
  items: AuditEntry[];
  totalCount: number;
  offset: number;
  limit: number;
}

/** One row of the fleet overview. @public */
export interface FleetEntry {
  entityRef: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  namespace?: string;
  /** Clusters the service was found in. */
  clusters: string[];
  status: MeshStatus;
  /** The weakest mTLS mode in force (see {@link EntityMeshState.mtls}). */
  mtls: string;
  /** The lowest known error budget left of its SLOs (0..1); absent when none is known. */
  sloBudgetRemaining?: number;
  /** Compliance score (0..1, null when no check applies) per framework. */
  complianceScores: Record<string, number | null>;
  /** Unwaived findings. */
  openFindings: number;
  /** The maturity level reached; absent when none is, or no levels are configured. */
  maturityLevel?: string;
  /** What the next maturity level needs. */
  maturityNext?: { level: string; missing: string[] };
  /** Why the status is not ok, one short line each (such as "prod-us could not be read"); absent when ok. */
  statusReasons?: string[];
  refreshedAt: string;
}

/** How the last refresh of one cluster went, for the fleet page to name a cluster that could not be read. @public */
export interface ClusterOutcome {
  /** The cluster's name, as its source lists it. */
  cluster: string;
  /** The source that reads it (`kubernetes`, `snapshot`). */
  source: string;
  /** When that refresh finished reading. */
  refreshedAt: string;
  /** False when nothing could be read: the services keep their last part of it. */
  readable: boolean;
  /** Objects read. */
  objects: number;
  /** What could not be read, one line per reason; empty when all was read. */
  errors: string[];
}

/** A page of the fleet overview. @public */
export interface FleetPage {
  items: FleetEntry[];
  totalCount: number;
  offset: number;
  limit: number;
}

/** The fleet's figures per owning team. @public */
export interface FleetTeamRollup {
  /** The owner's entity reference; absent for services without one. */
  owner?: string;
  services: number;
  /** Services per maturity level reached (`none` for those without one). */
  levels: Record<string, number>;
  openFindings: number;
  /** The team's most frequent unwaived finding codes, worst severity first. */
  worstFindings: Array<{
    code: string;
    severity: 'error' | 'warning' | 'info';
    services: number;
  }>;
}

/** The fleet's average compliance score of one framework per day. @public */
export interface FleetTrend {
  framework: string;
  points: Array<{ day: string; score: number | null; services: number }>;
}
