import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { DatabaseMeshStore } from './DatabaseMeshStore';

jest.setTimeout(60_000);

function state(
  entityRef: string,
  status: EntityMeshState['status'],
): EntityMeshState {
  return {
    entityRef,
    status,
    refreshedAt: '2026-11-01T10:00:00.000Z',
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'shop',
        name: entityRef.split('/')[1],
        cluster: 'prod-eu',
        relation: 'owned',
        findings: 0,
      },
    ],
    mtls: 'STRICT',
    clusters: [],
    canaries: [],
    slos: [],
    compliance: { frameworks: [], findings: [] },
    errors: [],
  };
}

describe('DatabaseMeshStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  describe.each(databases.eachSupportedId())('on %p', id => {
    it('keeps the latest state per entity and filters the fleet', async () => {
      const { store } = await createStore(id);
      await store.putState(state('component:default/a', 'ok'), {
        owner: 'group:default/team-a',
        namespace: 'shop',
      });
      await store.putState(
        {
          ...state('component:default/b', 'critical'),
          compliance: {
            findings: [],
            frameworks: [
              {
                framework: 'SOC2',
                passed: 1,
                failed: 1,
                waived: 0,
                score: 0.5,
                controls: [],
              },
              {
                framework: 'HIPAA',
                passed: 1,
                failed: 0,
                waived: 0,
                score: 1,
                controls: [],
              },
            ],
          },
        },
        {
          owner: 'group:default/team-b',
          system: 'system:default/shop',
        },
      );
      await store.putState(state('component:default/c', 'ok'), {
        owner: 'group:default/team-a',
      });
      // A second write replaces, not duplicates.
      await store.putState(
        { ...state('component:default/a', 'warning'), mtls: 'PERMISSIVE' },
        { owner: 'group:default/team-a', namespace: 'shop' },
      );

      expect(await store.getState('component:default/a')).toMatchObject({
        status: 'warning',
        mtls: 'PERMISSIVE',
      });
      expect(await store.getState('component:default/none')).toBeUndefined();
      expect(
        JSON.parse((await store.getStateJson('component:default/a'))!),
      ).toEqual(await store.getState('component:default/a'));
      expect(
        await store.getStateJson('component:default/none'),
      ).toBeUndefined();

      const all = await store.listFleet({}, { offset: 0, limit: 2 });
      expect(all.totalCount).toBe(3);
      expect(all.items.map(i => i.entityRef)).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      const second = await store.listFleet({}, { offset: 2, limit: 2 });
      expect(second.items.map(i => i.entityRef)).toEqual([
        'component:default/c',
      ]);

      const teamA = await store.listFleet(
        { owner: 'group:default/team-a' },
        { offset: 0, limit: 10 },
      );
      expect(teamA.items.map(i => i.entityRef)).toEqual([
        'component:default/a',
        'component:default/c',
      ]);
      const critical = await store.listFleet(
        { status: 'critical' },
        { offset: 0, limit: 10 },
      );
      expect(critical.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/b',
          system: 'system:default/shop',
          refreshedAt: '2026-11-01T10:00:00.000Z',
        }),
      ]);

      const soc2 = await store.listFleet(
        { framework: 'SOC2' },
        { offset: 0, limit: 10 },
      );
      expect(soc2.items.map(i => i.entityRef)).toEqual(['component:default/b']);
      expect(
        (
          await store.listFleet(
            { framework: 'HIPAA' },
            { offset: 0, limit: 10 },
          )
        ).totalCount,
      ).toBe(0);

      expect(await store.deleteStatesExcept(['component:default/a'])).toBe(2);
      expect(
        (await store.listFleet({}, { offset: 0, limit: 10 })).totalCount,
      ).toBe(1);
    });

    it('removes an entity that left the catalog with its history, revokes its waivers and audits it, keeping the audit log', async () => {
      const { store } = await createStore(id);
      const kept = 'component:default/kept';
      const gone = 'component:default/gone';
      const created = new Date('2026-11-01T00:00:00Z');
      const removedAt = new Date('2026-11-05T00:00:00Z');
      const request = (entityRef: string, ruleCode: string) =>
        store.createWaiver(
          {
            entityRef,
            ruleCode,
            reason: 'legacy client',
            createdBy: 'user:default/ann',
            expiresAt: '2026-12-01T00:00:00.000Z',
          },
          created,
        );
      const decide = (
        entityRef: string,
        waiverId: string,
        status: 'approved' | 'rejected',
      ) =>
        store.decideWaiver(
          entityRef,
          waiverId,
          { status, decidedBy: 'user:default/carol' },
          created,
        );
      for (const entityRef of [kept, gone]) {
        await store.putState(state(entityRef, 'ok'), {});
        await store.addHistory(entityRef, [
          {
            metric: 'compliance:SOC2',
            value: 1,
            recordedAt: '2026-11-01T00:00:00Z',
          },
          {
            metric: 'compliance:SOC2',
            value: 0.5,
            recordedAt: '2026-11-02T00:00:00Z',
          },
        ]);
      }
      const keptApproved = await request(kept, 'MP1101');
      await decide(kept, keptApproved.id, 'approved');
      const approved = await request(gone, 'MP1101');
      await decide(gone, approved.id, 'approved');
      const pending = await request(gone, 'MP2001');
      const rejected = await request(gone, 'MP2002');
      await decide(gone, rejected.id, 'rejected');
      const keptAudit = await store.getAuditLog(kept);
      const goneAuditBefore = await store.getAuditLog(gone);

      expect(await store.deleteStatesExcept([kept], removedAt)).toBe(1);

      expect(await store.getState(gone)).toBeUndefined();
      expect(await store.getHistory(gone, { since: new Date(0) })).toEqual([]);
      expect(await store.getHistory(kept, { since: new Date(0) })).toHaveLength(
        2,
      );
      const statuses = Object.fromEntries(
        (await store.listWaivers(gone)).map(w => [w.id, w]),
      );
      expect(statuses[approved.id]).toMatchObject({
        status: 'revoked',
        revokedBy: 'plugin:mesh',
        revokedAt: removedAt.toISOString(),
      });
      expect(statuses[pending.id]).toMatchObject({ status: 'revoked' });
      expect(statuses[rejected.id].status).toBe('rejected');
      expect(await store.listWaivers(kept, removedAt)).toEqual([
        expect.objectContaining({ id: keptApproved.id, status: 'approved' }),
      ]);
      expect(await store.getAuditLog(kept)).toEqual(keptAudit);
      const goneAudit = await store.getAuditLog(gone);
      expect(goneAudit.slice(0, goneAuditBefore.length)).toEqual(
        goneAuditBefore,
      );
      expect(goneAudit.slice(goneAuditBefore.length)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'waiver.revoke',
            actor: 'plugin:mesh',
            details: expect.objectContaining({
              waiverId: approved.id,
              previousStatus: 'approved',
            }),
          }),
          expect.objectContaining({
            action: 'waiver.revoke',
            details: expect.objectContaining({
              waiverId: pending.id,
              previousStatus: 'pending',
            }),
          }),
          {
            entityRef: gone,
            action: 'entity.remove',
            actor: 'plugin:mesh',
            details: {
              reason: 'the entity left the catalog',
              historyPointsDeleted: 2,
              waiversRevoked: expect.arrayContaining([approved.id, pending.id]),
            },
            occurredAt: removedAt.toISOString(),
          },
        ]),
      );
      expect(goneAudit).toHaveLength(goneAuditBefore.length + 3);
    });

    it('counts and pages only the given entities when the fleet is restricted', async () => {
      const { store } = await createStore(id);
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        await store.putState(
          state(`component:default/${name}`, name === 'e' ? 'ok' : 'critical'),
          { owner: 'group:default/team-a' },
        );
      }
      // As long as a large fleet's readable set: more refs than either database takes as parameters.
      const readable = [
        'component:default/b',
        'component:default/d',
        'component:default/e',
        ...Array.from({ length: 70_000 }, (_, i) => `component:default/x${i}`),
      ];
      const first = await store.listFleet(
        { status: 'critical', entityRefs: readable },
        { offset: 0, limit: 1 },
      );
      expect(first.totalCount).toBe(2);
      expect(first.items.map(i => i.entityRef)).toEqual([
        'component:default/b',
      ]);
      const second = await store.listFleet(
        { status: 'critical', entityRefs: readable },
        { offset: 1, limit: 1 },
      );
      expect(second.items.map(i => i.entityRef)).toEqual([
        'component:default/d',
      ]);
      expect(
        await store.listFleet({ entityRefs: [] }, { offset: 0, limit: 10 }),
      ).toMatchObject({ items: [], totalCount: 0 });
      expect(await store.listFleetRefs({ status: 'critical' })).toEqual([
        'component:default/a',
        'component:default/b',
        'component:default/c',
        'component:default/d',
      ]);
    });

    it('never replaces a state with one refreshed earlier', async () => {
      const { store } = await createStore(id);
      const at = (refreshedAt: string, status: EntityMeshState['status']) => ({
        ...state('component:default/a', status),
        refreshedAt,
      });
      await store.putState(at('2026-11-01T10:05:00.000Z', 'ok'), {
        owner: 'group:default/new',
      });
      // A slower refresh that started before the stored one finishes after it.
      await store.putState(at('2026-11-01T10:00:00.000Z', 'critical'), {
        owner: 'group:default/old',
      });
      expect(await store.getState('component:default/a')).toMatchObject({
        status: 'ok',
        refreshedAt: '2026-11-01T10:05:00.000Z',
      });
      expect(
        (await store.listFleet({}, { offset: 0, limit: 10 })).items,
      ).toEqual([
        expect.objectContaining({
          owner: 'group:default/new',
          status: 'ok',
        }),
      ]);

      await store.putState(at('2026-11-01T10:10:00.000Z', 'warning'), {});
      expect(await store.getState('component:default/a')).toMatchObject({
        status: 'warning',
        refreshedAt: '2026-11-01T10:10:00.000Z',
      });
    });

    it('records history and prunes it past retention', async () => {
      const { store } = await createStore(id);
      await store.addHistory('component:default/a', [
        {
          metric: 'slo:availability:sli',
          value: 0.999,
          recordedAt: '2026-10-01T00:00:00.000Z',
        },
        {
          metric: 'slo:availability:sli',
          value: null,
          recordedAt: '2026-11-01T00:00:00.000Z',
        },
        {
          metric: 'compliance:SOC2',
          value: 0.5,
          recordedAt: '2026-11-02T00:00:00.000Z',
        },
      ]);
      const since = new Date('2026-09-01T00:00:00Z');
      expect(
        await store.getHistory('component:default/a', { since }),
      ).toHaveLength(3);
      expect(
        await store.getHistory('component:default/a', {
          since,
          metric: 'slo:availability:sli',
        }),
      ).toEqual([
        {
          metric: 'slo:availability:sli',
          value: 0.999,
          recordedAt: '2026-10-01T00:00:00.000Z',
        },
        {
          metric: 'slo:availability:sli',
          value: null,
          recordedAt: '2026-11-01T00:00:00.000Z',
        },
      ]);
      expect(await store.pruneHistory(new Date('2026-10-15T00:00:00Z'))).toBe(
        1,
      );
      expect(
        (await store.getHistory('component:default/a', { since })).map(
          p => p.recordedAt,
        ),
      ).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
    });

    it('counts waivers once approved and until they expire or are revoked, and audits each change', async () => {
      const { store } = await createStore(id);
      const created = new Date('2026-11-01T00:00:00Z');
      const at = (day: string) => new Date(`2026-11-${day}T00:00:00Z`);
      const activeIds = async (when: Date) =>
        (await store.listWaivers('component:default/a', when))
          .map(w => w.id)
          .sort();
      const waiver = await store.createWaiver(
        {
          entityRef: 'component:default/a',
          ruleCode: 'MP1101',
          reason: 'legacy client',
          createdBy: 'user:default/ann',
          expiresAt: '2026-11-10T00:00:00.000Z',
        },
        created,
      );
      const other = await store.createWaiver(
        {
          entityRef: 'component:default/a',
          ruleCode: 'MP2001',
          objectRef: 'Service/shop/a',
          reason: 'x',
          createdBy: 'user:default/ann',
          expiresAt: '2026-12-31T00:00:00.000Z',
        },
        created,
      );
      const refused = await store.createWaiver(
        {
          entityRef: 'component:default/a',
          ruleCode: 'MP2002',
          reason: 'y',
          createdBy: 'user:default/ann',
          expiresAt: '2026-12-31T00:00:00.000Z',
        },
        created,
      );
      expect(waiver.status).toBe('pending');
      // A request counts for nothing until an approver approves it.
      expect(await activeIds(at('02'))).toEqual([]);

      expect(
        await store.decideWaiver(
          'component:default/other',
          waiver.id,
          { status: 'approved', decidedBy: 'user:default/carol' },
          at('02'),
        ),
      ).toBeUndefined();
      expect(
        await store.decideWaiver(
          'component:default/a',
          waiver.id,
          {
            status: 'approved',
            decidedBy: 'user:default/carol',
            comment: 'until the client moves',
          },
          at('02'),
        ),
      ).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/carol',
        decidedAt: '2026-11-02T00:00:00.000Z',
        decisionComment: 'until the client moves',
      });
      await store.decideWaiver(
        'component:default/a',
        other.id,
        { status: 'approved', decidedBy: 'user:default/carol' },
        at('02'),
      );
      await store.decideWaiver(
        'component:default/a',
        refused.id,
        { status: 'rejected', decidedBy: 'user:default/carol', comment: 'no' },
        at('02'),
      );
      // Decided once: a second decision (a second approver, a race) changes nothing.
      expect(
        await store.decideWaiver(
          'component:default/a',
          refused.id,
          { status: 'approved', decidedBy: 'user:default/dave' },
          at('03'),
        ),
      ).toBeUndefined();
      expect(
        await store.getWaiver('component:default/a', refused.id),
      ).toMatchObject({ status: 'rejected', decidedBy: 'user:default/carol' });

      expect(await activeIds(at('05'))).toEqual([waiver.id, other.id].sort());
      // Past its expiry the first waiver stops counting but stays listed.
      expect(await activeIds(at('11'))).toEqual([other.id]);
      expect(await store.listWaivers('component:default/a')).toHaveLength(3);

      expect(
        await store.revokeWaiver(
          'component:default/other',
          other.id,
          'user:default/bob',
        ),
      ).toBeUndefined();
      const revoked = await store.revokeWaiver(
        'component:default/a',
        other.id,
        'user:default/bob',
        at('06'),
      );
      expect(revoked).toMatchObject({
        status: 'revoked',
        revokedBy: 'user:default/bob',
        revokedAt: '2026-11-06T00:00:00.000Z',
        objectRef: 'Service/shop/a',
      });
      // A rejected request stays rejected.
      expect(
        await store.revokeWaiver(
          'component:default/a',
          refused.id,
          'user:default/bob',
        ),
      ).toMatchObject({ status: 'rejected' });
      expect(await activeIds(at('07'))).toEqual([waiver.id]);

      const log = await store.getAuditLog('component:default/a');
      expect(log.map(e => [e.action, e.actor])).toEqual([
        ['waiver.request', 'user:default/ann'],
        ['waiver.request', 'user:default/ann'],
        ['waiver.request', 'user:default/ann'],
        ['waiver.approve', 'user:default/carol'],
        ['waiver.approve', 'user:default/carol'],
        ['waiver.reject', 'user:default/carol'],
        ['waiver.revoke', 'user:default/bob'],
      ]);
      expect(log[6].details).toMatchObject({
        waiverId: other.id,
        ruleCode: 'MP2001',
        previousStatus: 'approved',
      });

      // Pages of the audit log, newest first.
      const first = await store.listAudit('component:default/a', {
        offset: 0,
        limit: 2,
      });
      expect(first).toMatchObject({ totalCount: 7, offset: 0, limit: 2 });
      expect(first.items.map(e => e.action)).toEqual([
        'waiver.revoke',
        'waiver.reject',
      ]);
      const last = await store.listAudit('component:default/a', {
        offset: 6,
        limit: 2,
      });
      expect(last.items.map(e => e.action)).toEqual(['waiver.request']);
      expect(
        await store.listAudit('component:default/other', {
          offset: 0,
          limit: 2,
        }),
      ).toEqual({ items: [], totalCount: 0, offset: 0, limit: 2 });
    });

    it('writes everything or nothing inside a transaction', async () => {
      const { store } = await createStore(id);
      await store.transaction(async tx => {
        await tx.putState(state('component:default/a', 'ok'), {});
        await tx.addHistory('component:default/a', [
          { metric: 'm', value: 1, recordedAt: '2026-11-01T00:00:00.000Z' },
        ]);
      });
      await expect(
        store.transaction(async tx => {
          await tx.putState(state('component:default/b', 'ok'), {});
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getState('component:default/a')).toBeDefined();
      expect(await store.getState('component:default/b')).toBeUndefined();
      expect(
        await store.getHistory('component:default/a', { since: new Date(0) }),
      ).toHaveLength(1);
    });
  });
});
