import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';

/** The header that names the target cluster of a proxy request. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';

/** An answer of the Kubernetes backend's proxy, read whole. */
export interface ProxyAnswer {
  status: number;
  /** The parsed JSON body; undefined when the body is not JSON. */
  body: unknown;
}

/**
 * Talks to the Kubernetes backend as the mesh plugin itself (a service
 * principal): `GET /clusters` (permission `kubernetes.clusters.read`) and
 * `/proxy/<path>` with the cluster header (permission `kubernetes.proxy`).
 * Both accept service tokens, and the permission framework allows plugin
 * service principals without asking the policy. The proxy signs in to the
 * cluster with the credentials of the cluster's config (serviceAccount,
 * aws, azure, googleServiceAccount); clusters that need a user's token
 * (`google`, `oidc`) cannot be read this way.
 */
export class KubernetesProxy {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /** Names of the clusters the Kubernetes backend knows. */
  async clusterNames(signal?: AbortSignal): Promise<string[]> {
    const answer = await this.request('/clusters', {}, signal);
    const items = (answer.body as { items?: unknown })?.items;
    if (answer.status !== 200 || !Array.isArray(items)) {
      throw new Error(
        `The Kubernetes backend did not list its clusters: ${describeFailure(
          answer,
        )}`,
      );
    }
    return items
      .map(item => (item as { name?: unknown })?.name)
      .filter((name): name is string => typeof name === 'string');
  }

  /** A GET of a Kubernetes API path on one cluster, through the proxy. */
  async get(
    cluster: string,
    path: string,
    signal?: AbortSignal,
  ): Promise<ProxyAnswer> {
    return this.request(`/proxy${path}`, { [CLUSTER_HEADER]: cluster }, signal);
  }

  private async request(
    path: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<ProxyAnswer> {
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    const baseUrl = await discovery.getBaseUrl('kubernetes');
    const response = await fetch(`${baseUrl}${path}`, {
      headers: {
        ...headers,
        accept: 'application/json',
        authorization: `Bearer ${token}`,
      },
      signal,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }
}

/**
 * True when the answer is the Kubernetes backend's own error (its `{ error }`
 * body: unknown cluster, permission refused, cluster unreachable), not the
 * cluster's (a Kubernetes `Status`).
 */
export function isBackendError(answer: ProxyAnswer): boolean {
  const error = (answer.body as { error?: { name?: unknown } })?.error;
  return typeof error?.name === 'string';
}

/** Why an answer failed, in one bounded line: the status and the server's message. */
export function describeFailure(answer: ProxyAnswer): string {
  const body = answer.body as {
    message?: unknown;
    error?: { message?: unknown };
  };
  const message = body?.error?.message ?? body?.message;
  return typeof message === 'string'
    ? `${answer.status} ${oneLine(message)}`
    : `${answer.status}`;
}

/** Messages end up in stored state: one line, no control characters, bounded. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
