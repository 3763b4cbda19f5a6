import { ResponseError } from '@backstage/errors';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  ClusterOutcome,
  FleetEntry,
  FleetPage,
  FleetTeamRollup,
} from '@meshpath/plugin-mesh-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FleetQuery, MeshApi, meshApiRef } from '../../api';
import meshPlugin from '../../alpha';

jest.setTimeout(30_000);

const row = (name: string, parts: Partial<FleetEntry>): FleetEntry => ({
  entityRef: `component:default/${name}`,
  owner: 'group:default/payments-team',
  system: 'system:default/checkout',
  namespace: name,
  clusters: ['prod-eu', 'prod-us'],
  status: 'ok',
  mtls: 'STRICT',
  complianceScores: { SOC2: 1 },
  openFindings: 0,
  refreshedAt: '2026-11-22T10:00:00Z',
  ...parts,
});

const page = (items: FleetEntry[], totalCount = items.length): FleetPage => ({
  items,
  totalCount,
  offset: 0,
  limit: 25,
});

const payments = row('payments', {
  status: 'critical',
  mtls: 'PERMISSIVE',
  sloBudgetRemaining: -0.2,
  complianceScores: { SOC2: 0.5 },
  openFindings: 3,
  maturityLevel: 'bronze',
  maturityNext: { level: 'silver', missing: ['mTLS PERMISSIVE, needs STRICT'] },
});
const orders = row('orders', {
  sloBudgetRemaining: 0.9,
  maturityLevel: 'gold',
});

const teams: FleetTeamRollup[] = [
  {
    owner: 'group:default/payments-team',
    services: 2,
    levels: { bronze: 1, gold: 1 },
    openFindings: 3,
    worstFindings: [{ code: 'MP1101', severity: 'error', services: 1 }],
  },
];

function meshApiWith(
  getFleet: (query: FleetQuery) => Promise<FleetPage>,
  extra: Partial<MeshApi> = {},
) {
  const queries: FleetQuery[] = [];
  const meshApi: Partial<MeshApi> = {
    getFleet: async query => {
      queries.push(query);
      return getFleet(query);
    },
    getFleetTeams: async () => teams,
    getFleetTrend: async ({ framework }) => ({ framework, points: [] }),
    getClusterOutcomes: async () => [],
    ...extra,
  };
  return { meshApi, queries };
}

function renderFleet(meshApi: Partial<MeshApi>) {
  return renderTestApp({
    features: [meshPlugin],
    initialRouteEntries: ['/mesh'],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    config: {
      mesh: {
        maturityLevels: [
          { name: 'bronze', title: 'Bronze' },
          { name: 'silver', title: 'Silver' },
          { name: 'gold', title: 'Gold' },
        ],
      },
    },
    apis: [
      [meshApiRef, meshApi],
      [catalogApiRef, catalogApiMock({ entities: [] })],
    ],
  });
}

describe('FleetOverviewPage', () => {
  it('shows each service with what needs attention, and the next level it lacks', async () => {
    const { meshApi, queries } = meshApiWith(async () =>
      page([payments, orders]),
    );
    renderFleet(meshApi);

    const table = await screen.findByRole(
      'table',
      { name: 'Services in the mesh (2)' },
      { timeout: 10_000 },
    );
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText('Critical')).toBeInTheDocument();
    expect(within(rows[1]).getByText('PERMISSIVE')).toBeInTheDocument();
    expect(within(rows[1]).getByText('-20 %')).toBeInTheDocument();
    expect(within(rows[1]).getByText('50 %')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('For silver: mTLS PERMISSIVE, needs STRICT'),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('gold')).toBeInTheDocument();
    // Worst first by default: the backend sorts, the page asks.
    expect(queries[0]).toEqual({
      sort: 'status',
      order: 'desc',
      offset: 0,
      limit: 25,
    });
    // The team rollup: levels and the findings to fix first.
    const teamTable = await screen.findByRole('table', { name: 'Teams' });
    expect(
      within(teamTable).getByText('Bronze 1 · Gold 1'),
    ).toBeInTheDocument();
    expect(
      within(teamTable).getByText('MP1101 in 1 service'),
    ).toBeInTheDocument();
  });

  it('sorts by a column in the backend, and by the chosen framework score', async () => {
    const { meshApi, queries } = meshApiWith(async () =>
      page([payments, orders]),
    );
    renderFleet(meshApi);
    await screen.findByRole(
      'table',
      { name: 'Services in the mesh (2)' },
      {
        timeout: 10_000,
      },
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Sort by Open findings' }),
    );
    await waitFor(() =>
      expect(queries.at(-1)).toMatchObject({
        sort: 'openFindings',
        order: 'asc',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Sort by Open findings' }),
    );
    await waitFor(() =>
      expect(queries.at(-1)).toMatchObject({
        sort: 'openFindings',
        order: 'desc',
      }),
    );

    await userEvent.click(screen.getByLabelText('Score shown'));
    await userEvent.click(await screen.findByRole('option', { name: 'HIPAA' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Sort by HIPAA score' }),
    );
    await waitFor(() =>
      expect(queries.at(-1)).toMatchObject({
        sort: 'compliance',
        sortFramework: 'HIPAA',
      }),
    );
    // No HIPAA score for these services: said, not shown as 0.
    expect(screen.getAllByText('not scored')).toHaveLength(2);
  });

  it('filters in the backend, and says when the filters keep nothing, with a way back', async () => {
    const { meshApi, queries } = meshApiWith(async query =>
      query.namespace === 'nowhere' ? page([]) : page([payments, orders]),
    );
    renderFleet(meshApi);
    await screen.findByRole(
      'table',
      { name: 'Services in the mesh (2)' },
      {
        timeout: 10_000,
      },
    );

    await userEvent.type(screen.getByLabelText('Namespace'), 'nowhere');
    await waitFor(
      () =>
        expect(queries.at(-1)).toMatchObject({
          namespace: 'nowhere',
          offset: 0,
        }),
      { timeout: 10_000 },
    );
    expect(
      await screen.findByText('No service matches these filters', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear the filters' }),
    );
    expect(
      await screen.findByRole(
        'table',
        { name: 'Services in the mesh (2)' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(queries.at(-1)?.namespace).toBeUndefined();
  });

  it('says how services get here when nothing is refreshed yet', async () => {
    const { meshApi } = meshApiWith(async () => page([]));
    renderFleet(meshApi);
    expect(
      await screen.findByText('No service refreshed yet', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
  });

  it('counts only what the backend says the user may read', async () => {
    // The backend filtered by permission: one readable service of many.
    const { meshApi } = meshApiWith(async () => page([payments], 1));
    renderFleet(meshApi);
    expect(
      await screen.findByRole(
        'table',
        { name: 'Services in the mesh (1)' },
        {
          timeout: 10_000,
        },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('1-1 of 1')).toBeInTheDocument();
  });

  it('shows a loading state, then a refusal at once: a 403 is not retried', async () => {
    const pending: Array<(error: Error) => void> = [];
    const backend: { refusal?: Error } = {};
    const { meshApi } = meshApiWith(() =>
      backend.refusal
        ? Promise.reject(backend.refusal)
        : new Promise<FleetPage>((_, rejectWith) => {
            pending.push(rejectWith);
          }),
    );
    renderFleet(meshApi);
    // The fleet's own progress, once the page has asked for it.
    await waitFor(() => expect(pending.length).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
    // A refusal (403) is not retried: it shows at once.
    backend.refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'not for you' },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    pending.forEach(reject => reject(backend.refusal!));
    expect((await screen.findAllByText(/not for you/)).length).toBeGreaterThan(
      0,
    );
  });

  it('exports the whole filtered set as CSV through the API', async () => {
    const exported: unknown[] = [];
    const { meshApi } = meshApiWith(async () => page([payments, orders]), {
      exportFleet: async query => {
        exported.push(query);
        return new Blob(['service\r\n']);
      },
    });
    const createObjectURL = jest.fn(() => 'blob:fleet');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    renderFleet(meshApi);
    await screen.findByRole(
      'table',
      { name: 'Services in the mesh (2)' },
      {
        timeout: 10_000,
      },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(exported).toEqual([{ sort: 'status', order: 'desc' }]),
    );
    expect(createObjectURL).toHaveBeenCalled();
  });

  const outcome = (
    cluster: string,
    parts: Partial<ClusterOutcome> = {},
  ): ClusterOutcome => ({
    cluster,
    source: 'snapshot',
    refreshedAt: '2026-11-22T10:04:00Z',
    readable: true,
    objects: 178,
    errors: [],
    ...parts,
  });

  it('names above the table each cluster that could not be read, when and why, and each row says why it warns', async () => {
    const cart = row('cart', {
      status: 'warning',
      clusters: ['prod-eu'],
      statusReasons: [
        '1 warning finding',
        'prod-us: ../clusters/prod-us: does not exist',
      ],
    });
    const { meshApi } = meshApiWith(async () => page([cart, orders]), {
      getClusterOutcomes: async () => [
        outcome('prod-eu'),
        outcome('prod-us', {
          readable: false,
          objects: 0,
          errors: ['prod-us: ../clusters/prod-us: does not exist'],
        }),
        outcome('staging', {
          errors: [
            'staging: security.istio.io/AuthorizationPolicy: the cluster answered 403 forbidden',
            'staging: all 2 kinds: the cluster answered 500',
          ],
        }),
      ],
    });
    renderFleet(meshApi);

    const banner = await screen.findByText(
      /2 clusters could not be read at their last refresh/,
      undefined,
      { timeout: 10_000 },
    );
    expect(banner).toBeInTheDocument();
    expect(
      screen.getByText(
        'prod-us (could not be read at 2026-11-22 10:04 UTC): ../clusters/prod-us: does not exist',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'staging (read in part at 2026-11-22 10:04 UTC): security.istio.io/AuthorizationPolicy: the cluster answered 403 forbidden (+1 more)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/prod-eu \(/)).not.toBeInTheDocument();

    const table = await screen.findByRole('table', {
      name: 'Services in the mesh (2)',
    });
    const rows = within(table).getAllByRole('row');
    // Status is the second column, and its first reason is under it; the tooltip holds them all.
    expect(within(rows[0]).getAllByRole('columnheader')[1]).toHaveTextContent(
      'Status',
    );
    const reason = within(rows[1]).getByText('1 warning finding (+1 more)');
    expect(reason).toHaveAttribute(
      'title',
      '1 warning finding; prod-us: ../clusters/prod-us: does not exist',
    );
  });

  it('shows no banner when every cluster was read at its last refresh', async () => {
    const { meshApi } = meshApiWith(async () => page([orders]), {
      getClusterOutcomes: async () => [outcome('prod-eu'), outcome('prod-us')],
    });
    renderFleet(meshApi);
    await screen.findByRole(
      'table',
      { name: 'Services in the mesh (1)' },
      { timeout: 10_000 },
    );
    expect(screen.queryByText(/could not be read/)).not.toBeInTheDocument();
  });
});
