import { sloDefinitionsFromOpenSlo } from './openSlo';

const openSlo = (name: string, spec: any) => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name },
  spec,
});

describe('sloDefinitionsFromOpenSlo', () => {
  it('reads ratio objectives as availability and lt/lte thresholds as latency', () => {
    expect(
      sloDefinitionsFromOpenSlo([
        openSlo('checkout-availability', {
          service: 'checkout',
          timeWindow: [{ duration: '30d', isRolling: true }],
          budgetingMethod: 'Occurrences',
          objectives: [{ displayName: 'good', target: 0.995 }],
        }),
        openSlo('checkout-latency', {
          service: 'checkout',
          timeWindow: [{ duration: '28d', isRolling: true }],
          objectives: [{ op: 'lte', value: 250, targetPercent: 99 }],
        }),
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'checkout' },
        },
      ]),
    ).toEqual({
      slos: [
        { kind: 'availability', target: 99.5, windowDays: 30 },
        { kind: 'latency', target: 99, windowDays: 28, thresholdMs: 250 },
      ],
      errors: [],
    });
  });

  it('reports unusable documents and objectives and keeps the good ones', () => {
    const result = sloDefinitionsFromOpenSlo([
      openSlo('weekly', {
        timeWindow: [{ duration: '7d' }],
        objectives: [{ target: 0.99 }],
      }),
      openSlo('mixed', {
        timeWindow: [{ duration: '28d' }],
        objectives: [
          { target: 1.5 },
          { op: 'lt', targetPercent: 95 },
          { target: 0.999 },
          { op: 'lte', value: 300, target: 0.99 },
          { op: 'lt', value: 500, target: 0.99 },
        ],
      }),
      openSlo('empty', { timeWindow: [{ duration: '28d' }] }),
    ]);
    expect(result.slos).toEqual([
      { kind: 'availability', target: 99.9, windowDays: 28 },
      { kind: 'latency', target: 99, windowDays: 28, thresholdMs: 500 },
    ]);
    expect(result.errors).toEqual([
      'OpenSLO SLO weekly: timeWindow[0].duration must be 28d or 30d, got "7d"',
      'OpenSLO SLO mixed: objectives[0] needs target (0..1) or targetPercent (0..100)',
      'OpenSLO SLO mixed: objectives[1] compares with lt but has no positive value (milliseconds)',
      expect.stringMatching(
        /^OpenSLO SLO mixed: objectives\[3\]: latency threshold 300 ms is not a bucket edge of istio_request_duration_milliseconds/,
      ),
      'OpenSLO SLO empty: no objectives',
    ]);
  });
});
