import { ConfigReader } from '@backstage/config';
import type {
  EntityMeshState,
  EvaluatedFinding,
} from '@meshpath/plugin-mesh-common';
import { readMaturityLevels } from '../maturityLevels';
import { assessMaturity } from './maturity';

const finding = (
  code: string,
  severity: EvaluatedFinding['severity'],
  waiverId?: string,
): EvaluatedFinding => ({
  code,
  severity,
  message: code,
  references: {},
  controls: [],
  remediation: '',
  ...(waiverId ? { waiverId } : {}),
});

function stateWith(overrides: Partial<EntityMeshState>): EntityMeshState {
  return {
    entityRef: 'component:default/orders',
    status: 'ok',
    refreshedAt: '2026-11-30T10:00:00Z',
    objects: [],
    mtls: 'STRICT',
    clusters: [],
    canaries: [],
    slos: [],
    compliance: {
      frameworks: [
        {
          framework: 'SOC2',
          passed: 3,
          failed: 1,
          waived: 0,
          score: 0.75,
          controls: [
            { control: 'CC6.1', passed: 2, failed: 0, waived: 0 },
            { control: 'CC6.3', passed: 1, failed: 1, waived: 0 },
          ],
        },
      ],
      findings: [],
    },
    errors: [],
    ...overrides,
  };
}

const levels = readMaturityLevels(
  new ConfigReader({
    mesh: {
      maturityLevels: [
        {
          name: 'bronze',
          requires: { mtlsStrict: true, noFindingSeverities: ['error'] },
        },
        {
          name: 'silver',
          requires: {
            controls: [{ framework: 'SOC2', control: 'CC6.1' }],
            noFindingCodes: ['MP2006'],
          },
        },
        {
          name: 'gold',
          requires: {
            sloDeclared: true,
            minScores: [{ framework: 'SOC2', score: 0.9 }],
            controls: [{ framework: 'SOC2', control: 'CC6.3' }],
          },
        },
      ],
    },
  }),
);

describe('assessMaturity', () => {
  it('reaches each level whose requirements and every lower level hold, and says what the next one lacks', () => {
    expect(assessMaturity(stateWith({}), levels)).toEqual({
      level: 'silver',
      rank: 2,
      next: {
        level: 'gold',
        missing: [
          'SOC2 CC6.3 fails 1 check',
          'SOC2 score 75 %, needs 90 %',
          'no SLO declared',
        ],
      },
    });
  });

  it('does not count a higher level when a lower one is missed', () => {
    const permissive = stateWith({
      mtls: 'PERMISSIVE',
      compliance: {
        frameworks: [
          {
            framework: 'SOC2',
            passed: 2,
            failed: 0,
            waived: 0,
            score: 1,
            controls: [
              { control: 'CC6.1', passed: 1, failed: 0, waived: 0 },
              { control: 'CC6.3', passed: 1, failed: 0, waived: 0 },
            ],
          },
        ],
        findings: [finding('MP1101', 'error'), finding('MP2006', 'warning')],
      },
    });
    expect(assessMaturity(permissive, levels)).toEqual({
      rank: 0,
      next: {
        level: 'bronze',
        missing: ['1 open error finding', 'mTLS PERMISSIVE, needs STRICT'],
      },
    });
  });

  it('does not count waived findings against a level', () => {
    const waived = stateWith({
      compliance: {
        ...stateWith({}).compliance,
        findings: [finding('MP2006', 'error', 'w-1')],
      },
    });
    expect(assessMaturity(waived, levels).level).toBe('silver');
    const open = stateWith({
      compliance: {
        ...stateWith({}).compliance,
        findings: [finding('MP2006', 'warning')],
      },
    });
    expect(assessMaturity(open, levels)).toMatchObject({
      level: 'bronze',
      next: { level: 'silver', missing: ['1 open MP2006 finding'] },
    });
  });

  it('names a control no check covers as unchecked, not passed', () => {
    const [level] = readMaturityLevels(
      new ConfigReader({
        mesh: {
          maturityLevels: [
            {
              name: 'bronze',
              requires: { controls: [{ framework: 'HIPAA', control: 'x' }] },
            },
          ],
        },
      }),
    );
    expect(assessMaturity(stateWith({}), [level]).next?.missing).toEqual([
      'HIPAA x is not checked',
    ]);
  });

  it('reports no level without levels configured', () => {
    expect(assessMaturity(stateWith({}), [])).toEqual({ rank: 0 });
  });
});

describe('readMaturityLevels', () => {
  const read = (maturityLevels: unknown) =>
    readMaturityLevels(new ConfigReader({ mesh: { maturityLevels } } as any));

  it('refuses unknown frameworks, severities, duplicate or hostile names at startup', () => {
    expect(() =>
      read([
        {
          name: 'gold',
          requires: { minScores: [{ framework: 'SOX', score: 1 }] },
        },
      ]),
    ).toThrow(/must be one of SOC2/);
    expect(() =>
      read([{ name: 'gold', requires: { noFindingSeverities: ['fatal'] } }]),
    ).toThrow(/noFindingSeverities/);
    expect(() => read([{ name: 'gold' }, { name: 'gold' }])).toThrow(
      /defined twice/,
    );
    expect(() => read([{ name: '__proto__' }])).toThrow(/lowercase/);
    expect(() =>
      read([
        {
          name: 'gold',
          requires: { minScores: [{ framework: 'SOC2', score: 90 }] },
        },
      ]),
    ).toThrow(/0\.\.1/);
  });

  it('reads none when absent', () => {
    expect(readMaturityLevels(new ConfigReader({}))).toEqual([]);
  });
});
