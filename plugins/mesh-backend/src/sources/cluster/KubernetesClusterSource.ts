import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { KubernetesObject } from '@meshpath/plugin-mesh-common';
import type {
  ClusterWorld,
  ClusterWorldReadOptions,
  ClusterWorldSource,
} from '@meshpath/plugin-mesh-node';
import {
  CLUSTER_KINDS,
  ClusterKind,
  kindName,
  listPath,
  withoutManagedFields,
} from './clusterKinds';
import {
  describeFailure,
  isBackendError,
  KubernetesProxy,
  ProxyAnswer,
} from './kubernetesProxy';

/** How KubernetesClusterSource lists. */
export interface KubernetesClusterSourceOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** Items per list request (`limit`). Defaults to 500. */
  pageSize?: number;
  /** Time for reading one whole cluster, in milliseconds. Defaults to 60 000. */
  clusterTimeoutMs?: number;
  /** Kinds listed at once on one cluster. Defaults to 4. */
  concurrency?: number;
  /** Clusters not to read here (served by another source, such as a snapshot). */
  excludeClusters?: string[];
  /** Kinds to list; defaults to every kind the engine reads. */
  kinds?: ClusterKind[];
}

/** Pages of one list followed at most: a server that keeps answering `continue` is cut off. */
const MAX_PAGES_PER_KIND = 10_000;

/**
 * Kinds that failed, by reason: a cluster answering 500 to every list is one
 * line naming the kinds, not one line per kind; distinct reasons stay apart.
 */
class KindFailures {
  private readonly byReason = new Map<string, Set<ClusterKind>>();

  add(kind: ClusterKind, reason: string) {
    const kinds = this.byReason.get(reason) ?? new Set();
    kinds.add(kind);
    this.byReason.set(reason, kinds);
  }

  /** One line per reason, its kinds in listing order (all of them named as such). */
  lines(cluster: string, listedKinds: ClusterKind[]): string[] {
    return [...this.byReason].map(([reason, failed]) => {
      const kinds = listedKinds.filter(k => failed.has(k));
      const which =
        kinds.length === listedKinds.length && kinds.length > 1
          ? `all ${kinds.length} kinds`
          : kinds.map(kindName).join(', ');
      return `${cluster}: ${which}: ${reason}`;
    });
  }
}

/** Why the read of a cluster stops early: not about one kind. */
class ClusterFailure extends Error {}

/**
 * The whole live state of each cluster the Kubernetes backend knows, through
 * its proxy (`/api/kubernetes/proxy`, header `Backstage-Kubernetes-Cluster`)
 * with the mesh plugin's service credentials: one list per kind per cluster,
 * cluster-wide and paginated with `limit`/`continue`, whatever the number of
 * services. A kind the cluster does not serve (404) is absent, not an error;
 * a refusal, a server error or the cluster's timeout is that cluster's error.
 */
export class KubernetesClusterSource implements ClusterWorldSource {
  readonly name = 'kubernetes';
  private readonly proxy: KubernetesProxy;
  private readonly pageSize: number;
  private readonly clusterTimeoutMs: number;
  private readonly concurrency: number;
  private readonly kinds: ClusterKind[];
  private readonly excluded: Set<string>;

  constructor(options: KubernetesClusterSourceOptions) {
    this.proxy = new KubernetesProxy(options);
    this.pageSize = options.pageSize ?? 500;
    this.clusterTimeoutMs = options.clusterTimeoutMs ?? 60_000;
    this.concurrency = options.concurrency ?? 4;
    this.kinds = options.kinds ?? CLUSTER_KINDS;
    this.excluded = new Set(options.excludeClusters);
  }

  async listClusters(options: ClusterWorldReadOptions = {}): Promise<string[]> {
    const names = await this.proxy.clusterNames(options.signal);
    return names.filter(name => !this.excluded.has(name));
  }

  async readCluster(
    cluster: string,
    options: ClusterWorldReadOptions = {},
  ): Promise<ClusterWorld> {
    const { signal: caller } = options;
    caller?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.clusterTimeoutMs);
    // Stops the other kinds' requests once the cluster as a whole has failed.
    const stop = new AbortController();
    const signal = AbortSignal.any(
      caller ? [caller, timeout, stop.signal] : [timeout, stop.signal],
    );
    const world: ClusterWorld = {
      cluster,
      objects: [],
      errors: [],
      listCalls: 0,
    };
    const queue = [...this.kinds];
    const failedKinds = new KindFailures();
    const listedKinds = new Set<ClusterKind>();
    let listed = 0;
    let stopped: string | undefined;
    const worker = async () => {
      for (let kind = queue.shift(); kind && !stopped; kind = queue.shift()) {
        try {
          const objects = await this.listKind(cluster, kind, world, signal);
          world.objects.push(...objects);
          listedKinds.add(kind);
          listed += 1;
        } catch (error) {
          if (stopped) return;
          if (caller?.aborted) {
            stopped = 'aborted';
          } else if (timeout.aborted) {
            stopped = `${cluster}: no answer within ${
              this.clusterTimeoutMs / 1000
            } s; ${listed} of ${this.kinds.length} kinds were listed`;
          } else if (error instanceof ClusterFailure) {
            stopped = error.message;
            stop.abort();
          } else {
            failedKinds.add(kind, (error as Error).message);
          }
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, queue.length) }, worker),
    );
    caller?.throwIfAborted();
    world.errors.push(...failedKinds.lines(cluster, this.kinds));
    if (stopped) world.errors.unshift(stopped);
    // Failed, or never asked once the cluster stopped answering.
    world.unreadKinds = this.kinds
      .filter(kind => !listedKinds.has(kind))
      .map(kind => `${kind.group}/${kind.kind}`);
    return world;
  }

  /** Every object of one kind, all pages, or an error: never half a kind. */
  private async listKind(
    cluster: string,
    kind: ClusterKind,
    world: ClusterWorld,
    signal: AbortSignal,
  ): Promise<KubernetesObject[]> {
    for (const version of kind.versions) {
      const objects: KubernetesObject[] = [];
      let token: string | undefined;
      const seen = new Set<string>();
      for (let page = 0; page < MAX_PAGES_PER_KIND; page++) {
        const query = new URLSearchParams({ limit: String(this.pageSize) });
        if (token) query.set('continue', token);
        world.listCalls += 1;
        const answer = await this.proxy.get(
          cluster,
          `${listPath(kind, version)}?${query}`,
          signal,
        );
        if (answer.status === 404 && !isBackendError(answer) && page === 0) {
          break; // Not served at this version: try the next, or the kind is absent.
        }
        const list = checkedList(cluster, answer);
        for (const item of list.items) {
          const object = toObject(item, kind, version);
          if (object && (!kind.keep || kind.keep(object))) objects.push(object);
        }
        token = list.continue;
        if (!token) return objects;
        if (seen.has(token))
          throw new Error('the list repeated a continue token');
        seen.add(token);
      }
      if (token) {
        throw new Error(`more than ${MAX_PAGES_PER_KIND} pages, not read`);
      }
    }
    return [];
  }
}

/** The items and continue token of a list answer; throws for anything else. */
function checkedList(
  cluster: string,
  answer: ProxyAnswer,
): { items: unknown[]; continue?: string } {
  if (isBackendError(answer)) {
    throw new ClusterFailure(
      `${cluster}: the Kubernetes backend refused or failed the request (${describeFailure(
        answer,
      )}); nothing more was listed`,
    );
  }
  if (answer.status === 401) {
    throw new ClusterFailure(
      `${cluster}: the cluster refused the Kubernetes backend's credentials (${describeFailure(
        answer,
      )}); nothing was listed`,
    );
  }
  if (answer.status !== 200) {
    throw new Error(`the cluster answered ${describeFailure(answer)}`);
  }
  const body = answer.body as {
    items?: unknown;
    metadata?: { continue?: unknown };
  };
  if (!Array.isArray(body?.items)) {
    throw new Error('the cluster answered with something that is not a list');
  }
  const token = body.metadata?.continue;
  return {
    items: body.items,
    continue: typeof token === 'string' && token ? token : undefined,
  };
}

/**
 * A listed item as the engine reads it: with the list's kind and apiVersion,
 * which list items of built-in kinds do not carry.
 */
function toObject(
  item: unknown,
  kind: ClusterKind,
  version: string,
): KubernetesObject | undefined {
  const object = item as KubernetesObject;
  if (typeof object?.metadata?.name !== 'string') return undefined;
  return withoutManagedFields({
    ...object,
    apiVersion: kind.group ? `${kind.group}/${version}` : version,
    kind: kind.kind,
  });
}
