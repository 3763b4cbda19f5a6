import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshStatus } from '@meshpath/plugin-mesh-common';
import { FleetFilter, FleetSort, MeshStore } from '../database';
import express from 'express';
import { csvLine, fleetCsvHeader, fleetCsvRow } from './fleetCsv';
import { readableFleet } from './readableFleet';

const DAY_MS = 86_400_000;
/** Rows read per query while exporting; the CSV is written as it goes. */
const EXPORT_PAGE = 500;
/** The most rows one export writes; the last line says when more were left out. */
const EXPORT_MAX_ROWS = 50_000;

type FleetQuery = {
  owner?: string[];
  system?: string[];
  lifecycle?: string[];
  namespace?: string;
  cluster?: string;
  framework?: string;
  status?: string;
  level?: string;
};

type SortQuery = {
  sort?: FleetSort['field'];
  order?: FleetSort['order'];
  sortFramework?: string;
};

const filterOf = (query: FleetQuery): FleetFilter => ({
  owner: query.owner,
  system: query.system,
  lifecycle: query.lifecycle,
  namespace: query.namespace,
  cluster: query.cluster,
  framework: query.framework,
  status: query.status as MeshStatus | undefined,
  level: query.level,
});

const sortOf = (query: SortQuery): FleetSort => ({
  field: query.sort ?? 'service',
  order: query.order ?? 'asc',
  ...(query.sortFramework ? { framework: query.sortFramework } : {}),
});

/**
 * What the fleet routes answer: the page, its CSV export, the team rollup and
 * the score trend. Each filters by what the caller may read before counting,
 * paging or aggregating, so nothing reveals what the caller may not read.
 */
export function fleetHandlers(options: {
  credentialsOf: (req: unknown) => Promise<BackstageCredentials>;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: MeshStore;
}) {
  const { credentialsOf, store } = options;

  async function readableFilter(req: unknown, query: FleetQuery) {
    const filter = filterOf(query);
    const entityRefs = await readableFleet(
      options,
      filter,
      await credentialsOf(req),
    );
    return entityRefs ? { ...filter, entityRefs } : filter;
  }

  return {
    async page(
      req: unknown,
      query: FleetQuery & SortQuery & { offset?: number; limit?: number },
    ) {
      const filter = await readableFilter(req, query);
      return store.listFleet(
        filter,
        { offset: query.offset ?? 0, limit: query.limit ?? 50 },
        sortOf(query),
      );
    },

    /** Writes the CSV as it reads the rows, a page at a time. */
    async exportCsv(
      req: unknown,
      query: FleetQuery & SortQuery,
      res: express.Response,
    ) {
      const filter = await readableFilter(req, query);
      const sort = sortOf(query);
      let page = await store.listFleet(
        filter,
        { offset: 0, limit: EXPORT_PAGE },
        sort,
      );
      const frameworks = [
        ...new Set(page.items.flatMap(e => Object.keys(e.complianceScores))),
      ].sort();
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        'attachment; filename="mesh-fleet.csv"',
      );
      res.write(csvLine(fleetCsvHeader(frameworks)));
      for (let offset = 0; ; ) {
        for (const entry of page.items)
          res.write(csvLine(fleetCsvRow(entry, frameworks)));
        offset += page.items.length;
        if (page.items.length < EXPORT_PAGE || offset >= page.totalCount) break;
        if (offset >= EXPORT_MAX_ROWS) {
          res.write(
            csvLine([
              `# ${
                page.totalCount - offset
              } more services left out; narrow the filter`,
            ]),
          );
          break;
        }
        page = await store.listFleet(
          filter,
          { offset, limit: EXPORT_PAGE },
          sort,
        );
      }
      res.end();
    },

    async teams(req: unknown, query: FleetQuery) {
      return store.listFleetTeams(await readableFilter(req, query));
    },

    async trend(
      req: unknown,
      query: FleetQuery & { framework: string; days?: number },
    ) {
      // The trend's framework names the score, not a filter on failing services.
      const filter = await readableFilter(req, {
        ...query,
        framework: undefined,
      });
      const until = new Date();
      const days = query.days ?? 30;
      return store.getFleetTrend(filter, {
        framework: query.framework,
        since: new Date(until.getTime() - (days - 1) * DAY_MS),
        until,
      });
    },
  };
}
