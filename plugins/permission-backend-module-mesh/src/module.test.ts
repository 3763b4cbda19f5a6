import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  meshWaiverApprovePermission,
  meshWaiverRequestPermission,
} from '@meshpath/plugin-mesh-common';
import { AddressInfo } from 'net';
import { permissionModuleMeshPolicy } from './module';

/**
 * Ownership refs per user, as the auth backend puts them in sign-in tokens;
 * a stand-in because the test backend's tokens are not real sign-in tokens.
 */
const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef;
      const groups: Record<string, string[]> = {
        'user:default/carol': ['group:default/platform-team'],
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(groups[userEntityRef] ?? [])],
      };
    },
  }),
});

describe('permissionModuleMeshPolicy', () => {
  async function start(policy: { otherPermissions?: string } = {}) {
    const { server } = await startTestBackend({
      features: [
        permissionBackend,
        permissionModuleMeshPolicy,
        userInfo,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            mesh: {
              waivers: { approvers: ['group:default/platform-team'] },
              policy,
            },
          },
        }),
      ],
    });
    return server;
  }

  /** POST /api/permission/authorize, as a plugin's permissions client does. */
  const ask = async (server: any, token: string, item: object) => {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(
      `http://localhost:${port}/api/permission/authorize`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [{ id: '1', ...item }] }),
      },
    );
    expect(res.status).toBe(200);
    return (await res.json()).items[0];
  };

  const authorize = async (
    server: any,
    user: string,
    permission: object,
    resourceRef?: string,
  ) =>
    (
      await ask(server, mockCredentials.user.token(user), {
        permission,
        resourceRef,
      })
    ).result;

  it('is the permission backend’s policy: approvers approve, others do not', async () => {
    const server = await start();
    const ref = 'component:default/payments';
    expect(
      await authorize(
        server,
        'user:default/carol',
        meshWaiverApprovePermission,
        ref,
      ),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await authorize(
        server,
        'user:default/alice',
        meshWaiverApprovePermission,
        ref,
      ),
    ).toBe(AuthorizeResult.DENY);
    // Other permissions: allowed, as under the allow-all policy this replaces.
    expect(
      await authorize(
        server,
        'user:default/alice',
        catalogEntityReadPermission,
        ref,
      ),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('denies other permissions when told to', async () => {
    const server = await start({ otherPermissions: 'deny' });
    expect(
      await authorize(
        server,
        'user:default/alice',
        catalogEntityReadPermission,
        'component:default/payments',
      ),
    ).toBe(AuthorizeResult.DENY);
  });

  it('answers a plugin asking without a resource with the owner condition for the catalog', async () => {
    const server = await start();
    const decision = await ask(
      server,
      mockCredentials.user.token('user:default/alice', {
        actor: { subject: 'plugin:mesh' },
      }),
      { permission: meshWaiverRequestPermission },
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['user:default/alice'] },
      },
    });
  });
});
