import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityMeshState, Waiver } from '@meshpath/plugin-mesh-common';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { paymentsState } from '../../__fixtures__/entityMeshState';
import { MeshApi, meshApiRef } from '../../api';
import { EntityMeshContent } from './EntityMeshContent';

const annotated = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments' },
  },
  spec: { type: 'service' },
};
const bare = {
  ...annotated,
  metadata: { name: 'payments', namespace: 'default' },
};

function render(
  getEntityState: MeshApi['getEntityState'],
  entity: typeof annotated | typeof bare = annotated,
  waiverApi: Partial<MeshApi> = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          meshApiRef,
          {
            getEntityState,
            getHistory: async () => [],
            listWaivers: async () => [],
            getAudit: async () => ({
              items: [],
              totalCount: 0,
              offset: 0,
              limit: 20,
            }),
            ...waiverApi,
          },
        ],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityMeshContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const state = (patch: Partial<EntityMeshState>): EntityMeshState => ({
  ...paymentsState,
  errors: [],
  ...patch,
});

describe('EntityMeshContent', () => {
  it('asks for the entity by reference and lays out its cards top-down', async () => {
    const asked: string[] = [];
    const { container } = await render(async ref => {
      asked.push(ref);
      return state({});
    });
    const headings = ['Security', 'Traffic', 'Drift', 'Findings'].map(title =>
      screen.getByText(title),
    );
    for (let i = 1; i < headings.length; i++) {
      expect(
        headings[i - 1].compareDocumentPosition(headings[i]) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    }
    expect(screen.getByText('Service level objectives')).toBeInTheDocument();
    expect(screen.getAllByText('Compliance').length).toBeGreaterThan(0);
    expect(asked).toEqual(['component:default/payments']);
    expect(screen.queryByText(/could not be read/)).not.toBeInTheDocument();
    // Nothing to warn about: no empty cell leaves a blank band above the cards.
    const emptyItems = [...container.querySelectorAll('.MuiGrid-item')].filter(
      item => item.childElementCount === 0,
    );
    expect(emptyItems).toHaveLength(0);
  });

  it('lists a waiver requested from the findings in the compliance card at once, without a reload', async () => {
    const waivers: Waiver[] = [];
    const requestWaiver = jest.fn(async (entityRef: string, body: any) => {
      const waiver: Waiver = {
        id: 'w-1',
        entityRef,
        ...body,
        status: 'pending',
        createdBy: 'user:default/alice',
        createdAt: new Date().toISOString(),
      };
      waivers.push(waiver);
      return waiver;
    });
    await render(async () => state({}), annotated, {
      requestWaiver,
      listWaivers: async () => [...waivers],
    });
    expect(
      await screen.findByText('No waivers requested.'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getAllByRole('button', { name: 'Request a waiver' })[0],
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Migrating in Q1',
    );
    fireEvent.change(within(dialog).getByLabelText(/Expires on/), {
      target: {
        value: new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10),
      },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );

    expect(await screen.findByText('Migrating in Q1')).toBeInTheDocument();
    expect(screen.getByText('pending')).toBeInTheDocument();
    expect(requestWaiver).toHaveBeenCalledTimes(1);
  });

  it('tells an entity Meshpath does not cover how to onboard it', async () => {
    await render(async () => undefined, bare);
    expect(
      screen.getByText('Meshpath does not cover this service yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Onboard this service').closest('a'),
    ).toHaveAttribute('href', '/create/templates/default/mesh-onboard-service');
  });

  it('says a covered entity has not been refreshed yet', async () => {
    await render(async () => undefined);
    expect(screen.getByText('Not refreshed yet')).toBeInTheDocument();
    expect(screen.queryByText(/Onboard/)).not.toBeInTheDocument();
  });

  it('says no cluster is configured when none was read and none failed', async () => {
    await render(async () => state({ clusters: [], objects: [] }));
    expect(screen.getByText(/No cluster configured/)).toBeInTheDocument();
  });

  it('names the one cluster that failed and still shows the others', async () => {
    await render(async () =>
      state({
        errors: [{ source: 'cluster:prod-us', message: 'timed out after 10s' }],
      }),
    );
    expect(
      screen.getByText(
        /Cluster prod-us could not be read; what is shown comes from the other clusters\./,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Cluster prod-eu')).toBeInTheDocument();
    expect(screen.queryByText(/No cluster configured/)).not.toBeInTheDocument();
  });

  it('names the failed cluster, not "no cluster configured", for a service found in no cluster yet', async () => {
    await render(async () =>
      state({
        clusters: [],
        objects: [],
        errors: [
          {
            source: 'cluster:prod-us',
            // As the snapshot source words it: the cluster's name first.
            message: 'prod-us: ../../examples/clusters/missing: does not exist',
          },
        ],
      }),
    );
    expect(
      screen.getByText(
        /Cluster prod-us could not be read; what is shown comes from the other clusters\./,
      ),
    ).toBeInTheDocument();
    // The reason names the cluster once, without the source's `cluster:` key.
    expect(
      screen.getByText(
        'prod-us: ../../examples/clusters/missing: does not exist',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No cluster configured/)).not.toBeInTheDocument();
  });

  it('says observed traffic and SLOs are unknown when Prometheus could not be read', async () => {
    await render(async () =>
      state({
        errors: [{ source: 'prometheus', message: 'connection refused' }],
        traffic: {
          window: '24h',
          state: 'unknown',
          reason: 'connection refused',
          callers: [],
        },
      }),
    );
    expect(
      screen.getByText(
        /Prometheus could not be read: observed traffic and SLOs are unknown, not zero\./,
      ),
    ).toBeInTheDocument();
  });

  it('retries a server failure by itself before showing the state', async () => {
    let calls = 0;
    await render(async () => {
      calls += 1;
      if (calls === 1) {
        throw await ResponseError.fromResponse(
          new Response('{}', { status: 503, statusText: 'Unavailable' }) as any,
        );
      }
      return state({});
    });
    expect(
      await screen.findByText('Every port requires mutual TLS.'),
    ).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows a refusal at once, with a way to try again', async () => {
    let calls = 0;
    await render(async () => {
      calls += 1;
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ) as any,
      );
    });
    expect(
      await screen.findByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
    expect(calls).toBe(1);
  });
});
