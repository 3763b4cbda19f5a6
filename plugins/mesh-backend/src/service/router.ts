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
  MeshStatus,
  meshRefreshPermission,
  meshWaiverManagePermission,
} from '@meshpath/plugin-mesh-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { FleetFilter, MeshStore } from '../database';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { readableFleet } from './readableFleet';
import { RefreshService } from './RefreshService';

/** What the router needs, already built by the plugin. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The catalog, to resolve conditional read decisions for the fleet. */
  catalog: CatalogService;
  store: MeshStore;
  refresh: RefreshService;
}

const DAY_MS = 86_400_000;

/** GET …/entities/{kind}/{namespace}/{name}/state: the validator tests it on the mounted request path and on the spec path. */
const STATE_ROUTE = /\/entities\/[^/]+\/[^/]+\/[^/]+\/state$/;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, refresh } = options;
  const router = await createOpenApiRouter({
    validatorOptions: {
      // The hottest route takes three strings from its path and nothing else, so
      // request validation has nothing to check; the validator would still compile
      // the spec's path patterns one by one on every call to find the route.
      ignorePaths: STATE_ROUTE,
    },
  });

  // The typed router's requests are express requests with narrower params and query.
  const credentialsOf = (req: unknown) =>
    httpAuth.credentials(req as express.Request, {
      allow: ['user', 'service'],
    });

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
    // stored: the hottest route skips decoding and re-encoding the document.
    const [, json] = await Promise.all([
      requireReadable(entityRef, credentials),
      store.getStateJson(entityRef),
    ]);
    if (!json) throw new NotFoundError(`No mesh state for ${entityRef} yet`);
    res.type('application/json').send(json as any);
  });

  router.get('/entities/:kind/:namespace/:name/slos', async (req, res) => {
    const entityRef = await readableEntity(
      req.params,
      await credentialsOf(req),
    );
    const state = await storedState(entityRef);
    res.json({ refreshedAt: state.refreshedAt, items: state.slos as any[] });
  });

  router.get(
    '/entities/:kind/:namespace/:name/compliance',
    async (req, res) => {
      const entityRef = await readableEntity(
        req.params,
        await credentialsOf(req),
      );
      const state = await storedState(entityRef);
      res.json(state.compliance as any);
    },
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const entityRef = await readableEntity(
      req.params,
      await credentialsOf(req),
    );
    const since = req.query.since
      ? new Date(req.query.since)
      : new Date(Date.now() - 30 * DAY_MS);
    if (Number.isNaN(since.getTime())) {
      throw new InputError(
        `since must be an ISO time, got "${req.query.since}"`,
      );
    }
    const items = await store.getHistory(entityRef, {
      since,
      metric: req.query.metric,
    });
    res.json({ items });
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = await readableEntity(req.params, credentials);
    await requirePermission(meshRefreshPermission, entityRef, credentials);
    const state = await refresh.refreshEntity(entityRef);
    if (!state) throw new NotFoundError(`No entity ${entityRef}`);
    res.json(state as any);
  });

  router.get('/entities/:kind/:namespace/:name/waivers', async (req, res) => {
    const entityRef = await readableEntity(
      req.params,
      await credentialsOf(req),
    );
    res.json({ items: await store.listWaivers(entityRef) });
  });

  router.post('/entities/:kind/:namespace/:name/waivers', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = await readableEntity(req.params, credentials);
    await requirePermission(meshWaiverManagePermission, entityRef, credentials);
    const expiresAt = new Date(req.body.expiresAt);
    if (
      Number.isNaN(expiresAt.getTime()) ||
      expiresAt.getTime() <= Date.now()
    ) {
      throw new InputError('expiresAt must be an ISO time in the future');
    }
    const waiver = await store.createWaiver({
      entityRef,
      ruleCode: req.body.ruleCode,
      ...(req.body.objectRef ? { objectRef: req.body.objectRef } : {}),
      reason: req.body.reason,
      createdBy: actorOf(credentials),
      expiresAt: expiresAt.toISOString(),
    });
    res.status(201).json(waiver);
  });

  router.delete(
    '/entities/:kind/:namespace/:name/waivers/:waiverId',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const entityRef = await readableEntity(req.params, credentials);
      await requirePermission(
        meshWaiverManagePermission,
        entityRef,
        credentials,
      );
      const waiver = await store.revokeWaiver(
        entityRef,
        req.params.waiverId,
        actorOf(credentials),
      );
      if (!waiver)
        throw new NotFoundError(
          `No waiver ${req.params.waiverId} for ${entityRef}`,
        );
      res.json(waiver);
    },
  );

  router.get('/fleet', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter: FleetFilter = {
      owner: req.query.owner,
      system: req.query.system,
      namespace: req.query.namespace,
      status: req.query.status as MeshStatus | undefined,
      framework: req.query.framework,
    };
    // Filtered before the count and the page, so neither reveals what the caller may not read.
    const entityRefs = await readableFleet(
      { permissions, catalog, store },
      filter,
      credentials,
    );
    const page = await store.listFleet(
      entityRefs ? { ...filter, entityRefs } : filter,
      { offset: req.query.offset ?? 0, limit: req.query.limit ?? 50 },
    );
    res.json({ ...page });
  });

  return router;
}

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}
