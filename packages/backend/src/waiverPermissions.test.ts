import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import meshBackend from '@meshpath/plugin-mesh-backend';
import meshPolicy from '@meshpath/plugin-permission-backend-module-mesh';
import { resolve } from 'path';
import request from 'supertest';

jest.setTimeout(60_000);

/**
 * Ownership refs as sign-in puts them in a user's token (their groups); a
 * stand-in because the test backend's tokens are mock tokens, not sign-in tokens.
 */
const groupsOf: Record<string, string[]> = {
  'user:default/alice': ['group:default/payments-team'],
  'user:default/carol': ['group:default/platform-team'],
};
const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(groupsOf[userEntityRef] ?? []),
        ],
      };
    },
  }),
});

/**
 * The test backend's mock auth, except that a call a plugin makes on behalf of
 * a user keeps the plugin as its actor, as real tokens do. The mock drops it, and
 * the permission backend and the catalog refuse actor-less calls as direct user
 * requests, which would break the chain this test is about.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      isPrincipal: auth.isPrincipal.bind(auth) as AuthService['isPrincipal'],
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user')
          return auth.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: { subject: `plugin:${plugin.getId()}` },
          }),
        };
      },
    };
  },
});

const alice = mockCredentials.user.header('user:default/alice');
const carol = mockCredentials.user.header('user:default/carol');
const mallory = mockCredentials.user.header('user:default/mallory');

// The portal's permission chain for real: the mesh backend asks the permission
// backend, Meshpath's policy answers "owners only" as a condition, and the
// catalog applies it to the example estate (payments is payments-team's).
describe('Meshpath waivers under Meshpath’s permission policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogBackend,
        permissionBackend,
        meshPolicy,
        meshBackend,
        userInfo,
        authWithActors,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: resolve(__dirname, '../../../examples/all.yaml'),
                },
              ],
            },
            mesh: {
              kubernetes: { enabled: false },
              refresh: { enabled: false },
              waivers: { approvers: ['group:default/platform-team'] },
            },
          },
        }),
      ],
    });
    // The catalog ingests the example estate in the background: wait for it, as a user would.
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/component/default/storefront')
        .set('Authorization', alice);
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(() => backend?.stop());

  const payments = '/api/mesh/entities/component/default/payments';
  const body = () => ({
    ruleCode: 'MP1101',
    reason: 'legacy client',
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });

  it('refuses a waiver request from a non-owner and takes one from an owner', async () => {
    // Denied by the policy's decision, not by a failure on the way.
    const refused = await request(backend.server)
      .post(`${payments}/waivers`)
      .set('Authorization', mallory)
      .send(body())
      .expect(403);
    expect(refused.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'Not allowed: mesh.waiver.request on component:default/payments',
    });
    // Owning one entity is not owning another.
    const notOwned = await request(backend.server)
      .post('/api/mesh/entities/component/default/storefront/waivers')
      .set('Authorization', alice)
      .send(body())
      .expect(403);
    expect(notOwned.body.error.name).toBe('NotAllowedError');

    const requested = await request(backend.server)
      .post(`${payments}/waivers`)
      .set('Authorization', alice)
      .send(body())
      .expect(201);
    expect(requested.body).toMatchObject({
      status: 'pending',
      createdBy: 'user:default/alice',
    });

    // Only an approver approves.
    await request(backend.server)
      .post(`${payments}/waivers/${requested.body.id}/approve`)
      .set('Authorization', alice)
      .expect(403);
    const approved = await request(backend.server)
      .post(`${payments}/waivers/${requested.body.id}/approve`)
      .set('Authorization', carol)
      .expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/carol',
    });

    // The owner reads the audit log; someone who neither owns nor approves does not.
    const audit = await request(backend.server)
      .get(`${payments}/audit`)
      .set('Authorization', alice)
      .expect(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual([
      'waiver.approve',
      'waiver.request',
    ]);
    await request(backend.server)
      .get(`${payments}/audit`)
      .set('Authorization', mallory)
      .expect(403);
  });
});
