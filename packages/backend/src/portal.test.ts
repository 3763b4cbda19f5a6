import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import meshBackend from '@meshpath/plugin-mesh-backend';
import scaffolderMeshModule from '@meshpath/plugin-scaffolder-backend-module-mesh';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';

// The portal's own plugins, started for real: the mesh backend and the
// scaffolder with Meshpath's module. The catalog is a test double because the
// scaffolder only needs it to resolve template owners.
describe('Meshpath portal backend', () => {
  const startPortal = () =>
    startTestBackend({
      features: [
        meshBackend,
        scaffolderBackend,
        scaffolderMeshModule,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: {} }),
        // A request without a token carries no credentials (the mock's default is a user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });

  it('serves /api/mesh/health to a signed-in user', async () => {
    const backend = await startPortal();
    try {
      const response = await request(backend.server)
        .get('/api/mesh/health')
        .set('Authorization', mockCredentials.user.header());
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    } finally {
      await backend.stop();
    }
  });

  it('refuses /api/mesh/health without credentials', async () => {
    const backend = await startPortal();
    try {
      const response = await request(backend.server).get('/api/mesh/health');
      expect(response.status).toBe(401);
      expect(response.body).not.toEqual({ status: 'ok' });
    } finally {
      await backend.stop();
    }
  });
});
