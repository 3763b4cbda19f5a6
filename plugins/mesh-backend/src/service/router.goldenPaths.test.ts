import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { meshPlugin } from '../plugin';

jest.setTimeout(60_000);

// Two presets as a platform team writes them in app-config.yaml; `paved` is
// the one added later, which no template names.
const goldenPaths = {
  'tier-1': {
    description: 'Customer-facing services',
    locked: ['delivery.strategy', 'trafficPolicy.timeout'],
    defaults: {
      delivery: { strategy: 'canary', stepWeight: 5 },
      trafficPolicy: { timeout: '3s' },
    },
    rules: { severities: { MP2001: 'error' } },
  },
  paved: {
    locked: ['callers.serviceAccounts'],
    defaults: { callers: { serviceAccounts: ['shop/cart'] } },
  },
};

async function start() {
  const { server } = await startTestBackend({
    features: [
      meshPlugin,
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: { mesh: { kubernetes: { enabled: false }, goldenPaths } },
      }),
    ],
  });
  return server;
}

describe('GET /golden-paths', () => {
  it('serves every preset of the config with its locks, implied ones included, and its defaults', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/mesh/golden-paths')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          name: 'tier-1',
          description: 'Customer-facing services',
          locks: [
            { field: 'delivery.strategy', rule: 'equal', value: 'canary' },
            { field: 'trafficPolicy.timeout', rule: 'max', value: '3s' },
            {
              field: 'delivery.stepWeight',
              rule: 'max',
              value: 5,
              impliedBy: 'delivery.strategy',
            },
            {
              field: 'delivery.maxWeight',
              rule: 'max',
              value: 50,
              impliedBy: 'delivery.strategy',
            },
          ],
          defaults: goldenPaths['tier-1'].defaults,
        },
        {
          name: 'paved',
          locks: [
            {
              field: 'callers.serviceAccounts',
              rule: 'subset',
              value: ['shop/cart'],
            },
          ],
          defaults: goldenPaths.paved.defaults,
        },
      ],
    });
    // The rule policy is the backend's business, not the form's.
    expect(JSON.stringify(res.body)).not.toContain('MP2001');
  });

  it('answers 401 without credentials', async () => {
    const server = await start();
    expect(
      (
        await request(server)
          .get('/api/mesh/golden-paths')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });
});
