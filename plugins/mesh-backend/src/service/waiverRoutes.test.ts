import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { meshPlugin } from '../plugin';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
const checkout = '/api/mesh/entities/component/default/checkout';

/**
 * Decisions as Meshpath's policy makes them for this cast (the policy itself
 * and its catalog conditions are tested in the permission module and the
 * portal backend): alice owns checkout, carol approves, pat does both,
 * mallory does neither.
 */
const decide = (user: string, permission: string) => {
  const owner = ['user:default/alice', 'user:default/pat'].includes(user);
  const approver = ['user:default/carol', 'user:default/pat'].includes(user);
  switch (permission) {
    case 'catalog.entity.read':
      return true;
    case 'mesh.waiver.request':
      return owner;
    case 'mesh.waiver.approve':
      return approver;
    case 'mesh.waiver.manage':
    case 'mesh.audit.read':
      return owner || approver;
    default:
      return false;
  }
};

const permissions = mockServices.permissions.mock({
  authorize: async (requests: any[], { credentials }: any) =>
    requests.map(r => ({
      result: decide(credentials.principal.userEntityRef, r.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })) as any,
});

const alice = mockCredentials.user.header('user:default/alice');
const carol = mockCredentials.user.header('user:default/carol');
const pat = mockCredentials.user.header('user:default/pat');
const mallory = mockCredentials.user.header('user:default/mallory');

describe('waiver routes', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          meshPlugin,
          catalogServiceMock.factory(),
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              mesh: {
                kubernetes: { enabled: false },
                refresh: { enabled: false },
                waivers: { maxExpiryDays: 30 },
              },
            },
          }),
        ],
      });
      return server;
    }

    const body = (days = 7) => ({
      ruleCode: 'MP1101',
      reason: 'legacy client',
      expiresAt: new Date(Date.now() + days * DAY_MS).toISOString(),
    });

    it('lets an owner request a waiver, which stays pending until an approver approves it', async () => {
      const server = await start();
      const requested = await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send(body())
        .expect(201);
      expect(requested.body).toMatchObject({
        status: 'pending',
        createdBy: 'user:default/alice',
        entityRef: 'component:default/checkout',
      });
      const id = requested.body.id;

      // Neither a non-owner nor an approver who owns nothing may request.
      for (const who of [mallory, carol]) {
        await request(server)
          .post(`${checkout}/waivers`)
          .set('Authorization', who)
          .send(body())
          .expect(403);
      }
      // The owner cannot approve their own request; nor can anyone outside the approvers.
      for (const who of [alice, mallory]) {
        await request(server)
          .post(`${checkout}/waivers/${id}/approve`)
          .set('Authorization', who)
          .send({})
          .expect(403);
      }

      const approved = await request(server)
        .post(`${checkout}/waivers/${id}/approve`)
        .set('Authorization', carol)
        .send({ comment: 'until the client moves' })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/carol',
        decisionComment: 'until the client moves',
      });
      // Decided once.
      await request(server)
        .post(`${checkout}/waivers/${id}/approve`)
        .set('Authorization', carol)
        .expect(409);
      await request(server)
        .post(`${checkout}/waivers/${id}/reject`)
        .set('Authorization', carol)
        .expect(409);
      await request(server)
        .post(`${checkout}/waivers/nope/approve`)
        .set('Authorization', carol)
        .expect(404);

      const listed = await request(server)
        .get(`${checkout}/waivers`)
        .set('Authorization', mallory)
        .expect(200);
      expect(listed.body.items.map((w: any) => w.status)).toEqual(['approved']);
    });

    it('bounds the expiry by mesh.waivers.maxExpiryDays and requires one', async () => {
      const server = await start();
      const tooLong = await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send(body(31))
        .expect(400);
      expect(tooLong.body.error.message).toMatch(/at most 30 days/);
      await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send({ ...body(), expiresAt: '2001-01-01T00:00:00Z' })
        .expect(400);
      await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send({ ruleCode: 'MP1101', reason: 'forever' })
        .expect(400);
      await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send(body(29))
        .expect(201);
    });

    it('refuses self-approval, lets an approver reject, and owners revoke', async () => {
      const server = await start();
      const own = await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', pat)
        .send(body())
        .expect(201);
      const selfApproval = await request(server)
        .post(`${checkout}/waivers/${own.body.id}/approve`)
        .set('Authorization', pat)
        .expect(403);
      expect(selfApproval.body.error.message).toMatch(/cannot also approve/);

      const rejected = await request(server)
        .post(`${checkout}/waivers/${own.body.id}/reject`)
        .set('Authorization', carol)
        .send({ comment: 'fix it instead' })
        .expect(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        decidedBy: 'user:default/carol',
      });

      const other = await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send(body())
        .expect(201);
      await request(server)
        .delete(`${checkout}/waivers/${other.body.id}`)
        .set('Authorization', mallory)
        .expect(403);
      const withdrawn = await request(server)
        .delete(`${checkout}/waivers/${other.body.id}`)
        .set('Authorization', alice)
        .expect(200);
      expect(withdrawn.body).toMatchObject({
        status: 'revoked',
        revokedBy: 'user:default/alice',
      });
      await request(server)
        .delete(`${checkout}/waivers/nope`)
        .set('Authorization', alice)
        .expect(404);
    });

    it('takes waiver changes from signed-in users only', async () => {
      const server = await start();
      const service = mockCredentials.service.header();
      const refused = await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', service)
        .send(body())
        .expect(403);
      expect(refused.body.error.name).toBe('NotAllowedError');
      await request(server)
        .post(`${checkout}/waivers/any/approve`)
        .set('Authorization', service)
        .expect(403);
      await request(server)
        .delete(`${checkout}/waivers/any`)
        .set('Authorization', service)
        .expect(403);
      await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', mockCredentials.none.header())
        .send(body())
        .expect(401);
    });

    it('serves the audit log a page at a time, newest first, with mesh.audit.read', async () => {
      const server = await start();
      const requested = await request(server)
        .post(`${checkout}/waivers`)
        .set('Authorization', alice)
        .send(body())
        .expect(201);
      await request(server)
        .post(`${checkout}/waivers/${requested.body.id}/approve`)
        .set('Authorization', carol)
        .expect(200);
      await request(server)
        .delete(`${checkout}/waivers/${requested.body.id}`)
        .set('Authorization', alice)
        .expect(200);

      const first = await request(server)
        .get(`${checkout}/audit?limit=2`)
        .set('Authorization', alice)
        .expect(200);
      expect(first.body).toMatchObject({ totalCount: 3, offset: 0, limit: 2 });
      expect(first.body.items.map((e: any) => [e.action, e.actor])).toEqual([
        ['waiver.revoke', 'user:default/alice'],
        ['waiver.approve', 'user:default/carol'],
      ]);
      const second = await request(server)
        .get(`${checkout}/audit?offset=2&limit=2`)
        .set('Authorization', carol)
        .expect(200);
      expect(second.body.items).toEqual([
        expect.objectContaining({
          action: 'waiver.request',
          actor: 'user:default/alice',
          details: expect.objectContaining({
            waiverId: requested.body.id,
            ruleCode: 'MP1101',
          }),
        }),
      ]);

      await request(server)
        .get(`${checkout}/audit`)
        .set('Authorization', mallory)
        .expect(403);
      await request(server)
        .get(`${checkout}/audit?limit=5000`)
        .set('Authorization', alice)
        .expect(400);
      await request(server)
        .get(`${checkout}/audit`)
        .set('Authorization', mockCredentials.none.header())
        .expect(401);
    });
  });
});
