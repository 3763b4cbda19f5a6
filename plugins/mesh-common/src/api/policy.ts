import type { ObjectRef } from '../findings';
import type { DataplaneMode } from '../goldenPaths/types';

/**
 * The effective policy of one cluster, resolved once by the engine as Istio
 * resolves it: per workload and port the mTLS in force and the client TLS,
 * the authorization as Istio evaluates it, and the Services in front.
 * @public
 */
export interface PolicyModel {
  /** Namespace of the control plane, where mesh-wide policy lives. */
  rootNamespace: string;
  workloads: WorkloadPolicy[];
  services: ServicePolicy[];
}

/**
 * How a workload joins the mesh: an injected sidecar, ambient (ztunnel, and a
 * waypoint for L7), no proxy at all, or unknown because its Namespace is not
 * in the input (then treated as sidecar, the common case).
 * @public
 */
export type Dataplane = DataplaneMode | 'none' | 'unknown';

/** A PeerAuthentication mTLS mode, once UNSET has been resolved. @public */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * Where the deciding PeerAuthentication sits: mesh-wide (root namespace, no
 * selector), namespace-wide, workload (selector), port (`portLevelMtls` of
 * the workload policy), or `default` (no policy says: PERMISSIVE).
 * @public
 */
export type MtlsLevel = 'mesh' | 'namespace' | 'workload' | 'port' | 'default';

/** The TLS a client sidecar (or ztunnel) uses towards a port. @public */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

/** A waypoint named for a Service, a workload or a namespace. @public */
export interface WaypointBinding {
  /** Name of the waypoint Gateway. */
  name: string;
  namespace: string;
  /** Where the `istio.io/use-waypoint` label was set. */
  boundBy: 'service' | 'workload' | 'namespace';
  /** Whether the waypoint Gateway exists in the input and serves this kind of traffic. */
  found: boolean;
}

/**
 * A conflict between settings: something that makes requests fail or leaves
 * a policy unenforced.
 * @public
 */
export interface PolicyConflict {
  /** `error`: requests fail; `warning`: a policy is not enforced as written. */
  severity: 'error' | 'warning';
  message: string;
  /** The objects that disagree. */
  objects: ObjectRef[];
}

/** The client side of a port: what TLS callers send and why. @public */
export interface ClientTls {
  mode: ClientTlsMode;
  /** The DestinationRule that sets `tls`, or auto-mTLS when none does. */
  decidedBy: ObjectRef | 'auto-mTLS';
}

/** mTLS of one workload port. @public */
export interface PortMtls {
  /** The workload's (target) port, where the proxy accepts connections. */
  port: number;
  /** The port's name on the container or Service, when it has one. */
  name?: string;
  /** The Service ports that send traffic to this workload port, as `namespace/name:port`. */
  servicePorts: string[];
  /** The mode in force at the server. */
  mode: MtlsMode;
  decidedBy: { ref?: ObjectRef; level: MtlsLevel };
  /** False when no proxy enforces the mode (no sidecar, ambient DISABLE). */
  enforced: boolean;
  /**
   * What clients in other namespaces send (the Service namespace's or the root
   * namespace's DestinationRule, else auto-mTLS); for the first Service port
   * in front, when several.
   */
  clientTls: ClientTls;
  /** DestinationRules in the callers' own namespaces that override clientTls for their callers. */
  clientTlsOverrides?: Array<ClientTls & { clientNamespace: string }>;
  conflicts: PolicyConflict[];
}

/** Source of an AuthorizationPolicy rule (`from.source`); lists are OR, fields AND. @public */
export interface AuthorizationSource {
  principals?: string[];
  notPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  /** `namespace/serviceAccount`, or `serviceAccount` in the policy's namespace. */
  serviceAccounts?: string[];
  notServiceAccounts?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  notRemoteIpBlocks?: string[];
  requestPrincipals?: string[];
  notRequestPrincipals?: string[];
}

/** Operation of an AuthorizationPolicy rule (`to.operation`). @public */
export interface AuthorizationOperation {
  hosts?: string[];
  notHosts?: string[];
  ports?: string[];
  notPorts?: string[];
  methods?: string[];
  notMethods?: string[];
  paths?: string[];
  notPaths?: string[];
}

/** A `when` condition: the key's value must be one of `values` and none of `notValues`. @public */
export interface AuthorizationCondition {
  key: string;
  values?: string[];
  notValues?: string[];
}

/**
 * One rule, who → what → when. A rule matches when one of `from` matches
 * (or `from` is empty), one of `to` matches (or it is empty) and every `when`
 * condition holds.
 * @public
 */
export interface AuthorizationRule {
  from: AuthorizationSource[];
  to: AuthorizationOperation[];
  when: AuthorizationCondition[];
  /** The rule is `{}`: it matches every request. */
  matchesAll: boolean;
  /** Uses HTTP attributes (methods, paths, hosts, request principals, L7 `when` keys). */
  l7: boolean;
  /** The rule in one line, for example `from principals cluster.local/ns/a/sa/b → to methods GET`. */
  text: string;
}

/**
 * Who enforces a policy for a workload: its sidecar, the ambient ztunnel
 * (L4 only), the waypoint in front of its Service, nobody because the
 * policy needs a waypoint that does not serve the Service (`targetRefs`),
 * or nobody at all (no proxy, or a kind of policy that proxy ignores).
 * @public
 */
export type PolicyEnforcement =
  | 'sidecar'
  | 'ztunnel'
  | 'waypoint'
  | 'ignored-needs-waypoint'
  | 'not-enforced';

/** An AuthorizationPolicy as it applies to one workload. @public */
export interface AuthorizationPolicySummary {
  ref: ObjectRef;
  action: 'ALLOW' | 'DENY' | 'CUSTOM' | 'AUDIT';
  /** The external authorizer of a CUSTOM policy. */
  provider?: string;
  /** How it reaches the workload: mesh-wide, namespace-wide, selector, or targetRefs. */
  scope: 'mesh' | 'namespace' | 'workload' | 'targetRefs';
  /** What a targetRefs policy is attached to, as `kind/namespace/name`. */
  targetRefs?: string[];
  enforcement: PolicyEnforcement;
  /** Why the enforcement is what it is, when it is not plain. */
  enforcementNote?: string;
  /** No rules: an ALLOW policy then matches nothing (deny all), a DENY policy never denies. */
  rules: AuthorizationRule[];
}

/**
 * What the authorization of a workload comes to: no policy (everyone may
 * call), allow-all (an ALLOW rule `{}` and no DENY/CUSTOM), deny-all (only
 * ALLOW policies without rules, or a DENY `{}`), or restricted.
 * @public
 */
export type AuthorizationOutcome =
  | 'no-policy'
  | 'allow-all'
  | 'deny-all'
  | 'restricted';

/**
 * The authorization of a workload, in Istio's order of evaluation: CUSTOM,
 * then DENY, then ALLOW. Policies that are not enforced are listed with their
 * enforcement and do not count in the outcome.
 * @public
 */
export interface WorkloadAuthorization {
  outcome: AuthorizationOutcome;
  custom: AuthorizationPolicySummary[];
  deny: AuthorizationPolicySummary[];
  allow: AuthorizationPolicySummary[];
  /** AUDIT policies: logged, never decide. */
  audit: AuthorizationPolicySummary[];
}

/** The effective policy of one workload. @public */
export interface WorkloadPolicy {
  ref: ObjectRef;
  namespace: string;
  name: string;
  /** Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or Pod. */
  kind: string;
  labels: Record<string, string>;
  serviceAccount: string;
  /** The SPIFFE principal callers see, `cluster.local/ns/<namespace>/sa/<serviceAccount>`. */
  principal: string;
  dataplane: Dataplane;
  /** The waypoint for traffic addressed to the workload itself (ambient). */
  waypoint?: WaypointBinding;
  /** mTLS of the workload as a whole (what ports without their own setting get). */
  mtls: { mode: MtlsMode; decidedBy: { ref?: ObjectRef; level: MtlsLevel } };
  /** Per workload port (container ports and the Service target ports). */
  ports: PortMtls[];
  authorization: WorkloadAuthorization;
  /** Conflicts of the workload as a whole (several policies at one level, ignored policies). */
  conflicts: PolicyConflict[];
}

/** A Service port and where it lands on each selected workload. @public */
export interface ServicePortPolicy {
  name?: string;
  port: number;
  /** As written: a number or a container port name. */
  targetPort: number | string;
  /** The workload port each selected workload receives on; absent where a named port does not resolve. */
  workloadPorts: Array<{ workload: ObjectRef; port?: number }>;
  clientTls: ClientTls;
}

/** A Service, the workloads it selects and the waypoint in front. @public */
export interface ServicePolicy {
  ref: ObjectRef;
  namespace: string;
  name: string;
  /** `name.namespace.svc.cluster.local`. */
  hosts: string[];
  workloads: ObjectRef[];
  ports: ServicePortPolicy[];
  /** The waypoint serving the Service (ambient: `istio.io/use-waypoint` on it or its namespace). */
  waypoint?: WaypointBinding;
  /** AuthorizationPolicies attached by targetRefs (they need a waypoint). */
  targetRefPolicies: AuthorizationPolicySummary[];
  conflicts: PolicyConflict[];
}

/**
 * A request to classify against a workload's authorization. An attribute
 * left out is unknown: a rule that needs it gives `unknown`, not a guess.
 * @public
 */
export interface AuthorizationRequest {
  /** Peer principal, `cluster.local/ns/<namespace>/sa/<serviceAccount>`. */
  principal?: string;
  /** Source namespace; derived from the principal when absent. */
  namespace?: string;
  /** Source IP address. */
  ipBlock?: string;
  /** False for plaintext: then there is no principal and no namespace to match. */
  mtls?: boolean;
  requestPrincipal?: string;
  method?: string;
  path?: string;
  /** Destination (workload) port. */
  port?: number;
  host?: string;
}

/** How Istio would decide a request. @public */
export interface AuthorizationVerdict {
  verdict: 'allow' | 'deny' | 'unknown';
  /** The policy that decided, when one did. */
  decidedBy?: ObjectRef;
  reason: string;
}
