import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import meshPlugin, { goldenPathPickerField } from './alpha';

const backendUrl = 'http://meshpath.test:7007';
const server = setupServer();

describe('mesh frontend plugin (new frontend system)', () => {
  registerMswTestHooks(server);

  it('renders its root page: the fleet, fetched by its own client', async () => {
    server.use(
      http.get(`${backendUrl}/api/mesh/fleet/teams`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${backendUrl}/api/mesh/fleet/trend`, () =>
        HttpResponse.json({ framework: 'SOC2', points: [] }),
      ),
      http.get(`${backendUrl}/api/mesh/fleet`, () =>
        HttpResponse.json({
          items: [
            {
              entityRef: 'component:default/payments',
              namespace: 'payments',
              clusters: ['prod-eu'],
              status: 'ok',
              mtls: 'STRICT',
              complianceScores: {},
              openFindings: 0,
              refreshedAt: '2026-11-22T10:00:00Z',
            },
          ],
          totalCount: 1,
          offset: 0,
          limit: 25,
        }),
      ),
    );

    renderTestApp({
      features: [meshPlugin],
      initialRouteEntries: ['/mesh'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        mockApis.discovery({ baseUrl: backendUrl }),
        [catalogApiRef, catalogApiMock()],
      ],
    });

    expect(
      await screen.findByText('Services in the mesh (1)', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByTitle('component:default/payments')).toBeInTheDocument();
    expect(screen.getAllByText('Service mesh').length).toBeGreaterThan(0);
  });

  it('shows the backend error instead of the fleet when the backend refuses', async () => {
    server.use(
      http.get(`${backendUrl}/api/mesh/fleet*`, () =>
        HttpResponse.json(
          { error: { name: 'AuthenticationError', message: 'No credentials' } },
          { status: 401 },
        ),
      ),
    );

    renderTestApp({
      features: [meshPlugin],
      initialRouteEntries: ['/mesh'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        mockApis.discovery({ baseUrl: backendUrl }),
        [catalogApiRef, catalogApiMock()],
      ],
    });

    expect(
      (
        await screen.findAllByText(/No credentials/, undefined, {
          timeout: 10_000,
        })
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/Services in the mesh/)).not.toBeInTheDocument();
  });

  it('adds the GoldenPathPicker form field to the scaffolder', async () => {
    const tester = createExtensionTester(goldenPathPickerField);
    const load = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const field = (await load()) as unknown as { $$type: string };
    // The field is opaque; its name is what templates put in `ui:field`.
    expect(JSON.stringify(Object.values(field))).toContain('GoldenPathPicker');
    expect(
      tester.query(goldenPathPickerField).node.spec.attachTo,
    ).toMatchObject({ id: 'api:scaffolder/form-fields' });
  });
});
