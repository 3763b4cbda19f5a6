import type { ObjectRef } from '../findings';

/**
 * Who a row of the reachability view is about: a caller the policies name
 * (`declared`), the ingress gateway pods of an exposed service, Prometheus
 * scraping the proxy, Flagger's load tester driving a canary, or `any` other
 * workload of the mesh (which should not get through).
 * @public
 */
export type ReachabilityCallerKind =
  | 'declared'
  | 'gateway'
  | 'prometheus'
  | 'load-tester'
  | 'any';

/** A caller whose reachability is computed. @public */
export interface ReachabilityCaller {
  kind: ReachabilityCallerKind;
  /** How people read it, for example `sa storefront-web/storefront` or `Prometheus (monitoring)`. */
  label: string;
  /** Namespace the caller's pods run in. */
  namespace: string;
  /** Its service account, when known. */
  serviceAccount?: string;
  /** Whether it sends Istio mTLS (it has a sidecar or runs in ambient mode). */
  mtls: boolean;
  /** Whether it runs in ambient mode: then it reaches other pods over HBONE (port 15008). */
  ambient?: boolean;
}

/** What one layer decides for a connection: Kubernetes NetworkPolicy (L4) or Istio mTLS and authorization (L7). @public */
export interface ReachabilityVerdict {
  verdict: 'allow' | 'deny' | 'unknown';
  reason: string;
  /** The policy that decided, when one did. */
  decidedBy?: ObjectRef;
}

/** Whether one caller reaches one port of a workload, and why. @public */
export interface ReachabilityEntry {
  caller: ReachabilityCaller;
  /** The port the connection arrives on at the pod (15008 when it arrives as HBONE). */
  port: number;
  /** The application port the traffic is for, when it differs from `port` (HBONE). */
  appPort?: number;
  /** The port's name on the workload or its Service, when it has one. */
  portName?: string;
  l4: ReachabilityVerdict;
  l7: ReachabilityVerdict;
  /** `yes` when both layers allow, `no` when one denies, else `unknown`. */
  reachable: 'yes' | 'no' | 'unknown';
  /** Whether the caller must get through (declared, gateway, Prometheus, load tester) or must not (`any`). */
  expected: 'reachable' | 'blocked';
  /** `blocked`: must get through but does not; `open`: must not get through but does. */
  flag?: 'blocked' | 'open';
}

/** Who can reach one workload, per caller and port, at L4 and L7. @public */
export interface WorkloadReachability {
  workload: ObjectRef;
  namespace: string;
  name: string;
  /** The Canary whose Flagger generates this workload (the primary), when the input did not hold it. */
  generatedBy?: ObjectRef;
  entries: ReachabilityEntry[];
}

/** Ports of the Istio sidecar that Prometheus scrapes: merged metrics (15020) and Envoy's own (15090). @public */
export const SIDECAR_SCRAPE_PORTS: readonly number[] = [15020, 15090];

/** The port ambient mode carries mesh traffic on between pods (HBONE). @public */
export const HBONE_PORT = 15008;
