import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/** How a fake cluster answers every list request. */
export type ClusterBehaviour =
  | 'ok'
  | 'unauthorized'
  | 'server-error'
  | 'bad-payload'
  | 'hanging';

/** A stored object with the group/version/plural it is listed under. */
export interface FakeObject {
  group: string;
  version: string;
  plural: string;
  object: {
    kind: string;
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
}

/** How one fake cluster is set up. */
export interface FakeCluster {
  behaviour: ClusterBehaviour;
  objects?: FakeObject[];
  /**
   * Resources the cluster does not serve (CRD not installed), as
   * `group/version/plural` or a prefix of it (`flagger.app`,
   * `gateway.networking.k8s.io/v1`); the core group is written `core`.
   * Listing them answers 404, as an API server does.
   */
  unserved?: string[];
  /** Resources, written like `unserved`, that the cluster's credentials may not list (403). */
  forbidden?: string[];
}

/** One request as the cluster received it. */
export interface FakeKubernetesRequest {
  /** Path and query, the cluster's own prefix included. */
  path: string;
  /** The Authorization header the cluster was sent. */
  authorization?: string;
}

export interface FakeKubernetes {
  /** Base URL of one cluster, to put in the Kubernetes plugin's cluster config. */
  clusterUrl(cluster: string): string;
  /** Request paths seen, for asserting what was asked. */
  requests: string[];
  /** Requests seen, with what they carried. */
  requestLog: FakeKubernetesRequest[];
  close(): Promise<void>;
}

function matchesSelector(
  labels: Record<string, string> = {},
  selector: string | null,
): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    const [key, value] = term.split('=');
    return labels[key] === value;
  });
}

const kubernetesStatus = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

/**
 * One page of a list, as the API server cuts it with `limit` and `continue`:
 * the token is opaque to clients and only valid for the list it came from.
 * Undefined for a token this list did not issue.
 */
function paginate<T>(
  items: T[],
  query: URLSearchParams,
  list: string,
): { items: T[]; continue?: string; remaining?: number } | undefined {
  let offset = 0;
  const token = query.get('continue');
  if (token) {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
      if (decoded.list !== list || !Number.isInteger(decoded.offset)) {
        return undefined;
      }
      offset = decoded.offset;
    } catch {
      return undefined;
    }
  }
  const limit = Number(query.get('limit'));
  const end = limit > 0 ? offset + limit : items.length;
  if (end >= items.length) return { items: items.slice(offset) };
  return {
    items: items.slice(offset, end),
    continue: Buffer.from(JSON.stringify({ list, offset: end })).toString(
      'base64url',
    ),
    remaining: items.length - end,
  };
}

/**
 * An HTTP server on 127.0.0.1 speaking the Kubernetes list API for several
 * clusters, each under its own path prefix with its own behaviour.
 */
export async function startFakeKubernetes(
  clusters: Record<string, FakeCluster>,
): Promise<FakeKubernetes> {
  const requests: string[] = [];
  const requestLog: FakeKubernetesRequest[] = [];
  const hanging: ServerResponse[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    requestLog.push({
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    });
    const [, cluster, ...rest] = url.pathname.split('/');
    const config = clusters[cluster];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!config) return send(404, { kind: 'Status', code: 404 });
    switch (config.behaviour) {
      case 'unauthorized':
        return send(401, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      case 'server-error':
        return send(500, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'etcdserver: request timed out',
          code: 500,
        });
      case 'bad-payload':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('<html>proxy error</html>');
      case 'hanging':
        hanging.push(res);
        return undefined;
      default:
    }
    // /api/v1[/namespaces/ns]/plural or /apis/group/version[/namespaces/ns]/plural
    const parts = rest[0] === 'api' ? ['', ...rest.slice(1)] : rest.slice(1);
    const [group, version, ...tail] = parts;
    const namespace =
      tail[0] === 'namespaces' && tail.length === 3 ? tail[1] : undefined;
    const plural = tail[tail.length - 1];
    const resource = `${group || 'core'}/${version}/${plural}`;
    const matches = (prefixes: string[] = []) =>
      prefixes.some(p => resource === p || resource.startsWith(`${p}/`));
    if (matches(config.unserved)) {
      return send(
        404,
        kubernetesStatus(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
    }
    if (matches(config.forbidden)) {
      return send(
        403,
        kubernetesStatus(
          403,
          'Forbidden',
          `${plural}.${group} is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "${plural}" in API group "${group}" at the cluster scope`,
        ),
      );
    }
    const all = (config.objects ?? [])
      .filter(
        o => o.group === group && o.version === version && o.plural === plural,
      )
      .filter(o => !namespace || o.object.metadata.namespace === namespace)
      .filter(o =>
        matchesSelector(
          o.object.metadata.labels,
          url.searchParams.get('labelSelector'),
        ),
      )
      // The list API drops kind and apiVersion from items; the list carries them.
      .map(({ object: { kind, ...item } }) => item);
    const kind =
      (config.objects ?? []).find(o => o.plural === plural)?.object.kind ??
      'Unknown';
    const page = paginate(all, url.searchParams, `${cluster}${url.pathname}`);
    if (!page) {
      return send(
        410,
        kubernetesStatus(
          410,
          'Expired',
          'The provided continue parameter is too old',
        ),
      );
    }
    return send(200, {
      kind: `${kind}List`,
      apiVersion: group ? `${group}/${version}` : version,
      metadata: {
        resourceVersion: '1',
        ...(page.continue
          ? { continue: page.continue, remainingItemCount: page.remaining }
          : {}),
      },
      items: page.items,
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    clusterUrl: cluster => `http://127.0.0.1:${port}/${cluster}`,
    requests,
    requestLog,
    close: async () => {
      hanging.forEach(res => res.destroy());
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
