import type { ComplianceFramework, Finding, ObjectRef } from '../findings';
import type { SloStatus } from './slo';

/** Overall status of an entity. @public */
export type MeshStatus = 'ok' | 'warning' | 'critical' | 'unknown';

/** A source (cluster, Git, Prometheus) that failed for this entity. @public */
export interface SourceError {
  /** The source, for example `cluster:prod-eu` or `prometheus`. */
  source: string;
  message: string;
}

/** Drift between the manifests declared in Git and the live objects. @public */
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
}

/** Compliance of one entity, waivers applied. @public */
export interface ComplianceReport {
  frameworks: FrameworkScore[];
  findings: EvaluatedFinding[];
}

/** Everything Meshpath knows about one entity. @public */
export interface EntityMeshState {
  entityRef: string;
  status: MeshStatus;
  refreshedAt: string;
  objects: Array<ObjectRef & { cluster?: string }>;
  /** Effective mTLS mode of the workload: STRICT, PERMISSIVE, DISABLE or unknown. */
  mtls: string;
  /** Principals allowed to call the service, from AuthorizationPolicies; undefined when any caller may. */
  allowedCallers?: string[];
  canaries: CanaryStatus[];
  drift?: DriftReport;
  slos: SloStatus[];
  compliance: ComplianceReport;
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
  namespace?: string;
  status: MeshStatus;
  refreshedAt: string;
}

/** A page of the fleet overview. @public */
export interface FleetPage {
  items: FleetEntry[];
  totalCount: number;
  offset: number;
  limit: number;
}
