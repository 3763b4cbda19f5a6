import { sloDefaultsFor, sloDefinitionsFor } from './definitions';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
});

describe('sloDefinitionsFor', () => {
  it('uses the defaults when the entity says nothing', () => {
    expect(sloDefinitionsFor(entity({}))).toEqual({
      slos: [{ kind: 'availability', target: 99.9, windowDays: 28 }],
      errors: [],
    });
  });

  it('reads availability, latency and window annotations', () => {
    expect(
      sloDefinitionsFor(
        entity({
          'meshpath.io/slo-availability': '99.5',
          'meshpath.io/slo-latency': '95:500',
          'meshpath.io/slo-window': '30d',
        }),
      ).slos,
    ).toEqual([
      { kind: 'availability', target: 99.5, windowDays: 30 },
      { kind: 'latency', target: 95, windowDays: 30, thresholdMs: 500 },
    ]);
  });

  it('measures an SLO whose page could never fire, and says why it is a mistake', () => {
    const { slos, errors } = sloDefinitionsFor(
      entity({
        'meshpath.io/slo-availability': '92',
        'meshpath.io/slo-latency': '95:500',
      }),
    );
    expect(slos.map(s => s.target)).toEqual([92, 95]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^meshpath\.io\/slo-availability: a 92 % target over 28 days cannot page: .*13\.44 × 0\.08 = 1\.075/,
      ),
    ]);
  });

  it('keeps the defaults and says why for annotations it cannot read', () => {
    const { slos, errors } = sloDefinitionsFor(
      entity({
        'meshpath.io/slo-availability': '100',
        'meshpath.io/slo-latency': 'fast',
        'meshpath.io/slo-window': '7d',
      }),
    );
    expect(slos).toEqual([
      { kind: 'availability', target: 99.9, windowDays: 28 },
    ]);
    expect(errors).toHaveLength(3);
    expect(errors[2]).toMatch(/slo-latency must be <percent>:<threshold ms>/);
  });

  it('refuses latency thresholds that are not histogram bucket edges, from the annotation or the preset', () => {
    const annotated = sloDefinitionsFor(
      entity({ 'meshpath.io/slo-latency': '99:300' }),
    );
    expect(annotated.slos).toEqual([
      { kind: 'availability', target: 99.9, windowDays: 28 },
    ]);
    expect(annotated.errors).toEqual([
      expect.stringMatching(
        /^meshpath\.io\/slo-latency: latency threshold 300 ms is not a bucket edge of istio_request_duration_milliseconds \(0\.5, 1, 5, 10, 25, 50, 100, 250, 500, /,
      ),
    ]);

    const fromPreset = sloDefinitionsFor(
      entity({ 'meshpath.io/golden-path': 'fast' }),
      {
        availabilityTarget: 99.9,
        windowDays: 28,
        latency: { target: 99, thresholdMs: 300 },
      },
    );
    expect(fromPreset.slos).toEqual([
      { kind: 'availability', target: 99.9, windowDays: 28 },
    ]);
    expect(fromPreset.errors).toEqual([
      expect.stringMatching(
        /^golden-path preset "fast": latency threshold 300 ms is not a bucket edge/,
      ),
    ]);
  });

  it('takes defaults from the golden-path preset the entity names, annotations still winning', () => {
    const goldenPaths = {
      'tier-1': {
        name: 'tier-1',
        locked: [],
        rules: {},
        defaults: {
          slo: {
            availability: 99.95,
            latencyThresholdMs: 250,
            latencyPercentile: 99,
            windowDays: 30 as const,
          },
        },
      },
    };
    const tier1 = entity({
      'meshpath.io/golden-path': 'tier-1',
      'meshpath.io/slo-availability': '99.5',
    });
    expect(
      sloDefinitionsFor(tier1, sloDefaultsFor(tier1, goldenPaths)).slos,
    ).toEqual([
      { kind: 'availability', target: 99.5, windowDays: 30 },
      { kind: 'latency', target: 99, windowDays: 30, thresholdMs: 250 },
    ]);
    expect(
      sloDefaultsFor(
        entity({ 'meshpath.io/golden-path': 'unknown' }),
        goldenPaths,
      ),
    ).toEqual({ availabilityTarget: 99.9, windowDays: 28 });
  });
});
