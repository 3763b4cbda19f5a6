import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type {
  EntityMeshState,
  EvaluatedFinding,
} from '@meshpath/plugin-mesh-common';
import { DatabaseMeshStore } from './DatabaseMeshStore';

jest.setTimeout(60_000);

const finding = (
  code: string,
  severity: EvaluatedFinding['severity'],
  waiverId?: string,
): EvaluatedFinding => ({
  code,
  severity,
  message: code,
  references: {},
  controls: [],
  remediation: '',
  ...(waiverId ? { waiverId } : {}),
});

const budget = (value?: number) => ({
  definition: { kind: 'availability' as const, objective: 99.9, window: '30d' },
  sli:
    value === undefined
      ? { state: 'unknown' as const, reason: 'no traffic' }
      : { state: 'known' as const, value: 0.999 },
  errorBudgetRemaining:
    value === undefined
      ? { state: 'unknown' as const, reason: 'no traffic' }
      : { state: 'known' as const, value },
});

function service(
  name: string,
  parts: {
    status?: EntityMeshState['status'];
    mtls?: string;
    clusters?: string[];
    budgets?: Array<number | undefined>;
    soc2?: number | null;
    findings?: EvaluatedFinding[];
    level?: string;
    rank?: number;
  },
): EntityMeshState {
  return {
    entityRef: `component:default/${name}`,
    status: parts.status ?? 'ok',
    refreshedAt: '2026-11-01T10:00:00.000Z',
    objects: [],
    mtls: parts.mtls ?? 'STRICT',
    clusters: (parts.clusters ?? ['prod-eu']).map(cluster => ({
      cluster,
      refreshedAt: '2026-11-01T10:00:00.000Z',
      workloads: [],
      services: [],
      checks: [],
      errors: [],
    })),
    canaries: [],
    slos: (parts.budgets ?? []).map(
      budget,
    ) as unknown as EntityMeshState['slos'],
    compliance: {
      frameworks:
        parts.soc2 === undefined
          ? []
          : [
              {
                framework: 'SOC2',
                passed: 1,
                failed: 0,
                waived: 0,
                score: parts.soc2,
                controls: [],
              },
            ],
      findings: parts.findings ?? [],
    },
    ...(parts.rank !== undefined
      ? {
          maturity: {
            rank: parts.rank,
            ...(parts.level ? { level: parts.level } : {}),
            next: { level: 'gold', missing: ['no SLO declared'] },
          },
        }
      : {}),
    errors: [],
  };
}

describe('DatabaseMeshStore fleet', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createFleet(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({ knex }),
    });
    const team = (t: string) => `group:default/${t}`;
    await store.putState(
      service('orders', {
        budgets: [0.9, 0.4],
        soc2: 1,
        clusters: ['prod-eu', 'prod-us'],
        level: 'silver',
        rank: 2,
      }),
      {
        owner: team('orders-team'),
        lifecycle: 'production',
        namespace: 'orders',
      },
    );
    await store.putState(
      service('payments', {
        status: 'critical',
        mtls: 'PERMISSIVE',
        budgets: [-0.2],
        soc2: 0.5,
        findings: [
          finding('MP1101', 'error'),
          finding('MP1101', 'error'),
          finding('MP2006', 'warning'),
          finding('MP2001', 'warning', 'waiver-1'),
        ],
        level: 'bronze',
        rank: 1,
      }),
      {
        owner: team('payments-team'),
        lifecycle: 'production',
        namespace: 'payments',
      },
    );
    await store.putState(service('reporting', { status: 'warning', rank: 0 }), {
      owner: team('orders-team'),
      lifecycle: 'experimental',
    });
    await store.putState(
      service('search', {
        status: 'warning',
        soc2: null,
        budgets: [undefined],
        findings: [finding('MP2006', 'warning')],
        clusters: ['prod-us'],
      }),
      {
        owner: team('catalog-team'),
        lifecycle: 'production',
        namespace: 'catalog',
      },
    );
    return { store, knex };
  }

  const names = (page: { items: Array<{ entityRef: string }> }) =>
    page.items.map(i => i.entityRef.split('/')[1]);
  const all = { offset: 0, limit: 10 };

  describe.each(databases.eachSupportedId())('on %p', id => {
    it('serves each row with its columns, counting only open findings', async () => {
      const { store } = await createFleet(id);
      const page = await store.listFleet(
        { owner: ['group:default/payments-team'] },
        all,
      );
      expect(page.items).toEqual([
        {
          entityRef: 'component:default/payments',
          owner: 'group:default/payments-team',
          lifecycle: 'production',
          namespace: 'payments',
          clusters: ['prod-eu'],
          status: 'critical',
          mtls: 'PERMISSIVE',
          sloBudgetRemaining: -0.2,
          complianceScores: { SOC2: 0.5 },
          openFindings: 3,
          maturityLevel: 'bronze',
          maturityNext: { level: 'gold', missing: ['no SLO declared'] },
          // Why it is critical, worst first; the waived finding is not counted.
          statusReasons: ['2 error findings', '1 warning finding'],
          refreshedAt: '2026-11-01T10:00:00.000Z',
        },
      ]);
    });

    it('sorts by each column, empty values last either way, then by service', async () => {
      const { store } = await createFleet(id);
      const sorted = async (
        field: Parameters<typeof store.listFleet>[2] extends infer S
          ? S extends { field: infer F }
            ? F
            : never
          : never,
        order: 'asc' | 'desc',
        framework?: string,
      ) => names(await store.listFleet({}, all, { field, order, framework }));

      expect(await sorted('service', 'desc')).toEqual([
        'search',
        'reporting',
        'payments',
        'orders',
      ]);
      expect(await sorted('status', 'desc')).toEqual([
        'payments',
        'reporting',
        'search',
        'orders',
      ]);
      expect(await sorted('mtls', 'asc')).toEqual([
        'payments',
        'orders',
        'reporting',
        'search',
      ]);
      // The lowest known budget counts; a service with none known goes last.
      expect(await sorted('sloBudget', 'asc')).toEqual([
        'payments',
        'orders',
        'reporting',
        'search',
      ]);
      expect(await sorted('sloBudget', 'desc')).toEqual([
        'orders',
        'payments',
        'reporting',
        'search',
      ]);
      expect(await sorted('compliance', 'asc', 'SOC2')).toEqual([
        'payments',
        'orders',
        'reporting',
        'search',
      ]);
      expect(await sorted('openFindings', 'desc')).toEqual([
        'payments',
        'search',
        'orders',
        'reporting',
      ]);
      expect(await sorted('maturity', 'desc')).toEqual([
        'orders',
        'payments',
        'reporting',
        'search',
      ]);
      expect(await sorted('namespace', 'asc')).toEqual([
        'search',
        'orders',
        'payments',
        'reporting',
      ]);
      // A hostile framework is a bound value: it matches no score, it runs no SQL.
      expect(
        await sorted(
          'compliance',
          'asc',
          `SOC2') is null; drop table mesh_history; --`,
        ),
      ).toHaveLength(4);
    });

    it('filters by owners, lifecycles, cluster and level', async () => {
      const { store } = await createFleet(id);
      expect(
        names(
          await store.listFleet(
            {
              owner: [
                'group:default/orders-team',
                'group:default/catalog-team',
              ],
            },
            all,
          ),
        ),
      ).toEqual(['orders', 'reporting', 'search']);
      expect(
        names(await store.listFleet({ lifecycle: ['experimental'] }, all)),
      ).toEqual(['reporting']);
      expect(names(await store.listFleet({ cluster: 'prod-us' }, all))).toEqual(
        ['orders', 'search'],
      );
      expect(names(await store.listFleet({ level: 'bronze' }, all))).toEqual([
        'payments',
      ]);
      expect(names(await store.listFleet({ level: 'none' }, all))).toEqual([
        'reporting',
        'search',
      ]);
    });

    it('rolls the fleet up per team: services, levels and worst open findings', async () => {
      const { store } = await createFleet(id);
      expect(await store.listFleetTeams({})).toEqual([
        {
          owner: 'group:default/payments-team',
          services: 1,
          levels: { bronze: 1 },
          openFindings: 3,
          worstFindings: [
            { code: 'MP1101', severity: 'error', services: 1 },
            { code: 'MP2006', severity: 'warning', services: 1 },
          ],
        },
        {
          owner: 'group:default/catalog-team',
          services: 1,
          levels: { none: 1 },
          openFindings: 1,
          worstFindings: [{ code: 'MP2006', severity: 'warning', services: 1 }],
        },
        {
          owner: 'group:default/orders-team',
          services: 2,
          levels: { silver: 1, none: 1 },
          openFindings: 0,
          worstFindings: [],
        },
      ]);
      expect(
        await store.listFleetTeams({
          entityRefs: ['component:default/orders'],
        }),
      ).toEqual([
        expect.objectContaining({
          owner: 'group:default/orders-team',
          services: 1,
        }),
      ]);
    });

    it('averages a framework score per day over the entities the filter keeps', async () => {
      const { store } = await createFleet(id);
      const at = (day: string, hour: number) =>
        `2026-11-${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
      await store.addHistory('component:default/orders', [
        { metric: 'compliance:SOC2', value: 1, recordedAt: at('01', 1) },
        { metric: 'compliance:SOC2', value: 0.8, recordedAt: at('01', 23) },
        { metric: 'compliance:HIPAA', value: 0, recordedAt: at('01', 2) },
        { metric: 'compliance:SOC2', value: 1, recordedAt: at('03', 5) },
      ]);
      await store.addHistory('component:default/payments', [
        { metric: 'compliance:SOC2', value: 0.3, recordedAt: at('01', 4) },
        { metric: 'compliance:SOC2', value: null, recordedAt: at('02', 4) },
      ]);
      const trend = await store.getFleetTrend(
        {},
        {
          framework: 'SOC2',
          since: new Date(at('01', 12)),
          until: new Date(at('03', 12)),
        },
      );
      expect(trend.framework).toBe('SOC2');
      expect(trend.points).toEqual([
        { day: '2026-11-01', score: expect.closeTo(0.7, 5), services: 2 },
        { day: '2026-11-02', score: null, services: 0 },
        { day: '2026-11-03', score: 1, services: 1 },
      ]);
      const payments = await store.getFleetTrend(
        { owner: 'group:default/payments-team' },
        {
          framework: 'SOC2',
          since: new Date(at('01', 0)),
          until: new Date(at('01', 0)),
        },
      );
      expect(payments.points).toEqual([
        { day: '2026-11-01', score: 0.3, services: 1 },
      ]);
      // As the router passes what a caller may read.
      const readable = await store.getFleetTrend(
        { entityRefs: ['component:default/payments'] },
        {
          framework: 'SOC2',
          since: new Date(at('01', 0)),
          until: new Date(at('01', 0)),
        },
      );
      expect(readable.points).toEqual(payments.points);
    });
  });
});
