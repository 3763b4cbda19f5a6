import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FleetPage } from '@meshpath/plugin-mesh-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FleetQuery, MeshApi, meshApiRef } from '../../api';
import meshPlugin from '../../alpha';

const page: FleetPage = {
  items: [
    {
      entityRef: 'component:default/payments',
      owner: 'group:default/payments-team',
      system: 'system:default/checkout',
      namespace: 'payments',
      status: 'critical',
      refreshedAt: '2026-11-22T10:00:00Z',
    },
    {
      entityRef: 'component:default/orders',
      owner: 'group:default/payments-team',
      system: 'system:default/checkout',
      namespace: 'orders',
      status: 'ok',
      refreshedAt: '2026-11-22T10:00:00Z',
    },
  ],
  totalCount: 2,
  offset: 0,
  limit: 25,
};

describe('FleetOverviewPage', () => {
  it('lists the fleet and passes filters to the backend', async () => {
    const queries: FleetQuery[] = [];
    const meshApi: Partial<MeshApi> = {
      getFleet: async query => {
        queries.push(query);
        return page;
      },
    };
    renderTestApp({
      features: [meshPlugin],
      initialRouteEntries: ['/mesh'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[meshApiRef, meshApi]],
    });

    expect(
      await screen.findByText(/Services in the mesh \(2\)/, undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Critical')).toBeInTheDocument();
    expect(queries[0]).toEqual({ offset: 0, limit: 25 });

    await userEvent.type(screen.getByLabelText('Namespace'), 'payments');
    await waitFor(() =>
      expect(queries.at(-1)).toEqual({
        namespace: 'payments',
        offset: 0,
        limit: 25,
      }),
    );
  }, 30_000);

  it('shows the backend error', async () => {
    const meshApi: Partial<MeshApi> = {
      getFleet: async () => Promise.reject(new Error('backend down')),
    };
    renderTestApp({
      features: [meshPlugin],
      initialRouteEntries: ['/mesh'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[meshApiRef, meshApi]],
    });
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });
});
