import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import meshPlugin from './alpha';

const backendUrl = 'http://meshpath.test:7007';
const server = setupServer();

describe('mesh frontend plugin (new frontend system)', () => {
  registerMswTestHooks(server);

  it('renders its root page with the backend status fetched by its own client', async () => {
    server.use(
      http.get(`${backendUrl}/api/mesh/health`, () =>
        HttpResponse.json({ status: 'ok' }),
      ),
    );

    renderTestApp({
      features: [meshPlugin],
      initialRouteEntries: ['/mesh'],
      apis: [mockApis.discovery({ baseUrl: backendUrl })],
    });

    expect(await screen.findByText('Backend status: ok')).toBeInTheDocument();
    expect(screen.getAllByText('Service mesh').length).toBeGreaterThan(0);
  });

  it('shows the backend error instead of a status when the backend refuses', async () => {
    server.use(
      http.get(`${backendUrl}/api/mesh/health`, () =>
        HttpResponse.json(
          { error: { name: 'AuthenticationError', message: 'No credentials' } },
          { status: 401 },
        ),
      ),
    );

    renderTestApp({
      features: [meshPlugin],
      initialRouteEntries: ['/mesh'],
      apis: [mockApis.discovery({ baseUrl: backendUrl })],
    });

    expect(await screen.findByText(/No credentials/)).toBeInTheDocument();
    expect(screen.queryByText(/Backend status/)).not.toBeInTheDocument();
  });
});
