/**
 * Who calls whom in the example estate, and how each destination behaves
 * (the estate's roster, issue 11). Times are seconds relative
 * to the anchor ("now" when the data is generated): negative is the past.
 */

/** A workload as Istio's telemetry names it. */
export interface Workload {
  name: string;
  namespace: string;
}

/** How a destination answers, as a function of the time relative to the anchor. */
export interface Behaviour {
  /** Share of requests that fail (HTTP 5xx, or gRPC status 14 behind HTTP 200 for gRPC). */
  errorRatio(relativeSeconds: number): number;
  /** Cumulative share of requests at or under each bucket edge (ms); edges not listed take the next listed value. */
  latency: LatencyProfile;
}

/** Cumulative shares at some of Istio's bucket edges, ascending, ending at 1. */
export type LatencyProfile = ReadonlyArray<
  readonly [ms: number, share: number]
>;

/** A destination service of the estate. */
export interface Destination extends Workload {
  protocol: 'http' | 'grpc';
  behaviour: Behaviour;
}

/** One caller of one destination, per cluster. */
export interface Edge {
  source: Workload;
  destination: Destination;
  /** Requests per second in prod-eu at the daily mean. */
  requestsPerSecond: number;
  /** false: the caller has no sidecar and talks plaintext. */
  mutualTls: boolean;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Most requests well under 100 ms. */
const FAST: LatencyProfile = [
  [1, 0.002],
  [5, 0.06],
  [10, 0.3],
  [25, 0.75],
  [50, 0.93],
  [100, 0.987],
  [250, 0.9985],
  [500, 0.9996],
  [1000, 0.99995],
  [2500, 1],
];

/** products: 25 % of requests slower than 250 ms, 18 % slower than 500 ms; p95 between 1 and 2.5 s. */
const SLOW: LatencyProfile = [
  [5, 0.01],
  [10, 0.04],
  [25, 0.15],
  [50, 0.35],
  [100, 0.55],
  [250, 0.75],
  [500, 0.82],
  [1000, 0.93],
  [2500, 0.985],
  [5000, 0.998],
  [10000, 1],
];

const steady =
  (ratio: number) =>
  (_relativeSeconds: number): number =>
    ratio;

/** `before` until `since` seconds before the anchor, `after` from then on (and into the future). */
const from =
  (since: number, before: number, after: number) =>
  (relativeSeconds: number): number =>
    relativeSeconds >= -since ? after : before;

function service(
  name: string,
  namespace: string,
  behaviour: Partial<Behaviour> = {},
  protocol: 'http' | 'grpc' = 'http',
): Destination {
  return {
    name,
    namespace,
    protocol,
    behaviour: {
      errorRatio: behaviour.errorRatio ?? steady(0.0001),
      latency: behaviour.latency ?? FAST,
    },
  };
}

/** The estate's services that receive traffic (notifications has no sidecar, reporting no traffic). */
export const SERVICES = {
  /** Healthy: 99.98 % of requests succeed. */
  orders: service('orders', 'orders', { errorRatio: steady(0.0002) }),
  payments: service('payments', 'payments'),
  cart: service('cart', 'orders'),
  storefront: service('storefront', 'web'),
  auth: service('auth', 'identity'),
  users: service('users', 'accounts'),
  /** Latency trouble only: errors as healthy as the others; burn rate 3.6 against tier-2's 95 % under 500 ms. */
  products: service('products', 'catalog', { latency: SLOW }),
  /**
   * Slow burn (ticket): 2 % errors for the last 3 days, burn rate 4 against
   * the 99.5 % its golden path (tier-2) sets.
   */
  search: service('search', 'catalog', {
    errorRatio: from(3 * DAY, 0.0001, 0.02),
  }),
  /** gRPC status 14 (UNAVAILABLE) behind HTTP 200 for 0.05 % of calls. */
  inventory: service(
    'inventory',
    'catalog',
    { errorRatio: steady(0.0005) },
    'grpc',
  ),
  /** Fast burn (page): 15 % errors for the last 2 hours, burn rate 30 against tier-2's 99.5 % (150 against 99.9 %). */
  recommendations: service('recommendations', 'catalog', {
    errorRatio: from(2 * HOUR, 0.0001, 0.15),
  }),
} as const;

const ingressGateway: Workload = {
  name: 'istio-ingressgateway',
  namespace: 'istio-ingress',
};
const legacyBatch: Workload = { name: 'legacy-batch', namespace: 'batch' };

function edge(
  source: Workload,
  destination: Destination,
  requestsPerSecond: number,
  mutualTls = true,
): Edge {
  return { source, destination, requestsPerSecond, mutualTls };
}

const s = SERVICES;

/** Every caller the telemetry shows, with its traffic in prod-eu. */
export const EDGES: readonly Edge[] = [
  edge(ingressGateway, s.storefront, 40),
  edge(s.storefront, s.orders, 8),
  edge(s.storefront, s.cart, 10),
  edge(s.storefront, s.products, 20),
  edge(s.storefront, s.search, 12),
  edge(s.storefront, s.auth, 15),
  edge(s.storefront, s.users, 6),
  edge(s.orders, s.payments, 4),
  edge(s.orders, s.inventory, 6),
  edge(s.cart, s.inventory, 5),
  edge(s.search, s.products, 6),
  edge(s.search, s.recommendations, 4),
  // Denied by payments' AuthorizationPolicy, yet seen in traffic.
  edge(s.search, s.payments, 0.3),
  edge(s.recommendations, s.products, 3),
  // No sidecar: plaintext, and Istio cannot name its principal.
  edge(legacyBatch, s.users, 0.5, false),
];

/** Clusters and their share of prod-eu's traffic; reporting (prod-eu only) has none anywhere. */
export const CLUSTERS = [
  { name: 'prod-eu', trafficScale: 1 },
  { name: 'prod-us', trafficScale: 0.6 },
] as const;

/** Istio's trust domain in the estate. */
export const TRUST_DOMAIN = 'cluster.local';
