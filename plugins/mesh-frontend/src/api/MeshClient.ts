import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditPage,
  EntityMeshState,
  FleetPage,
  GoldenPathPreset,
  HistoryPoint,
  Waiver,
} from '@meshpath/plugin-mesh-common';
import {
  FleetQuery,
  HistoryQuery,
  MeshApi,
  MeshBackendHealth,
  WaiverRequest,
} from './MeshApi';

// Guards against a backend that keeps answering nextCursor (20 × 1000 points is 2 years of 15-minute refreshes).
const MAX_HISTORY_PAGES = 20;

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}

function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/**
 * Talks to the Meshpath backend through the app's discovery and fetch APIs,
 * so the user's Backstage token goes with every request. Written by hand
 * against the backend's OpenAPI spec; its types are the spec's, shared in
 * `@meshpath/plugin-mesh-common`.
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
    return this.request<EntityMeshState>(`${entityPath(entityRef)}/state`, {
      notFoundIsEmpty: true,
    });
  }

  async getGoldenPaths(): Promise<GoldenPathPreset[]> {
    return (await this.request<{ items: GoldenPathPreset[] }>('/golden-paths'))!
      .items;
  }

  async getFleet(query: FleetQuery): Promise<FleetPage> {
    return (await this.request<FleetPage>(
      `/fleet${queryString({ ...query })}`,
    ))!;
  }

  async getHistory(
    entityRef: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPoint[]> {
    const points: HistoryPoint[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const body = (await this.request<{
        items: HistoryPoint[];
        nextCursor?: string;
      }>(
        `${entityPath(entityRef)}/history${queryString({ ...query, cursor })}`,
      ))!;
      points.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return points;
  }

  async refreshEntity(entityRef: string): Promise<EntityMeshState> {
    return (await this.request<EntityMeshState>(
      `${entityPath(entityRef)}/refresh`,
      { method: 'POST' },
    ))!;
  }

  async listWaivers(entityRef: string): Promise<Waiver[]> {
    const body = await this.request<{ items: Waiver[] }>(
      `${entityPath(entityRef)}/waivers`,
    );
    return body!.items;
  }

  async requestWaiver(
    entityRef: string,
    request: WaiverRequest,
  ): Promise<Waiver> {
    return (await this.request<Waiver>(`${entityPath(entityRef)}/waivers`, {
      method: 'POST',
      body: request,
    }))!;
  }

  async approveWaiver(
    entityRef: string,
    waiverId: string,
    comment?: string,
  ): Promise<Waiver> {
    return this.decide(entityRef, waiverId, 'approve', comment);
  }

  async rejectWaiver(
    entityRef: string,
    waiverId: string,
    comment?: string,
  ): Promise<Waiver> {
    return this.decide(entityRef, waiverId, 'reject', comment);
  }

  async revokeWaiver(entityRef: string, waiverId: string): Promise<Waiver> {
    return (await this.request<Waiver>(
      `${entityPath(entityRef)}/waivers/${encodeURIComponent(waiverId)}`,
      { method: 'DELETE' },
    ))!;
  }

  async getAudit(
    entityRef: string,
    page: { offset?: number; limit?: number } = {},
  ): Promise<AuditPage> {
    return (await this.request<AuditPage>(
      `${entityPath(entityRef)}/audit${queryString(page)}`,
    ))!;
  }

  private async decide(
    entityRef: string,
    waiverId: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ): Promise<Waiver> {
    return (await this.request<Waiver>(
      `${entityPath(entityRef)}/waivers/${encodeURIComponent(
        waiverId,
      )}/${decision}`,
      { method: 'POST', body: comment ? { comment } : {} },
    ))!;
  }

  private async request<T>(
    path: string,
    options: {
      notFoundIsEmpty?: boolean;
      method?: 'GET' | 'POST' | 'DELETE';
      body?: unknown;
    } = {},
  ): Promise<T | undefined> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      ...(options.body !== undefined
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(options.body),
          }
        : {}),
    });
    if (options.notFoundIsEmpty && response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
