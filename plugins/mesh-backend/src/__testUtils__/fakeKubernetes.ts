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
    };
    [key: string]: unknown;
  };
}

export interface FakeKubernetes {
  /** Base URL of one cluster, to put in the Kubernetes plugin's cluster config. */
  clusterUrl(cluster: string): string;
  /** Request paths seen, for asserting what was asked. */
  requests: string[];
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

/**
 * An HTTP server on 127.0.0.1 speaking the Kubernetes list API for several
 * clusters, each under its own path prefix with its own behaviour.
 */
export async function startFakeKubernetes(
  clusters: Record<
    string,
    { behaviour: ClusterBehaviour; objects?: FakeObject[] }
  >,
): Promise<FakeKubernetes> {
  const requests: string[] = [];
  const hanging: ServerResponse[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
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
    const items = (config.objects ?? [])
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
    return send(200, {
      kind: `${kind}List`,
      apiVersion: group ? `${group}/${version}` : version,
      metadata: { resourceVersion: '1' },
      items,
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    clusterUrl: cluster => `http://127.0.0.1:${port}/${cluster}`,
    requests,
    close: async () => {
      hanging.forEach(res => res.destroy());
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
