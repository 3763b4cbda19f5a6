import { analyzeWorld, withCode } from '../__testUtils__/world';

const canary = (target: string, metrics: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: reviews, namespace: bookinfo }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  service: { name: reviews, port: 9080, timeout: 5s }
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
    metrics: ${metrics}`;

const gates = `
      - { name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }
      - { name: request-duration, thresholdRange: { max: 500 }, interval: 1m }`;

describe('Flagger checks', () => {
  it('MP1202: a Canary whose target Deployment does not exist', async () => {
    expect(
      withCode(await analyzeWorld(canary('reviewz', gates)), 'MP1202'),
    ).toEqual([
      'Canary/reviews: Target Deployment reviewz does not exist in bookinfo',
    ]);
    expect(
      withCode(await analyzeWorld(canary('reviews-v1', gates)), 'MP1202'),
    ).toEqual([]);
  });

  it('MP1204: a Canary without success-rate and latency gates', async () => {
    const successOnly = `\n      - { name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }`;
    expect(
      withCode(await analyzeWorld(canary('reviews-v1', successOnly)), 'MP1204'),
    ).toHaveLength(1);
    expect(
      withCode(await analyzeWorld(canary('reviews-v1', gates)), 'MP1204'),
    ).toEqual([]);
  });

  it('MP1204: SLO gates through MetricTemplates count, found where Flagger looks for them', async () => {
    const template = (name: string, query: string, namespace = 'bookinfo') => `
---
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  provider: { type: prometheus, address: 'http://prometheus.istio-system:9090' }
  query: '${query}'`;
    const errors =
      'sum(rate(istio_requests_total{destination_workload=~"{{ target }}",response_code=~"5.."}[{{ interval }}]))';
    const slow =
      'sum(rate(istio_request_duration_milliseconds_bucket{destination_workload=~"{{ target }}",le="250"}[{{ interval }}]))';
    const sloGates = `
      - { name: slo-error-rate, templateRef: { name: reviews-errors }, thresholdRange: { max: 0.1 }, interval: 1m }
      - { name: slo-slow-rate, templateRef: { name: reviews-slow, namespace: flagger-system }, thresholdRange: { max: 1 }, interval: 1m }`;
    const mp1204 = async (yaml: string) =>
      withCode(await analyzeWorld(yaml), 'MP1204');
    expect(
      await mp1204(
        canary('reviews-v1', sloGates) +
          template('reviews-errors', errors) +
          template('reviews-slow', slow, 'flagger-system'),
      ),
    ).toEqual([]);
    // Near misses: the latency template in the Canary's namespace, not the one it names; or not in the world at all.
    expect(
      await mp1204(
        canary('reviews-v1', sloGates) +
          template('reviews-errors', errors) +
          template('reviews-slow', slow),
      ),
    ).toHaveLength(1);
    expect(await mp1204(canary('reviews-v1', sloGates))).toHaveLength(1);
  });

  it('MP1203: a hand-written VirtualService for the host a Canary manages, not Flagger’s own', async () => {
    const handWritten = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-routes, namespace: bookinfo }
spec: { hosts: [reviews], http: [{ route: [{ destination: { host: reviews } }] }] }`;
    expect(
      withCode(
        await analyzeWorld(
          `${canary('reviews-v1', gates)}\n---\n${handWritten}`,
        ),
        'MP1203',
      ),
    ).toEqual([
      'VirtualService/reviews-routes: Host reviews is managed by Canary bookinfo/reviews: Flagger overwrites this VirtualService',
    ]);
    const generated = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  ownerReferences: [{ apiVersion: flagger.app/v1beta1, kind: Canary, name: reviews, uid: 5b9c1f2e-0000-4000-8000-000000000001 }]
spec: { hosts: [reviews], http: [{ route: [{ destination: { host: reviews } }] }] }`;
    expect(
      withCode(
        await analyzeWorld(`${canary('reviews-v1', gates)}\n---\n${generated}`),
        'MP1203',
      ),
    ).toEqual([]);
  });
});
