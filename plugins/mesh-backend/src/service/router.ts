import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  GoldenPath,
  meshAuditReadPermission,
  meshRefreshPermission,
  meshWaiverApprovePermission,
  meshWaiverManagePermission,
  meshWaiverRequestPermission,
  toGoldenPathPreset,
} from '@meshpath/plugin-mesh-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { MeshStore } from '../database';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { decodeHistoryCursor, encodeHistoryCursor } from './historyCursor';
import {
  OnDemandRefreshLimits,
  readOnDemandRefreshLimits,
  refreshBudgets,
  TooManyRequestsError,
} from './onDemandRefresh';
import { fleetHandlers } from './fleetRoutes';
import type { MeshContextReader } from './meshContext';
import { RefreshService } from './RefreshService';
import { WaiverRules, WaiverWorkflow } from './waivers';

/** What the router needs, already built by the plugin. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The catalog, to resolve conditional read decisions for the fleet. */
  catalog: CatalogService;
  store: MeshStore;
  refresh: RefreshService;
  /** Days of history kept (`mesh.history.retentionDays`); defaults to 90. */
  historyRetentionDays?: number;
  /** Limits of on-demand refreshes (`mesh.refresh.onDemand`); defaults when absent. */
  onDemandRefresh?: OnDemandRefreshLimits;
  /** Expiry bound and self-approval, from `mesh.waivers`. */
  waiverRules: WaiverRules;
  /** The presets of `mesh.goldenPaths`, served to the template form's picker. */
  goldenPaths?: Record<string, GoldenPath>;
  /** The live mesh around a service, for the scaffolder's validation. */
  meshContext?: MeshContextReader;
}

const DAY_MS = 86_400_000;
const HISTORY_PAGE_SIZE = 1000;

/** GET …/entities/{kind}/{namespace}/{name}/state: the validator tests it on the mounted request path and on the spec path. */
const STATE_ROUTE = /\/entities\/[^/]+\/[^/]+\/[^/]+\/state$/;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, refresh } = options;
  const historyRetentionDays = options.historyRetentionDays ?? 90;
  const refreshLimits = options.onDemandRefresh ?? readOnDemandRefreshLimits();
  const router = await createOpenApiRouter({
    validatorOptions: {
      // The hottest route takes three strings from its path and nothing else, so
      // request validation has nothing to check; the validator would still compile
      // the spec's path patterns one by one on every call to find the route.
      ignorePaths: STATE_ROUTE,
    },
  });

  const waivers = new WaiverWorkflow(store, options.waiverRules);

  // The typed router's requests are express requests with narrower params and query.
  const credentialsOf = (req: unknown) =>
    httpAuth.credentials(req as express.Request, {
      allow: ['user', 'service'],
    });
  // Waiver changes are made by people: the audit log names who, and a service
  // principal would skip the permission policy altogether.
  const userCredentialsOf = (req: unknown) =>
    httpAuth.credentials(req as express.Request, { allow: ['user'] });

  /**
   * The entity ref, when the catalog's read permission lets the caller see the
   * entity; 404 otherwise, as the catalog itself answers. A permission check,
   * not an entity fetch, so reads cost no catalog round trip under an allow policy.
   */
  async function readableEntity(
    params: { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<string> {
    const ref = stringifyEntityRef(params);
    await requireReadable(ref, credentials);
    return ref;
  }

  async function requireReadable(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await permissions.authorize(
      [{ permission: catalogEntityReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotFoundError(`No entity ${ref}`);
    }
  }

  async function requirePermission(
    permission: ResourcePermission<'catalog-entity'> | BasicPermission,
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await permissions.authorize(
      [
        {
          permission: permission as ResourcePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${entityRef}`,
      );
    }
  }

  async function storedState(entityRef: string) {
    const state = await store.getState(entityRef);
    if (!state) throw new NotFoundError(`No mesh state for ${entityRef} yet`);
    return state;
  }

  router.get('/health', async (req, res) => {
    await credentialsOf(req);
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/state', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = stringifyEntityRef(req.params);
    // The permission decision (a call to the permission backend) and the read run
    // side by side; nothing is sent unless the decision allows it. Served as
    // stored: the hottest route skips decoding, re-encoding and compressing it.
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    const [, compressed] = await Promise.all([
      requireReadable(entityRef, credentials),
      gzip ? store.getStateGzip(entityRef) : undefined,
    ]);
    // The stored document's bytes are sent as they are, not an object to serialise.
    const raw: express.Response = res;
    raw.vary('Accept-Encoding');
    if (compressed) {
      // Already encoded: the compression middleware leaves it alone.
      raw.set('Content-Encoding', 'gzip');
      raw.type('application/json').send(compressed);
      return;
    }
    const json = await store.getStateJson(entityRef);
    if (!json) throw new NotFoundError(`No mesh state for ${entityRef} yet`);
    raw.type('application/json').send(json);
  });

  router.get('/entities/:kind/:namespace/:name/slos', async (req, res) => {
    const entityRef = await readableEntity(
      req.params,
      await credentialsOf(req),
    );
    const state = await storedState(entityRef);
    res.json({ refreshedAt: state.refreshedAt, items: state.slos });
  });

  router.get(
    '/entities/:kind/:namespace/:name/compliance',
    async (req, res) => {
      const entityRef = await readableEntity(
        req.params,
        await credentialsOf(req),
      );
      const state = await storedState(entityRef);
      res.json(state.compliance);
    },
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const entityRef = await readableEntity(
      req.params,
      await credentialsOf(req),
    );
    const now = Date.now();
    const requested = req.query.since
      ? new Date(req.query.since)
      : new Date(now - 30 * DAY_MS);
    if (Number.isNaN(requested.getTime())) {
      throw new InputError(
        `since must be an ISO time, got "${req.query.since}"`,
      );
    }
    // Nothing older is kept, so an earlier since only widens the scan.
    const retainedSince = now - historyRetentionDays * DAY_MS;
    const page = await store.getHistoryPage(entityRef, {
      since: new Date(Math.max(requested.getTime(), retainedSince)),
      metric: req.query.metric,
      limit: req.query.limit ?? HISTORY_PAGE_SIZE,
      ...(req.query.cursor
        ? { after: decodeHistoryCursor(req.query.cursor) }
        : {}),
    });
    res.json({
      items: page.items,
      ...(page.next ? { nextCursor: encodeHistoryCursor(page.next) } : {}),
    });
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = await readableEntity(req.params, credentials);
    await requirePermission(meshRefreshPermission, entityRef, credentials);
    // Shared by every replica: the refresh runs mesh-wide and 28–30-day queries.
    const claim = await store.claimOnDemandRefresh(
      refreshBudgets(refreshLimits, entityRef, credentials),
    );
    if (!claim.granted) {
      const seconds = Math.ceil(claim.retryAfterMs / 1000);
      res.set('Retry-After', String(seconds));
      throw new TooManyRequestsError(
        `${entityRef} was refreshed on demand moments ago, or you asked for too many refreshes; try again in ${seconds} s`,
      );
    }
    const state = await refresh.refreshEntity(entityRef);
    if (!state) throw new NotFoundError(`No entity ${entityRef}`);
    res.json(state);
  });

  router.get('/entities/:kind/:namespace/:name/waivers', async (req, res) => {
    const entityRef = await readableEntity(
      req.params,
      await credentialsOf(req),
    );
    res.json({ items: await store.listWaivers(entityRef) });
  });

  router.post('/entities/:kind/:namespace/:name/waivers', async (req, res) => {
    const credentials = await userCredentialsOf(req);
    const entityRef = await readableEntity(req.params, credentials);
    await requirePermission(
      meshWaiverRequestPermission,
      entityRef,
      credentials,
    );
    const waiver = await waivers.request({
      entityRef,
      ruleCode: req.body.ruleCode,
      objectRef: req.body.objectRef,
      reason: req.body.reason,
      expiresAt: req.body.expiresAt,
      requestedBy: credentials.principal.userEntityRef,
    });
    res.status(201).json(waiver);
  });

  router.post(
    '/entities/:kind/:namespace/:name/waivers/:waiverId/approve',
    async (req, res) => {
      const credentials = await userCredentialsOf(req);
      const entityRef = await readableEntity(req.params, credentials);
      await requirePermission(
        meshWaiverApprovePermission,
        entityRef,
        credentials,
      );
      res.json(
        await waivers.decide(entityRef, req.params.waiverId, {
          status: 'approved',
          decidedBy: credentials.principal.userEntityRef,
          comment: req.body?.comment,
        }),
      );
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/waivers/:waiverId/reject',
    async (req, res) => {
      const credentials = await userCredentialsOf(req);
      const entityRef = await readableEntity(req.params, credentials);
      await requirePermission(
        meshWaiverApprovePermission,
        entityRef,
        credentials,
      );
      res.json(
        await waivers.decide(entityRef, req.params.waiverId, {
          status: 'rejected',
          decidedBy: credentials.principal.userEntityRef,
          comment: req.body?.comment,
        }),
      );
    },
  );

  router.delete(
    '/entities/:kind/:namespace/:name/waivers/:waiverId',
    async (req, res) => {
      const credentials = await userCredentialsOf(req);
      const entityRef = await readableEntity(req.params, credentials);
      await requirePermission(
        meshWaiverManagePermission,
        entityRef,
        credentials,
      );
      res.json(
        await waivers.revoke(
          entityRef,
          req.params.waiverId,
          credentials.principal.userEntityRef,
        ),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/audit', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = await readableEntity(req.params, credentials);
    await requirePermission(meshAuditReadPermission, entityRef, credentials);
    res.json(
      await store.listAudit(entityRef, {
        offset: req.query.offset ?? 0,
        limit: req.query.limit ?? 50,
      }),
    );
  });

  // Built once: the presets are read at start-up and never change while the backend runs.
  const goldenPathPresets = Object.values(options.goldenPaths ?? {}).map(
    toGoldenPathPreset,
  );
  router.get('/mesh-context', async (req, res) => {
    // The scaffolder asks with its own token; people see the mesh through entity pages.
    await httpAuth.credentials(req as unknown as express.Request, {
      allow: ['service'],
    });
    const namespace = req.query.namespace ?? [];
    const namespaces = Array.isArray(namespace) ? namespace : [namespace];
    res.json(
      options.meshContext
        ? await options.meshContext.read(namespaces)
        : { clusters: [], objects: [], errors: [] },
    );
  });

  router.get('/golden-paths', async (req, res) => {
    await credentialsOf(req);
    res.json({ items: goldenPathPresets });
  });

  // Cluster names and why they could not be read: what the fleet page's banner shows anyone signed in.
  router.get('/clusters', async (req, res) => {
    await credentialsOf(req);
    res.json({
      items: (await store.listClusterOutcomes()).map(o => ({ ...o })),
    });
  });

  const fleet = fleetHandlers({ credentialsOf, permissions, catalog, store });
  // Spread: the typed responses want index signatures the interfaces lack.
  router.get('/fleet', async (req, res) => {
    res.json({ ...(await fleet.page(req, req.query)) });
  });
  router.get('/fleet/export', async (req, res) => {
    await fleet.exportCsv(req, req.query, res as express.Response);
  });
  router.get('/fleet/teams', async (req, res) => {
    const teams = await fleet.teams(req, req.query);
    res.json({
      items: teams.map(team => ({
        ...team,
        worstFindings: team.worstFindings.map(f => ({ ...f })),
      })),
    });
  });
  router.get('/fleet/trend', async (req, res) => {
    res.json({ ...(await fleet.trend(req, req.query)) });
  });

  return router;
}
