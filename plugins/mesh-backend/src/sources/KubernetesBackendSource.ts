import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import type { ObjectsByEntityResponse } from '@backstage/plugin-kubernetes-common';
import {
  API_VERSION_BY_KIND,
  MESH_RESOURCES,
  NAMESPACE_RESOURCE,
} from './meshResources';
import {
  ClusterObjects,
  LiveObjectSource,
  LiveObjects,
  MeshKubernetesObject,
} from './types';

/**
 * Live objects through the Kubernetes backend's custom-resource query, so its
 * cluster locators, cluster auth and permissions apply unchanged.
 */
export class KubernetesBackendSource implements LiveObjectSource {
  readonly name = 'kubernetes';

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Whole-request timeout: the Kubernetes backend has none per cluster. */
      timeoutMs?: number;
      /**
       * Catalog entity whose Kubernetes annotations select the root namespace's
       * policies (namespace annotation = root namespace, label selector `!meshpath.io/none`).
       */
      meshWideEntityRef?: string;
      /**
       * Catalog entity without a namespace annotation whose label selector
       * (`!meshpath.io/none`) matches every Namespace: with no namespace, the
       * Kubernetes backend lists the cluster-scoped `/api/v1/namespaces`.
       */
      namespacesEntityRef?: string;
    },
  ) {}

  async fetchObjects(entityRef: string): Promise<LiveObjects> {
    return this.query(entityRef, MESH_RESOURCES);
  }

  async fetchMeshWide(): Promise<LiveObjects> {
    const { meshWideEntityRef, namespacesEntityRef } = this.options;
    const results = await Promise.all([
      meshWideEntityRef
        ? this.query(
            meshWideEntityRef,
            MESH_RESOURCES.filter(
              r =>
                r.kind === 'PeerAuthentication' ||
                r.kind === 'AuthorizationPolicy',
            ),
          )
        : undefined,
      namespacesEntityRef
        ? this.query(namespacesEntityRef, [NAMESPACE_RESOURCE])
        : undefined,
    ]);
    return {
      clusters: results.flatMap(r => r?.clusters ?? []),
      errors: results.flatMap(r => r?.errors ?? []),
    };
  }

  private async query(
    entityRef: string,
    resources: typeof MESH_RESOURCES,
  ): Promise<LiveObjects> {
    const { auth, discovery } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    let body: ObjectsByEntityResponse;
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'kubernetes',
      });
      const baseUrl = await discovery.getBaseUrl('kubernetes');
      const response = await fetch(`${baseUrl}/resources/custom/query`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          entityRef,
          customResources: resources.map(({ group, apiVersion, plural }) => ({
            group,
            apiVersion,
            plural,
          })),
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        const text = await response.text();
        return failed(
          `Kubernetes backend answered ${response.status}: ${text.slice(
            0,
            300,
          )}`,
        );
      }
      body = await response.json();
      if (!Array.isArray(body?.items)) {
        return failed('Kubernetes backend answered without an items list');
      }
    } catch (error) {
      const e = error as Error;
      return failed(
        e.name === 'TimeoutError'
          ? `Kubernetes backend did not answer within ${timeoutMs} ms (a cluster may be hanging)`
          : `Kubernetes backend request failed: ${e.message}`,
      );
    }
    return { clusters: body.items.map(toClusterObjects), errors: [] };
  }
}

function failed(message: string): LiveObjects {
  return { clusters: [], errors: [{ source: 'kubernetes', message }] };
}

function toClusterObjects(
  item: ObjectsByEntityResponse['items'][number],
): ClusterObjects {
  const objects: MeshKubernetesObject[] = [];
  for (const response of item.resources ?? []) {
    for (const resource of (response.resources ?? []) as any[]) {
      if (!resource?.kind || !resource?.metadata?.name) continue;
      objects.push({
        ...resource,
        apiVersion:
          resource.apiVersion ?? API_VERSION_BY_KIND.get(resource.kind) ?? 'v1',
      });
    }
  }
  const errors = (item.errors ?? []).map((e: any) =>
    e.errorType === 'FETCH_ERROR'
      ? `${e.errorType}: ${e.message}`
      : `${e.errorType}${e.statusCode ? ` (${e.statusCode})` : ''} fetching ${
          e.resourcePath
        }`,
  );
  return { cluster: item.cluster.name, objects, errors };
}
