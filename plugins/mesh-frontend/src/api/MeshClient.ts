import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditPage,
  ClusterOutcome,
  ComplianceReport,
  EntityMeshState,
  FleetPage,
  FleetTeamRollup,
  FleetTrend,
  GoldenPathPreset,
  HistoryPoint,
  SloStatus,
  Waiver,
} from '@meshpath/plugin-mesh-common';
import { MeshBackendClient } from './generated/MeshBackendClient';
import {
  FleetFilters,
  FleetQuery,
  HistoryQuery,
  MeshApi,
  MeshBackendHealth,
  WaiverRequest,
} from './MeshApi';

// Guards against a backend that keeps answering nextCursor (20 × 1000 points is 2 years of 15-minute refreshes).
const MAX_HISTORY_PAGES = 20;

const entityPath = (entityRef: string) => {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return { kind, namespace, name };
};

/** The body of a successful response; a ResponseError otherwise. */
async function bodyOf<T>(response: Response): Promise<T> {
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return (await response.json()) as T;
}

/**
 * Talks to the Meshpath backend through the app's discovery and fetch APIs,
 * so the user's Backstage token goes with every request. Requests go through
 * MeshBackendClient, generated from the backend's OpenAPI spec (a test fails
 * when the two drift); responses are typed with `@meshpath/plugin-mesh-common`.
 * @public
 */
export class MeshClient implements MeshApi {
  private readonly backend: MeshBackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new MeshBackendClient(options);
  }

  async getHealth(): Promise<MeshBackendHealth> {
    return bodyOf(await this.backend.getHealth());
  }

  async getEntityState(
    entityRef: string,
  ): Promise<EntityMeshState | undefined> {
    const response = await this.backend.getEntityState({
      path: entityPath(entityRef),
    });
    if (response.status === 404) return undefined;
    return bodyOf(response);
  }

  async getEntitySlos(
    entityRef: string,
  ): Promise<{ items: SloStatus[]; refreshedAt: string }> {
    return bodyOf(
      await this.backend.getEntitySlos({ path: entityPath(entityRef) }),
    );
  }

  async getEntityCompliance(entityRef: string): Promise<ComplianceReport> {
    return bodyOf(
      await this.backend.getEntityCompliance({ path: entityPath(entityRef) }),
    );
  }

  async getGoldenPaths(): Promise<GoldenPathPreset[]> {
    return (
      await bodyOf<{ items: GoldenPathPreset[] }>(
        await this.backend.getGoldenPaths(),
      )
    ).items;
  }

  async getClusterOutcomes(): Promise<ClusterOutcome[]> {
    return (
      await bodyOf<{ items: ClusterOutcome[] }>(
        await this.backend.getClusterOutcomes(),
      )
    ).items;
  }

  async getFleet(query: FleetQuery): Promise<FleetPage> {
    return bodyOf(await this.backend.getFleet({ query }));
  }

  async exportFleet(query: Omit<FleetQuery, 'offset' | 'limit'>) {
    const response = await this.backend.exportFleet({ query });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  async getFleetTeams(filters: FleetFilters): Promise<FleetTeamRollup[]> {
    return (
      await bodyOf<{ items: FleetTeamRollup[] }>(
        await this.backend.getFleetTeams({ query: filters }),
      )
    ).items;
  }

  async getFleetTrend(
    filters: Omit<FleetFilters, 'framework'> & {
      framework: string;
      days?: number;
    },
  ): Promise<FleetTrend> {
    return bodyOf(await this.backend.getFleetTrend({ query: filters }));
  }

  async getHistory(
    entityRef: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPoint[]> {
    const points: HistoryPoint[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const body = await bodyOf<{
        items: HistoryPoint[];
        nextCursor?: string;
      }>(
        await this.backend.getEntityHistory({
          path: entityPath(entityRef),
          query: { ...query, cursor },
        }),
      );
      points.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return points;
  }

  async refreshEntity(entityRef: string): Promise<EntityMeshState> {
    return bodyOf(
      await this.backend.refreshEntity({ path: entityPath(entityRef) }),
    );
  }

  async listWaivers(entityRef: string): Promise<Waiver[]> {
    return (
      await bodyOf<{ items: Waiver[] }>(
        await this.backend.listWaivers({ path: entityPath(entityRef) }),
      )
    ).items;
  }

  async requestWaiver(
    entityRef: string,
    request: WaiverRequest,
  ): Promise<Waiver> {
    return bodyOf(
      await this.backend.createWaiver({
        path: entityPath(entityRef),
        body: request,
      }),
    );
  }

  async approveWaiver(
    entityRef: string,
    waiverId: string,
    comment?: string,
  ): Promise<Waiver> {
    return bodyOf(
      await this.backend.approveWaiver({
        path: { ...entityPath(entityRef), waiverId },
        body: comment ? { comment } : {},
      }),
    );
  }

  async rejectWaiver(
    entityRef: string,
    waiverId: string,
    comment?: string,
  ): Promise<Waiver> {
    return bodyOf(
      await this.backend.rejectWaiver({
        path: { ...entityPath(entityRef), waiverId },
        body: comment ? { comment } : {},
      }),
    );
  }

  async revokeWaiver(entityRef: string, waiverId: string): Promise<Waiver> {
    return bodyOf(
      await this.backend.revokeWaiver({
        path: { ...entityPath(entityRef), waiverId },
      }),
    );
  }

  async getAudit(
    entityRef: string,
    page: { offset?: number; limit?: number } = {},
  ): Promise<AuditPage> {
    return bodyOf(
      await this.backend.getEntityAudit({
        path: entityPath(entityRef),
        query: page,
      }),
    );
  }
}
