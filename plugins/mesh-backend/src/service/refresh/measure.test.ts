import type { Entity } from '@backstage/catalog-model';
import { measureSlos } from './measure';
import type { Collected } from './types';
import type { SloEngine } from '../../slo/SloEngine';

const collected = (
  name: string,
  annotations: Record<string, string>,
  declared: Collected['declared'] = undefined,
): Collected => {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
  };
  return {
    entity,
    entityRef: `component:default/${name}`,
    live: { clusters: [], errors: [] } as unknown as Collected['live'],
    declared,
  };
};

const fleet: Collected[] = [
  collected('checkout', {
    'meshpath.io/slo-availability': '99.5',
    'meshpath.io/slo-latency': '99:250',
  }),
  // No annotations: the built-in default (99.9% over 28 days) is still declared.
  collected('payments', {}),
  collected('search', { 'meshpath.io/golden-path': 'tier-1' }),
];
const goldenPaths = {
  'tier-1': {
    defaults: {
      slo: {
        availability: 99.95,
        latencyPercentile: 95,
        latencyThresholdMs: 500,
      },
    },
  },
} as any;

describe('measureSlos', () => {
  it('lists every declared SLO without Prometheus, unknown with the reason and how to enable it', async () => {
    const result = await measureSlos(
      fleet,
      { goldenPaths },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(result.queryCount).toBe(0);
    expect(
      [...result.statuses].map(([ref, statuses]) => [
        ref,
        statuses.map(s => s.definition),
      ]),
    ).toEqual([
      [
        'component:default/checkout',
        [
          { kind: 'availability', target: 99.5, windowDays: 28 },
          { kind: 'latency', target: 99, windowDays: 28, thresholdMs: 250 },
        ],
      ],
      [
        'component:default/payments',
        [{ kind: 'availability', target: 99.9, windowDays: 28 }],
      ],
      [
        'component:default/search',
        [
          { kind: 'availability', target: 99.95, windowDays: 28 },
          { kind: 'latency', target: 95, windowDays: 28, thresholdMs: 500 },
        ],
      ],
    ]);
    const unknown = {
      state: 'unknown',
      reason: expect.stringMatching(
        /^mesh\.prometheus\.baseUrl is not set: SLOs cannot be measured\. Set mesh\.prometheus\.baseUrl in app-config\.yaml/,
      ),
    };
    for (const statuses of result.statuses.values()) {
      for (const status of statuses) {
        expect(status.sli).toEqual(unknown);
        expect(status.errorBudgetRemaining).toEqual(unknown);
        expect(Object.values(status.burnRates)).toEqual(Array(7).fill(unknown));
        expect(status.timeToExhaustion).toEqual(unknown);
        expect(status.alerts.every(a => a.firing === undefined)).toBe(true);
      }
    }
  });

  it('still lists the SLOs, unknown with the failure, when the evaluation throws', async () => {
    const failing = {
      evaluate: () => Promise.reject(new Error('connection reset')),
    } as unknown as SloEngine;
    const result = await measureSlos(
      fleet,
      { goldenPaths, sloEngine: failing },
      new Date('2026-01-01T00:00:00Z'),
    );
    const [availability] = result.statuses.get('component:default/payments')!;
    expect(availability.definition.target).toBe(99.9);
    expect(availability.sli).toEqual({
      state: 'unknown',
      reason: 'SLO evaluation failed: connection reset',
    });
    expect(result.errors.get('component:default/payments')).toEqual([
      {
        source: 'prometheus',
        message: 'SLO evaluation failed: connection reset',
      },
    ]);
  });
});
