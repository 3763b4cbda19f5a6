import type { FindingSeverity } from '../findings';
import type { MeshPlatform } from './platform';

/** How a service's workloads join the mesh. @public */
export type DataplaneMode = 'sidecar' | 'ambient';

/** How new versions reach users. All but `none` are Flagger Canaries. @public */
export type DeliveryStrategy = 'canary' | 'blue-green' | 'ab-testing' | 'none';

/** Protocol of a service port, as Istio names it. @public */
export type PortProtocol = 'http' | 'http2' | 'grpc' | 'tcp';

/**
 * Everything the onboarding generator needs to know about one service, after
 * the golden path's defaults are applied.
 * @public
 */
export interface MeshServiceSpec {
  name: string;
  namespace: string;
  dataplane: DataplaneMode;
  /** Istio API version of generated objects: v1 (Istio 1.22+) or v1beta1 for older clusters. */
  istioApiVersion: 'v1' | 'v1beta1';
  ports: Array<{ port: number; protocol: PortProtocol; targetPort?: number }>;
  /** Values of the `version` label the service runs, for example `v1`. */
  versions: string[];
  callers: {
    /** Callers by service account, as `namespace/serviceaccount`. */
    serviceAccounts: string[];
    /** Callers by namespace: any workload there. */
    namespaces: string[];
  };
  exposure: {
    mode: 'mesh-internal' | 'gateway';
    /** The ingress Gateway, as `namespace/name`. */
    gateway?: string;
    hosts?: string[];
    /** Name of the TLS secret the ingress gateway serves the hosts with. */
    tlsCredential?: string;
    jwt?: { issuer: string; jwksUri: string };
  };
  trafficPolicy: {
    /** Request timeout, an Istio duration such as `3s`. */
    timeout: string;
    retries: { attempts: number; perTryTimeout: string };
    connectionPool: { maxConnections: number; http1MaxPendingRequests: number };
    outlierDetection: {
      consecutive5xxErrors: number;
      interval: string;
      baseEjectionTime: string;
    };
  };
  delivery: {
    strategy: DeliveryStrategy;
    /** Header that selects the new version in A/B testing. */
    abHeader?: string;
    stepWeight?: number;
    maxWeight?: number;
  };
  slo: {
    /** Availability target in percent, for example 99.9. */
    availability: number;
    /** Latency threshold in ms; must be an Istio histogram bucket edge. */
    latencyThresholdMs: number;
    /** Percent of requests that must beat the threshold, for example 99. */
    latencyPercentile: number;
    windowDays: 28 | 30;
  };
  /** The platform the objects land on: from `mesh.platform`, never from a template user. */
  platform: MeshPlatform;
}

/**
 * A golden path curated by the platform team.
 * @public
 */
export interface GoldenPath {
  name: string;
  description?: string;
  /** Defaults for every field of the service description. */
  defaults: MeshServiceSpec extends infer T ? DeepPartial<T> : never;
  /** Fields a template user may not weaken, as dotted paths (see `LOCKABLE_FIELDS`). */
  locked: string[];
  /** Which analysis rules apply and their severities. */
  rules: { disabled?: string[]; severities?: Record<string, FindingSeverity> };
}

/** @public */
export type DeepPartial<T> = T extends Array<infer U>
  ? Array<U>
  : T extends object
  ? { [K in keyof T]?: DeepPartial<T[K]> }
  : T;
