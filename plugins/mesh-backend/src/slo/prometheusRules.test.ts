import type { MeshKubernetesObject } from '../sources/types';
import { sloDefinitionsFromPrometheusRules } from './prometheusRules';

const own = {
  service: 'checkout',
  namespace: 'shop',
  meshpath_rules: 'slo-v2',
};

/** Shaped as scaffolder-actions' `sloRules` writes it (recording group, objectives, alerts). */
function generatedRule(
  overrides: {
    namespace?: string;
    labels?: Record<string, string>;
    availability?: string;
    latency?: string;
    windowDays?: string;
    thresholdMs?: string;
  } = {},
): MeshKubernetesObject {
  const labels = { ...own, ...overrides.labels };
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'checkout-slo',
      namespace: overrides.namespace ?? 'shop',
      labels: {
        'backstage.io/kubernetes-id': 'checkout',
        'meshpath.io/slo': 'checkout',
      },
    },
    spec: {
      groups: [
        {
          name: 'checkout-slo-recording',
          rules: [
            {
              record: 'meshpath:slo_requests:rate5m',
              expr: 'sum(rate(istio_requests_total{reporter="destination"}[5m]))',
              labels,
            },
            {
              record: 'meshpath:slo_availability_objective:ratio',
              expr: overrides.availability ?? 'vector(0.999)',
              labels: { ...labels, window_days: overrides.windowDays ?? '28' },
            },
            {
              record: 'meshpath:slo_latency_objective:ratio',
              expr: overrides.latency ?? 'vector(0.99)',
              labels: {
                ...labels,
                threshold_ms: overrides.thresholdMs ?? '250',
                window_days: overrides.windowDays ?? '28',
              },
            },
          ],
        },
        {
          name: 'checkout-slo-alerts',
          rules: [
            { alert: 'AvailabilityErrorBudgetBurn', expr: 'x > 1', labels },
          ],
        },
      ],
    },
  };
}

const checkout = { name: 'checkout', namespace: 'shop' };

describe('sloDefinitionsFromPrometheusRules', () => {
  it("reads the objectives of Meshpath's generated rule, once for several clusters' copies", () => {
    expect(
      sloDefinitionsFromPrometheusRules(
        [generatedRule(), generatedRule()],
        checkout,
      ),
    ).toEqual({
      slos: [
        { kind: 'availability', target: 99.9, windowDays: 28 },
        { kind: 'latency', target: 99, windowDays: 28, thresholdMs: 250 },
      ],
      errors: [],
    });
  });

  it('trusts no rule without the Meshpath label, for another service, or from another namespace', () => {
    const objects = [
      generatedRule({ labels: { meshpath_rules: 'other' } }),
      generatedRule({ labels: { service: 'payments' } }),
      // A rule in namespace evil cannot speak for shop, whatever its labels say.
      generatedRule({ namespace: 'evil' }),
      generatedRule({ labels: { namespace: 'evil' } }),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: 'shop' },
      },
    ];
    expect(sloDefinitionsFromPrometheusRules(objects, checkout)).toEqual({
      slos: [],
      errors: [],
    });
  });

  it('says why an objective cannot be read, and keeps the others', () => {
    const { slos, errors } = sloDefinitionsFromPrometheusRules(
      [
        generatedRule({ availability: 'vector(1.5)', thresholdMs: '300' }),
        generatedRule({ windowDays: '7', latency: 'vector(0.95)' }),
        { ...generatedRule(), spec: { groups: 'not a list' } },
      ],
      checkout,
    );
    expect(slos).toEqual([]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^PrometheusRule shop\/checkout-slo: meshpath:slo_availability_objective:ratio: expr must be vector\(<ratio between 0 and 1>\), got "vector\(1\.5\)"/,
      ),
      expect.stringMatching(/latency threshold 300 ms is not a bucket edge/),
      expect.stringMatching(/label window_days must be 28 or 30, got "7"/),
      expect.stringMatching(/label window_days must be 28 or 30, got "7"/),
    ]);
  });
});
