import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { screen } from '@testing-library/react';
import { MeshApi, meshApiRef } from '../../api';
import {
  paymentsEntity,
  permissionsAllowing,
} from '../../api/__testUtils__/meshTestApp';
import { MeshOverviewCard } from './MeshOverviewCard';
import { mtlsCoverage } from './overview';

const port = (mode: 'STRICT' | 'PERMISSIVE', enforced = true) =>
  ({ port: 8080, mode, enforced } as any);

const state = {
  entityRef: 'component:default/payments',
  status: 'warning',
  refreshedAt: '2026-11-30T20:00:00Z',
  objects: [],
  mtls: 'PERMISSIVE',
  clusters: [
    {
      cluster: 'prod-eu',
      refreshedAt: '2026-11-30T20:00:00Z',
      workloads: [
        { dataplane: 'sidecar', ports: [port('STRICT'), port('PERMISSIVE')] },
      ],
      services: [],
      checks: [],
      errors: [],
    },
    {
      cluster: 'prod-us',
      refreshedAt: '2026-11-30T20:00:00Z',
      workloads: [{ dataplane: 'ambient', ports: [port('STRICT')] }],
      services: [],
      checks: [],
      errors: [],
    },
  ],
  canaries: [],
  slos: [
    {
      definition: { kind: 'availability', target: 99.9, windowDays: 30 },
      sli: { state: 'known', value: 0.9993 },
      errorBudgetRemaining: { state: 'known', value: 0.42 },
      burnRates: {},
      alerts: [],
    },
    {
      definition: { kind: 'latency', target: 99, windowDays: 30 },
      sli: { state: 'unknown', reason: 'Prometheus unreachable' },
      errorBudgetRemaining: {
        state: 'unknown',
        reason: 'Prometheus unreachable',
      },
      burnRates: {},
      alerts: [],
    },
  ],
  compliance: {
    frameworks: [
      {
        framework: 'SOC2',
        passed: 7,
        failed: 1,
        waived: 0,
        score: 0.875,
        controls: [],
      },
      {
        framework: 'PCI-DSS-4.0',
        passed: 3,
        failed: 1,
        waived: 0,
        score: 0.75,
        controls: [],
      },
      {
        framework: 'GDPR',
        passed: 0,
        failed: 0,
        waived: 0,
        score: null,
        controls: [],
      },
    ],
    findings: [
      {
        code: 'MP3001',
        severity: 'info',
        message: 'No retries',
        references: {},
        controls: [],
        remediation: '',
      },
      {
        code: 'MP1101',
        severity: 'error',
        message: 'Plaintext accepted',
        references: {},
        controls: [],
        remediation: '',
      },
      {
        code: 'MP2001',
        severity: 'warning',
        message: 'Waived one',
        references: {},
        controls: [],
        remediation: '',
        waiverId: 'w1',
      },
    ],
  },
  errors: [],
} as unknown as EntityMeshState;

async function render(meshApi: Partial<MeshApi>) {
  const entity = paymentsEntity();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, meshApi],
        [permissionApiRef, permissionsAllowing(['mesh.refresh']).api],
      ]}
    >
      <EntityProvider entity={entity}>
        <MeshOverviewCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return entity;
}

describe('MeshOverviewCard', () => {
  it('counts a STRICT port no proxy enforces as not covered', () => {
    const unenrolled = {
      ...state,
      clusters: [
        {
          ...state.clusters[0],
          workloads: [
            {
              dataplane: 'none',
              ports: [port('STRICT', false), port('STRICT')],
            },
          ],
        },
      ],
    } as unknown as EntityMeshState;
    expect(mtlsCoverage(unenrolled)).toEqual({ covered: 1, total: 2 });
  });

  it('answers at a glance: status, dataplane per cluster, mTLS coverage, budgets, weakest score, top findings, link to the tab', async () => {
    const entity = await render({ getEntityState: async () => state });

    expect(await screen.findByText('Warning')).toBeInTheDocument();
    expect(screen.getByText('prod-eu: sidecar')).toBeInTheDocument();
    expect(screen.getByText('prod-us: ambient')).toBeInTheDocument();
    expect(
      screen.getByText('PERMISSIVE · 2 of 3 ports STRICT'),
    ).toBeInTheDocument();
    expect(screen.getByText('availability 99.9%: 42.000%')).toBeInTheDocument();
    expect(
      screen.getByText('latency 99%: unknown: Prometheus unreachable'),
    ).toBeInTheDocument();
    expect(screen.getByText('PCI DSS 4.0: 75%')).toBeInTheDocument();
    const findings = screen.getAllByRole('listitem').map(li => li.textContent);
    expect(findings).toEqual([
      'error · MP1101: Plaintext accepted',
      'info · MP3001: No retries',
    ]);
    expect(
      screen.getByRole('link', { name: /Open the Mesh tab/ }),
    ).toHaveAttribute(
      'href',
      `/catalog/${entity.metadata.namespace}/component/payments/mesh`,
    );
    expect(
      screen.getByRole('button', { name: 'Refresh now' }),
    ).toBeInTheDocument();
  });

  it('lists a cluster that could not be read beside the others, also where the service has no part yet', async () => {
    const unread = (message: string, cluster: string) => ({
      source: `cluster:${cluster}`,
      message,
    });
    await render({
      getEntityState: async () =>
        ({
          ...state,
          // prod-us kept its last part; prod-ap never held one.
          clusters: state.clusters.map(c =>
            c.cluster === 'prod-us'
              ? { ...c, errors: [unread('timed out', 'prod-us')] }
              : c,
          ),
          errors: [
            unread('timed out', 'prod-us'),
            unread('prod-ap: does not exist', 'prod-ap'),
          ],
        } as EntityMeshState),
    });
    expect(
      await screen.findByText('prod-ap: could not be read'),
    ).toBeInTheDocument();
    expect(screen.getByText('prod-eu: sidecar')).toBeInTheDocument();
    expect(
      screen.getByText('prod-us: ambient · could not be read'),
    ).toBeInTheDocument();
  });

  it('says the service has not been refreshed yet', async () => {
    await render({ getEntityState: async () => undefined });
    expect(await screen.findByText('Not refreshed yet.')).toBeInTheDocument();
  });
});
