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
