import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityMeshState, FleetPage } from '@meshpath/plugin-mesh-common';
import { FleetQuery, MeshApi, MeshBackendHealth } from './MeshApi';

/**
 * Talks to the Meshpath backend through the app's discovery and fetch APIs,
 * so the user's Backstage token goes with every request.
 * @public
 */
export class MeshClient implements MeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<MeshBackendHealth> {
    return (await this.request<MeshBackendHealth>('/health'))!;
  }

  async getEntityState(
    entityRef: string,
  ): Promise<EntityMeshState | undefined> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return this.request<EntityMeshState>(
      `/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/state`,
      { notFoundIsEmpty: true },
    );
  }

  async getFleet(query: FleetQuery): Promise<FleetPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return (await this.request<FleetPage>(
      `/fleet${search ? `?${search}` : ''}`,
    ))!;
  }

  private async request<T>(
    path: string,
    options: { notFoundIsEmpty?: boolean } = {},
  ): Promise<T | undefined> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (options.notFoundIsEmpty && response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
