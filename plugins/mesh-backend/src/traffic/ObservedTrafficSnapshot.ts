import type {
  ObservedCaller,
  ObservedTraffic,
} from '@meshpath/plugin-mesh-common';

/** One destination × caller × connection security, as one query row reported it. */
export interface TrafficRow {
  destinationWorkload: string;
  destinationNamespace: string;
  /** Istio's `destination_service` host, for example `checkout.shop.svc.cluster.local`. */
  destinationService: string;
  sourceWorkload: string;
  sourceNamespace: string;
  principal?: string;
  mutualTls: boolean;
  requests: number;
  connections: number;
}

/** What a service is reached as: its workloads (namespace and name) and its hosts. */
export interface TrafficDestination {
  workloads?: Array<{ namespace: string; name: string }>;
  hosts?: string[];
}

/** Istio writes `unknown` where it could not tell; such a value names nothing to match. */
const UNKNOWN = 'unknown';

const workloadKey = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * The fleet's observed traffic of one refresh, answered per service without
 * further queries: a service is matched by its workloads or its hosts, and a
 * row that matches both counts once.
 */
export class ObservedTrafficSnapshot {
  private readonly byWorkload = new Map<string, number[]>();
  private readonly byHost = new Map<string, number[]>();

  private constructor(
    /** Window the figures cover, for example `24h`. */
    readonly window: string,
    private readonly rows: TrafficRow[],
    /** Why the figures are unknown or partial; undefined when they are complete. */
    readonly reason: string | undefined,
    /** PromQL queries sent to take this snapshot. */
    readonly queryCount: number,
  ) {
    rows.forEach((row, index) => {
      if (
        row.destinationWorkload !== UNKNOWN &&
        row.destinationNamespace !== UNKNOWN
      ) {
        const key = workloadKey(
          row.destinationNamespace,
          row.destinationWorkload,
        );
        this.byWorkload.set(key, [...(this.byWorkload.get(key) ?? []), index]);
      }
      const host = row.destinationService.toLowerCase();
      if (host && host !== UNKNOWN) {
        this.byHost.set(host, [...(this.byHost.get(host) ?? []), index]);
      }
    });
  }

  /** Figures from the queries' rows; with a reason they are partial and reported unknown. */
  static of(options: {
    window: string;
    rows: TrafficRow[];
    reason?: string;
    queryCount: number;
  }): ObservedTrafficSnapshot {
    return new ObservedTrafficSnapshot(
      options.window,
      options.rows,
      options.reason,
      options.queryCount,
    );
  }

  /** No figures at all, for `reason`: every service's traffic is unknown. */
  static unknown(window: string, reason: string): ObservedTrafficSnapshot {
    return new ObservedTrafficSnapshot(window, [], reason, 0);
  }

  /** The callers of the service reached as `destination`, most requests first. */
  trafficTo(destination: TrafficDestination): ObservedTraffic {
    const matched = new Set<number>();
    for (const w of destination.workloads ?? []) {
      for (const i of this.byWorkload.get(workloadKey(w.namespace, w.name)) ??
        []) {
        matched.add(i);
      }
    }
    for (const host of destination.hosts ?? []) {
      for (const i of this.byHost.get(host.toLowerCase()) ?? []) {
        matched.add(i);
      }
    }
    const callers = new Map<
      string,
      ObservedCaller & { mtlsRequests: number; mtlsConnections: number }
    >();
    for (const i of [...matched].sort((a, b) => a - b)) {
      const row = this.rows[i];
      const key = JSON.stringify([
        row.sourceNamespace,
        row.sourceWorkload,
        row.principal ?? null,
      ]);
      let caller = callers.get(key);
      if (!caller) {
        caller = {
          sourceWorkload: row.sourceWorkload,
          sourceNamespace: row.sourceNamespace,
          ...(row.principal ? { principal: row.principal } : {}),
          requests: 0,
          connections: 0,
          mtlsShare: 0,
          mtlsRequests: 0,
          mtlsConnections: 0,
        };
        callers.set(key, caller);
      }
      caller.requests += row.requests;
      caller.connections += row.connections;
      if (row.mutualTls) {
        caller.mtlsRequests += row.requests;
        caller.mtlsConnections += row.connections;
      }
    }
    const result: ObservedCaller[] = [...callers.values()].map(
      ({ mtlsRequests, mtlsConnections, ...caller }) => ({
        ...caller,
        mtlsShare:
          caller.requests > 0
            ? mtlsRequests / caller.requests
            : mtlsConnections / caller.connections,
      }),
    );
    result.sort(
      (a, b) =>
        b.requests - a.requests ||
        b.connections - a.connections ||
        a.sourceNamespace.localeCompare(b.sourceNamespace) ||
        a.sourceWorkload.localeCompare(b.sourceWorkload),
    );
    return {
      window: this.window,
      state: this.reason ? 'unknown' : 'known',
      ...(this.reason ? { reason: this.reason } : {}),
      callers: result,
    };
  }
}
