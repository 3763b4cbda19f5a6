import { analyzeWorld, withCode } from '../__testUtils__/world';

const gates = `
      - { name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }
      - { name: request-duration, thresholdRange: { max: 500 }, interval: 1m }`;
const loadTest = `
    webhooks:
      - name: load-test
        url: http://flagger-loadtester.flagger-system/
        metadata: { cmd: 'hey -z 1m -q 10 -c 2 http://reviews-canary.bookinfo:9080/' }`;

const canary = (service: string, analysis: string, extra = '') => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: reviews, namespace: bookinfo }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviews-v1 }
  service: ${service}
  analysis:
    interval: 1m
    threshold: 5
    ${analysis}
    metrics: ${gates}${extra}`;

const codes = async (yaml: string, code: string) =>
  withCode(await analyzeWorld(yaml), code);

describe('Canary delivery', () => {
  it('MP1208: blue/green without a load test or mirroring', async () => {
    expect(
      await codes(canary('{ port: 9080 }', 'iterations: 10'), 'MP1208'),
    ).toEqual([
      'Canary/reviews: Blue/green analysis (10 iterations) with no rollout webhook to load the canary and no mirroring: reviews-canary receives no traffic, its metrics find no values and Flagger rolls back',
    ]);
    // A pre-rollout acceptance test runs once, before the analysis: it loads nothing.
    expect(
      await codes(
        canary(
          '{ port: 9080 }',
          'iterations: 10',
          `
    webhooks: [{ name: acceptance, type: pre-rollout, url: http://flagger-loadtester.flagger-system/ }]`,
        ),
        'MP1208',
      ),
    ).toHaveLength(1);
    expect(
      await codes(
        canary('{ port: 9080 }', 'iterations: 10', loadTest),
        'MP1208',
      ),
    ).toEqual([]);
    expect(
      await codes(
        canary('{ port: 9080 }', 'iterations: 10\n    mirror: true'),
        'MP1208',
      ),
    ).toEqual([]);
  });

  it('MP1208: A/B testing without a load test; progressive canaries get user traffic', async () => {
    const ab =
      "iterations: 10\n    match: [{ headers: { x-canary: { exact: 'insider' } } }]";
    expect(await codes(canary('{ port: 9080 }', ab), 'MP1208')).toEqual([
      'Canary/reviews: A/B analysis (10 iterations) with no rollout webhook sending the match headers: only requests that match reach the canary, and without them its metrics find no values and Flagger rolls back',
    ]);
    expect(
      await codes(canary('{ port: 9080 }', ab, loadTest), 'MP1208'),
    ).toEqual([]);
    expect(
      await codes(
        canary('{ port: 9080 }', 'maxWeight: 50\n    stepWeight: 10'),
        'MP1208',
      ),
    ).toEqual([]);
  });

  it('MP1209: a TCP port by portName or by the declared Service, without appProtocol', async () => {
    const progressive = 'maxWeight: 50\n    stepWeight: 10';
    expect(
      await codes(
        canary('{ port: 9080, portName: tcp-orders }', progressive),
        'MP1209',
      ),
    ).toEqual([
      'Canary/reviews: service.portName is tcp-orders, but service.appProtocol is not tcp: Flagger writes HTTP routes for a TCP port, which Istio does not apply',
    ]);
    const declared = `
---
apiVersion: v1
kind: Service
metadata: { name: orders, namespace: bookinfo }
spec:
  selector: { app: reviews }
  ports: [{ name: db, appProtocol: mysql, port: 3306 }]`;
    expect(
      await codes(
        canary('{ name: orders, port: 3306 }', progressive) + declared,
        'MP1209',
      ),
    ).toEqual([
      'Canary/reviews: Service orders declares port 3306 as mysql, but service.appProtocol is not tcp: Flagger writes HTTP routes for a TCP port, which Istio does not apply',
    ]);
    expect(
      await codes(
        canary('{ name: orders, port: 3306, appProtocol: tcp }', progressive) +
          declared,
        'MP1209',
      ),
    ).toEqual([]);
    // An HTTP port needs nothing.
    expect(
      await codes(
        canary('{ port: 9080, portName: http }', progressive),
        'MP1209',
      ),
    ).toEqual([]);
  });
});
