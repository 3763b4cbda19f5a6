import { SchemaChecker } from './schemaCheck';

const virtualService = (spec: unknown) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'reviews',
    namespace: 'bookinfo',
    labels: { app: 'reviews' },
  },
  spec,
});

describe('SchemaChecker', () => {
  const checker = new SchemaChecker();

  it('accepts a valid VirtualService', () => {
    const problems = checker.check(
      virtualService({
        hosts: ['reviews'],
        http: [
          {
            timeout: '5s',
            retries: { attempts: 2, perTryTimeout: '2s' },
            route: [
              {
                destination: {
                  host: 'reviews',
                  subset: 'v1',
                  port: { number: 9080 },
                },
              },
            ],
          },
        ],
      }),
    );
    expect(problems).toEqual({ invalid: [], unknownFields: [] });
  });

  it('reports a value of the wrong type with its path', () => {
    const problems = checker.check(
      virtualService({
        hosts: ['reviews'],
        http: [{ timeout: 5, route: [{ destination: { host: 'reviews' } }] }],
      }),
    );
    expect(problems.invalid).toEqual(['spec.http[0].timeout must be string']);
  });

  it('reports a typo the model schema would accept', () => {
    const problems = checker.check(
      virtualService({
        hosts: ['reviews'],
        htp: [{ route: [{ destination: { host: 'reviews' } }] }],
      }),
    );
    expect(problems.invalid).toEqual([]);
    expect(problems.unknownFields).toEqual(['spec.htp']);
  });

  it('finds unknown fields deep in arrays and in core kinds', () => {
    expect(
      checker.check(
        virtualService({
          hosts: ['reviews'],
          http: [
            { route: [{ destination: { host: 'reviews', subnet: 'v1' } }] },
          ],
        }),
      ).unknownFields,
    ).toEqual(['spec.http[0].route[0].destination.subnet']);
    expect(
      checker.check({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports: [{ port: 80, nmae: 'http' }] },
      }).unknownFields,
    ).toEqual(['spec.ports[0].nmae']);
  });

  it('does not take label and annotation keys for unknown fields', () => {
    const problems = checker.check({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'bookinfo',
        labels: { 'istio-injection': 'enabled' },
        annotations: { 'example.com/anything': 'x' },
      },
    });
    expect(problems).toEqual({ invalid: [], unknownFields: [] });
  });

  it('validates Flagger Canaries against the Flagger CRD', () => {
    const canary = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        targetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'reviews',
        },
        service: { port: 9080, timeout: '5s' },
        analysis: {
          interval: '1m',
          threshold: 5,
          maxWeight: 50,
          stepWeight: 10,
          metrics: [
            {
              name: 'request-success-rate',
              thresholdRange: { min: 99 },
              interval: '1m',
            },
          ],
        },
      },
    };
    expect(checker.check(canary)).toEqual({ invalid: [], unknownFields: [] });
    const broken = {
      ...canary,
      spec: {
        ...canary.spec,
        analysis: { ...canary.spec.analysis, threshold: 'five', maxWieght: 50 },
      },
    };
    const problems = checker.check(broken);
    expect(problems.invalid).toEqual([
      'spec.analysis.threshold must be number',
    ]);
    expect(problems.unknownFields).toEqual(['spec.analysis.maxWieght']);
  });

  it('validates PrometheusRules against the Prometheus operator schema', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'reviews-slo', namespace: 'bookinfo' },
      spec: {
        groups: [
          {
            name: 'reviews-slo',
            rules: [
              {
                record: 'slo:reviews:errors:ratio_rate5m',
                expr: 'sum(rate(istio_requests_total{response_code=~"5.."}[5m]))',
              },
              {
                alert: 'ReviewsErrorBudgetBurn',
                expr: 'slo:reviews:errors:ratio_rate5m > 0.0144',
                for: '2m',
                labels: { severity: 'page' },
              },
            ],
          },
        ],
      },
    };
    expect(checker.check(rule)).toEqual({ invalid: [], unknownFields: [] });
    const broken = {
      ...rule,
      spec: {
        groups: [
          {
            name: 'reviews-slo',
            rules: [{ record: 'x', exprr: 'up' }],
          },
        ],
      },
    };
    const problems = checker.check(broken);
    expect(problems.invalid).toEqual([
      'spec.groups[0].rules[0]: missing required field expr',
    ]);
    expect(problems.unknownFields).toEqual(['spec.groups[0].rules[0].exprr']);
  });

  it('reports a kind its API group does not define, and ignores groups it does not know', () => {
    expect(
      checker.check({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualServce',
        metadata: { name: 'x' },
      }).unknownKind,
    ).toBe('networking.istio.io/v1 has no kind VirtualServce');
    expect(
      checker.check({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'x' },
        spec: { anything: 1 },
      }),
    ).toEqual({
      invalid: [],
      unknownFields: [],
    });
  });
});
