import fc from 'fast-check';
import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { overallStatus, statusReasons } from './status';

type State = Omit<EntityMeshState, 'status'>;

const stateArbitrary: fc.Arbitrary<State> = fc
  .record({
    objects: fc.nat(2),
    alerts: fc.array(
      fc.record({
        severity: fc.constantFrom('page', 'ticket'),
        firing: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    sliKnown: fc.boolean(),
    findings: fc.array(
      fc.record({
        severity: fc.constantFrom('error', 'warning', 'info'),
        waived: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    drifted: fc.nat(2),
    errors: fc.array(fc.constantFrom('cluster:prod-us', 'prometheus'), {
      maxLength: 3,
    }),
  })
  .map(
    s =>
      ({
        entityRef: 'component:default/orders',
        refreshedAt: '2026-12-01T00:00:00Z',
        objects: Array.from({ length: s.objects }, (_, i) => ({
          kind: 'Service',
          name: `s${i}`,
        })),
        mtls: 'STRICT',
        clusters: [],
        canaries: [],
        drift: {
          declaredNotLive: Array.from({ length: s.drifted }, () => ({})),
          liveNotDeclared: [],
          differing: [],
        },
        slos: [
          {
            sli: { state: s.sliKnown ? 'ok' : 'unknown' },
            alerts: s.alerts,
          },
        ],
        compliance: {
          findings: s.findings.map((f, i) => ({
            code: `MP20${i}`,
            severity: f.severity,
            ...(f.waived ? { waiverId: `w${i}` } : {}),
          })),
        },
        errors: s.errors.map(source => ({
          source,
          message: `${source.replace('cluster:', '')}: could not be read`,
        })),
      } as unknown as State),
  );

describe('overallStatus and statusReasons', () => {
  it('give a reason for every status but ok, and none for ok', () => {
    const disagreements = fc
      .sample(stateArbitrary, { seed: 42, numRuns: 500 })
      .map(state => ({
        status: overallStatus(state),
        reasons: statusReasons(state),
      }))
      .filter(({ status, reasons }) =>
        status === 'ok'
          ? reasons.length > 0
          : status !== 'unknown' && reasons.length === 0,
      );
    expect(disagreements).toEqual([]);
  });

  it('names what makes a service critical first', () => {
    const [state] = fc.sample(stateArbitrary, { seed: 1, numRuns: 1 });
    const critical = {
      ...state,
      slos: [
        {
          ...state.slos[0],
          alerts: [{ severity: 'page', firing: true }],
        },
      ],
      errors: [{ source: 'cluster:prod-us', message: 'prod-us: timed out' }],
    } as unknown as State;
    expect(overallStatus(critical)).toBe('critical');
    expect(statusReasons(critical)[0]).toBe('1 SLO alert paging');
    expect(statusReasons(critical)).toContain('prod-us: timed out');
  });
});
