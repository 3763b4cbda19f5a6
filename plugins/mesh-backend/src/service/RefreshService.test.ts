import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readGoldenPaths } from '@meshpath/plugin-mesh-common';
import { mkdir, mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DatabaseMeshStore } from '../database';
import { PrometheusClient } from '../slo/PrometheusClient';
import { SloEngine } from '../slo/SloEngine';
import { DeclaredManifestSource } from '../sources/DeclaredManifestSource';
import type { LiveObjectSource, MeshKubernetesObject } from '../sources/types';
import { meshFixtures } from '../__testUtils__/meshFixtures';
import { generateOpenMetrics } from '../__testUtils__/openMetrics';
import {
  RunningPrometheus,
  startPrometheus,
} from '../__testUtils__/prometheus';
import { MeshAnalyzer, RefreshService } from './RefreshService';

jest.setTimeout(120_000);

const HOUR = 3600;
const T = Math.floor(Date.now() / 1000 / HOUR) * HOUR - HOUR;

const component = (name: string, type = 'service') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    type,
    owner: 'group:default/team-a',
    lifecycle: 'production',
    system: 'shop',
  },
});

// Live objects per entity from an in-memory source; the Kubernetes-backed source has its own test.
const liveSource: LiveObjectSource = {
  name: 'fixture',
  async fetchObjects(entityRef) {
    const name = entityRef.split('/')[1];
    if (name === 'payments') {
      return {
        clusters: [
          {
            cluster: 'prod-eu',
            objects: [],
            errors: ['UNAUTHORIZED_ERROR (401) fetching /api/v1/pods'],
          },
        ],
        errors: [],
      };
    }
    const objects = meshFixtures(name)
      // orders has no policy of its own: only the mesh-wide one decides its mTLS.
      .filter(f => name !== 'orders' || f.object.kind !== 'PeerAuthentication')
      .map(
        f =>
          ({
            ...f.object,
            apiVersion: f.group ? `${f.group}/${f.version}` : f.version,
          } as MeshKubernetesObject),
      );
    return {
      clusters: [{ cluster: 'prod-eu', objects, errors: [] }],
      errors: [],
    };
  },
  async fetchMeshWide() {
    const rootPolicy: MeshKubernetesObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    };
    const namespace = (name: string): MeshKubernetesObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'istio-injection': 'enabled' } },
    });
    return {
      clusters: [
        { cluster: 'prod-eu', objects: [rootPolicy], errors: [] },
        {
          cluster: 'prod-eu',
          objects: [namespace('shop'), namespace('legacy')],
          errors: [],
        },
      ],
      errors: [],
    };
  },
};

// A fixed engine result so the waiver arithmetic is exact; the real engine has its own test (evaluation/engine.test.ts).
const analyzer: MeshAnalyzer = {
  analyze: objects => {
    const services = objects.filter(o => o.kind === 'Service');
    return {
      findings: services.map(s => ({
        code: 'MP2001',
        severity: 'error' as const,
        message: 'no authz',
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          namespace: s.metadata.namespace,
          name: s.metadata.name,
        },
        references: {},
        controls: [{ framework: 'SOC2' as const, control: 'CC6.1' }],
        remediation: 'Add an AuthorizationPolicy',
      })),
      compliance: services.map(s => ({
        code: 'MP2001',
        subject: {
          apiVersion: 'v1',
          kind: 'Service',
          namespace: s.metadata.namespace,
          name: s.metadata.name,
        },
        passed: false,
        controls: [{ framework: 'SOC2' as const, control: 'CC6.1' }],
        message: 'no authz',
      })),
    };
  },
};

describe('RefreshService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    const times: number[] = [];
    for (let t = T - 4 * 24 * HOUR; t <= T; t += 60) times.push(t);
    prometheus = await startPrometheus(
      generateOpenMetrics(
        [
          {
            name: 'istio_requests',
            type: 'counter',
            series: [
              {
                sample: 'istio_requests_total',
                labels: {
                  reporter: 'destination',
                  destination_service: 'checkout.shop.svc.cluster.local',
                  response_code: '200',
                },
                ratePerSecond: () => 99,
              },
              {
                sample: 'istio_requests_total',
                labels: {
                  reporter: 'destination',
                  destination_service: 'checkout.shop.svc.cluster.local',
                  response_code: '500',
                },
                ratePerSecond: () => 1,
              },
            ],
          },
        ],
        times,
      ),
    );
  });
  afterAll(() => prometheus?.stop());

  it("gives the engine the Namespaces of the entity's own objects, not every Namespace of the cluster", async () => {
    const contexts: MeshKubernetesObject[][] = [];
    const service = new RefreshService({
      catalog: catalogServiceMock({ entities: [component('checkout')] }),
      auth: mockServices.auth(),
      store: await DatabaseMeshStore.create({
        database: mockServices.database({
          knex: await databases.init('SQLITE_3'),
        }),
      }),
      logger: mockServices.logger.mock(),
      liveSources: [liveSource],
      analyzer: {
        analyze: (objects, options) => {
          contexts.push(objects);
          return analyzer.analyze(objects, options);
        },
      },
      rootNamespace: 'istio-system',
      historyRetentionDays: 90,
    });
    await service.refreshEntity('component:default/checkout');
    expect(
      contexts[0].filter(o => o.kind === 'Namespace').map(o => o.metadata.name),
    ).toEqual(['shop']);
  });

  it("takes SLOs from an OpenSLO document in the entity's manifests folder over its annotations", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshpath-openslo-'));
    try {
      await mkdir(join(dir, 'mesh'));
      await writeFile(
        join(dir, 'mesh', 'slo.yaml'),
        stringify({
          apiVersion: 'openslo/v1',
          kind: 'SLO',
          metadata: { name: 'checkout-availability' },
          spec: {
            service: 'checkout',
            timeWindow: [{ duration: '30d', isRolling: true }],
            budgetingMethod: 'Occurrences',
            objectives: [{ target: 0.99 }],
          },
        }),
      );
      const checkout = component('checkout');
      Object.assign(checkout.metadata.annotations, {
        'backstage.io/managed-by-location': `file:${join(
          dir,
          'catalog-info.yaml',
        )}`,
        'meshpath.io/manifests': './mesh',
        'meshpath.io/slo-availability': '99.9',
      });
      const service = new RefreshService({
        catalog: catalogServiceMock({ entities: [checkout] }),
        auth: mockServices.auth(),
        store: await DatabaseMeshStore.create({
          database: mockServices.database({
            knex: await databases.init('SQLITE_3'),
          }),
        }),
        logger: mockServices.logger.mock(),
        liveSources: [liveSource],
        declared: new DeclaredManifestSource(mockServices.urlReader.mock(), {
          allowedDirectories: [dir],
        }),
        sloEngine: new SloEngine(
          new PrometheusClient({ baseUrl: prometheus.baseUrl }),
        ),
        analyzer,
        rootNamespace: 'istio-system',
        historyRetentionDays: 90,
      });
      const state = (await service.refreshEntity(
        'component:default/checkout',
        new Date(T * 1000),
      ))!;
      expect(state.slos.map(s => s.definition)).toEqual([
        { kind: 'availability', target: 99, windowDays: 30 },
      ]);
      // 1% errors against a 99% target (not the annotation's 99.9%): burn rate 1.
      expect(state.slos[0].burnRates['1h']).toEqual({
        state: 'known',
        value: expect.closeTo(1, 6),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a golden-path annotation naming an inherited member (toString, constructor, __proto__) to that entity', async () => {
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
    });
    const hostile = ['toString', 'constructor', '__proto__'].map(preset => {
      const entity = component(`hostile-${preset.length}`);
      Object.assign(entity.metadata.annotations, {
        'meshpath.io/golden-path': preset,
      });
      return entity;
    });
    const service = new RefreshService({
      catalog: catalogServiceMock({
        entities: [...hostile, component('checkout')],
      }),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
      liveSources: [liveSource],
      sloEngine: new SloEngine(
        new PrometheusClient({ baseUrl: prometheus.baseUrl }),
      ),
      analyzer,
      goldenPaths: readGoldenPaths(
        new ConfigReader({
          mesh: {
            goldenPaths: {
              'tier-1': { defaults: { slo: { availability: 99.5 } } },
            },
          },
        }),
      ),
      rootNamespace: 'istio-system',
      historyRetentionDays: 90,
    });

    await expect(service.refreshAll(new Date(T * 1000))).resolves.toMatchObject(
      { entities: 4 },
    );
    for (const [entity, preset] of hostile.map(
      (e, i) => [e, ['toString', 'constructor', '__proto__'][i]] as const,
    )) {
      const state = (await store.getState(
        `component:default/${entity.metadata.name}`,
      ))!;
      expect(state.errors).toContainEqual({
        source: 'golden-path',
        message: expect.stringContaining(`"${preset}" is not a golden path`),
      });
      // Built-in defaults, not a member of Object.prototype.
      expect(state.slos.map(s => s.definition.target)).toEqual([99.9]);
    }
    const checkout = (await store.getState('component:default/checkout'))!;
    expect(checkout.errors.filter(e => e.source === 'golden-path')).toEqual([]);
  });

  it('stores state, history and waivers-applied compliance, then keeps the last good time when Prometheus goes away', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({ knex }),
    });
    const service = new RefreshService({
      catalog: catalogServiceMock({
        entities: [
          component('checkout'),
          component('payments'),
          component('orders'),
          component('web', 'website'),
        ],
      }),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
      liveSources: [liveSource],
      sloEngine: new SloEngine(
        new PrometheusClient({ baseUrl: prometheus.baseUrl }),
      ),
      analyzer,
      rootNamespace: 'istio-system',
      historyRetentionDays: 90,
      // One service per chunk: the chunks of a cycle still share its 8 fleet-wide queries.
      chunkSize: 1,
    });

    const first = new Date(T * 1000);
    expect(await service.refreshAll(first)).toEqual({
      entities: 3,
      promqlQueries: 8,
    });

    const checkout = (await store.getState('component:default/checkout'))!;
    expect(checkout).toMatchObject({
      mtls: 'STRICT',
      allowedCallers: ['cluster.local/ns/web/sa/frontend'],
      status: 'critical',
    });
    expect(checkout.canaries).toEqual([
      expect.objectContaining({ name: 'checkout', phase: 'Progressing' }),
    ]);
    // 1% errors against a 99.9% target: burn rate 10 everywhere.
    expect(checkout.slos[0].burnRates['1h']).toEqual({
      state: 'known',
      value: expect.closeTo(10, 6),
    });
    expect(checkout.compliance.frameworks[0]).toMatchObject({
      framework: 'SOC2',
      failed: 1,
      score: 0,
    });

    const orders = (await store.getState('component:default/orders'))!;
    expect(orders.mtls).toBe('STRICT');
    // Context, not the entity's own objects.
    expect(orders.objects.some(o => o.namespace === 'istio-system')).toBe(
      false,
    );

    const payments = (await store.getState('component:default/payments'))!;
    expect(payments.errors).toContainEqual({
      source: 'cluster:prod-eu',
      message: 'UNAUTHORIZED_ERROR (401) fetching /api/v1/pods',
    });
    expect(payments.slos[0].sli.state).toBe('unknown');
    expect(await store.getState('component:default/web')).toBeUndefined();

    // An approved waiver makes the finding stop counting on the next refresh.
    const waiver = await store.createWaiver(
      {
        entityRef: 'component:default/checkout',
        ruleCode: 'MP2001',
        reason: 'internal only',
        createdBy: 'user:default/ann',
        expiresAt: new Date(T * 1000 + 86_400_000).toISOString(),
      },
      first,
    );
    await store.decideWaiver(
      'component:default/checkout',
      waiver.id,
      { status: 'approved', decidedBy: 'user:default/carol' },
      first,
    );
    await prometheus.stop();
    const second = new Date(T * 1000 + 60_000);
    const refreshed = (await service.refreshEntity(
      'component:default/checkout',
      second,
    ))!;
    expect(refreshed.compliance.frameworks[0]).toMatchObject({
      waived: 1,
      failed: 0,
      score: 1,
    });
    expect(refreshed.compliance.findings[0].waiverId).toBeDefined();
    expect(refreshed.slos[0].sli).toEqual({
      state: 'unknown',
      reason: expect.stringMatching(/unreachable/),
      lastGoodAt: first.toISOString(),
    });

    const history = await store.getHistory('component:default/checkout', {
      since: new Date(0),
      metric: 'slo:availability:sli',
    });
    expect(history.map(p => p.value)).toEqual([expect.closeTo(0.99, 6), null]);
    expect(
      await service.refreshEntity('component:default/absent'),
    ).toBeUndefined();
  });

  describe('the cycle', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const emptySource = (
      onFetch: (entityRef: string) => Promise<void> | void,
    ): LiveObjectSource => ({
      name: 'recording',
      async fetchObjects(entityRef) {
        await onFetch(entityRef);
        return { clusters: [], errors: [] };
      },
    });
    const serviceOver = async (
      liveSources: LiveObjectSource[],
      options: { chunkSize?: number; entities?: string[] } = {},
    ) => {
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({
          knex: await databases.init('SQLITE_3'),
        }),
      });
      const logger = mockServices.logger.mock();
      const service = new RefreshService({
        catalog: catalogServiceMock({
          entities: (options.entities ?? names).map(n => component(n)),
        }),
        auth: mockServices.auth(),
        store,
        logger,
        liveSources,
        analyzer,
        rootNamespace: 'istio-system',
        historyRetentionDays: 90,
        concurrency: 1,
        chunkSize: options.chunkSize,
      });
      return { service, store, logger };
    };

    it('holds the objects of one chunk of entities at a time, not of the fleet', async () => {
      const fetched: string[] = [];
      let maxInFlight = 0;
      // In flight: fetched from the sources but not stored yet.
      const { service, store } = await serviceOver(
        [
          emptySource(async entityRef => {
            fetched.push(entityRef);
            const stored = await Promise.all(
              fetched.map(ref => store.getState(ref)),
            );
            maxInFlight = Math.max(maxInFlight, stored.filter(s => !s).length);
          }),
        ],
        { chunkSize: 2 },
      );
      expect(await service.refreshAll()).toMatchObject({ entities: 5 });
      expect(fetched).toHaveLength(5);
      expect(maxInFlight).toBe(2);
    });

    it('stops between chunks once aborted, keeps what it stored and says so', async () => {
      const controller = new AbortController();
      const fetched: string[] = [];
      const { service, store, logger } = await serviceOver(
        [
          emptySource(entityRef => {
            fetched.push(entityRef);
            // The scheduler aborts (timeout, shutdown) while the second chunk is collected.
            if (fetched.length === 3) controller.abort();
          }),
        ],
        { chunkSize: 2 },
      );
      expect(await service.refreshAll(new Date(), controller.signal)).toEqual({
        entities: 2,
        promqlQueries: 0,
        aborted: { remaining: 3 },
      });
      expect(fetched).toHaveLength(3);
      const states = await Promise.all(
        names.map(n => store.getState(`component:default/${n}`)),
      );
      expect(states.map(s => s?.entityRef)).toEqual([
        ...fetched.slice(0, 2),
        undefined,
        undefined,
        undefined,
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('aborted: 2 of 5 services refreshed'),
      );
    });

    it("makes a source that throws or rejects that source's error; other sources and entities are fine", async () => {
      const flaky: LiveObjectSource = {
        name: 'flaky',
        fetchObjects(entityRef) {
          if (entityRef.endsWith('/orders')) throw new Error('socket hang up');
          if (entityRef.endsWith('/payments'))
            return Promise.reject(new Error('503 from the cluster API'));
          return Promise.resolve({ clusters: [], errors: [] });
        },
        fetchMeshWide() {
          throw new Error('mesh-wide list failed');
        },
      };
      // A stand-in for a declared source with a bug: the real one turns its own failures into errors.
      const declared = {
        async read(entity: { metadata: { name: string } }) {
          if (entity.metadata.name === 'checkout')
            throw new Error('git host down');
          return undefined;
        },
      } as unknown as DeclaredManifestSource;
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({
          knex: await databases.init('SQLITE_3'),
        }),
      });
      const service = new RefreshService({
        catalog: catalogServiceMock({
          entities: [
            component('checkout'),
            component('orders'),
            component('payments'),
          ],
        }),
        auth: mockServices.auth(),
        store,
        logger: mockServices.logger.mock(),
        liveSources: [liveSource, flaky],
        declared,
        analyzer,
        rootNamespace: 'istio-system',
        historyRetentionDays: 90,
      });

      expect(await service.refreshAll()).toMatchObject({ entities: 3 });
      const state = async (name: string) =>
        (await store.getState(`component:default/${name}`))!;
      const meshWideError = {
        source: 'flaky (mesh-wide)',
        message: 'mesh-wide list failed',
      };
      expect((await state('orders')).errors).toEqual(
        expect.arrayContaining([
          { source: 'flaky', message: 'socket hang up' },
          meshWideError,
        ]),
      );
      expect((await state('payments')).errors).toContainEqual({
        source: 'flaky',
        message: '503 from the cluster API',
      });
      const checkout = await state('checkout');
      expect(checkout.errors).toEqual([
        meshWideError,
        { source: 'git', message: 'git host down' },
      ]);
      // The fixture source still answered for checkout.
      expect(checkout).toMatchObject({ mtls: 'STRICT', status: 'critical' });
    });

    it("makes an entity whose evaluation throws that entity's error state; the others are stored", async () => {
      const { service, store } = await serviceOver(
        [
          {
            name: 'odd',
            async fetchObjects(entityRef) {
              // An object without metadata: nothing downstream expects one.
              const objects = entityRef.endsWith('/b')
                ? [{ apiVersion: 'v1', kind: 'Service' } as any]
                : [];
              return {
                clusters: [{ cluster: 'prod-eu', objects, errors: [] }],
                errors: [],
              };
            },
          },
        ],
        { entities: ['a', 'b', 'c'] },
      );
      expect(await service.refreshAll()).toMatchObject({ entities: 3 });
      const b = (await store.getState('component:default/b'))!;
      expect(b).toMatchObject({
        status: 'unknown',
        objects: [],
        errors: [
          {
            source: 'refresh',
            message: expect.stringMatching(/^Evaluating the entity failed: /),
          },
        ],
      });
      for (const name of ['a', 'c'])
        expect(
          (await store.getState(`component:default/${name}`))?.errors,
        ).toEqual([]);
    });
  });
});
