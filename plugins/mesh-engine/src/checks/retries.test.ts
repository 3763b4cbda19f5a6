import { analyzeWorld, withCode } from '../__testUtils__/world';

const route = (settings: string, match = '') => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
    - name: api
      ${match}
      route: [{ destination: { host: reviews } }]
      ${settings}`;

const canary = (service: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: reviews, namespace: bookinfo }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviews-v1 }
  service: ${service}
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
    metrics:
      - { name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }
      - { name: request-duration, thresholdRange: { max: 500 }, interval: 1m }`;

const codes = async (yaml: string, code: string) =>
  withCode(await analyzeWorld(yaml), code);

describe('retry checks', () => {
  it('MP1125: retries on 5xx, gateway-error or reset re-send any method', async () => {
    expect(
      await codes(
        route(
          "retries: { attempts: 2, perTryTimeout: 1s, retryOn: 'gateway-error,reset' }\n      timeout: 5s",
        ),
        'MP1125',
      ),
    ).toEqual([
      'VirtualService/reviews: http[0] (api) retries on gateway-error, reset, which Envoy applies after a reset or a per-try timeout too and for any method: a non-idempotent request (POST) still running on the server is sent again',
    ]);
    // Failures before the request reached the server are safe to retry.
    expect(
      await codes(
        route(
          "retries: { attempts: 2, perTryTimeout: 1s, retryOn: 'connect-failure,refused-stream,retriable-status-codes' }\n      timeout: 5s",
        ),
        'MP1125',
      ),
    ).toEqual([]);
  });

  it('MP1125: a route that matches only idempotent methods may retry on 5xx; a POST route may not', async () => {
    const retry =
      'retries: { attempts: 2, perTryTimeout: 1s, retryOn: 5xx }\n      timeout: 5s';
    expect(
      await codes(
        route(
          retry,
          'match: [{ method: { exact: GET } }, { method: { exact: HEAD } }]',
        ),
        'MP1125',
      ),
    ).toEqual([]);
    expect(
      await codes(
        route(
          retry,
          'match: [{ method: { exact: GET } }, { method: { exact: POST } }]',
        ),
        'MP1125',
      ),
    ).toHaveLength(1);
    // attempts 0 turns retries off.
    expect(
      await codes(
        route('retries: { attempts: 0, retryOn: 5xx }\n      timeout: 5s'),
        'MP1125',
      ),
    ).toEqual([]);
  });

  it('MP1125: a method regex that is a plain alternation of idempotent methods may retry on 5xx', async () => {
    const retry =
      'retries: { attempts: 2, perTryTimeout: 1s, retryOn: 5xx }\n      timeout: 5s';
    const flagged = async (regex: string) =>
      (
        await codes(
          route(
            retry,
            `match: [{ method: { regex: ${JSON.stringify(regex)} } }]`,
          ),
          'MP1125',
        )
      ).length;
    // Envoy matches the whole method, so anchors and one outer group change nothing.
    for (const regex of [
      'GET|HEAD',
      '^(GET|PUT)$',
      '(?:GET|HEAD|OPTIONS)',
      'get|delete',
    ])
      expect(await flagged(regex)).toBe(0);
    // A non-idempotent alternative, or a regex that is not a list of names, is not trusted.
    for (const regex of [
      'GET|POST',
      'GET.*',
      '(GET)|(HEAD)',
      'G[E]T',
      '(?i)get',
      '',
    ])
      expect(await flagged(regex)).toBe(1);
    // Every match must be restricted: a second match without a method takes anything.
    expect(
      (
        await codes(
          route(
            retry,
            "match: [{ method: { regex: 'GET|HEAD' } }, { uri: { prefix: /orders } }]",
          ),
          'MP1125',
        )
      ).length,
    ).toBe(1);
  });

  it('MP1126: the retry budget against the route timeout, with Envoy back-off', async () => {
    // Issue 13's tier-2: 4 tries of 2 s against 5 s.
    expect(
      await codes(
        route('retries: { attempts: 3, perTryTimeout: 2s }\n      timeout: 5s'),
        'MP1126',
      ),
    ).toEqual([
      "VirtualService/reviews: http[0] (api): 4 tries of 2s plus Envoy's back-off take up to 8275 ms, more than the 5s timeout: the last retries are cut off",
    ]);
    // Tier-1: 3 tries of 1 s plus back-off against 3 s — the back-off alone tips it.
    expect(
      await codes(
        route('retries: { attempts: 2, perTryTimeout: 1s }\n      timeout: 3s'),
        'MP1126',
      ),
    ).toHaveLength(1);
    expect(
      await codes(
        route(
          'retries: { attempts: 2, perTryTimeout: 1s }\n      timeout: 3100ms',
        ),
        'MP1126',
      ),
    ).toEqual([]);
    // No route timeout: nothing cuts the retries off.
    expect(
      await codes(
        route('retries: { attempts: 3, perTryTimeout: 2s }'),
        'MP1126',
      ),
    ).toEqual([]);
  });

  it('MP1125 and MP1126 read a Canary service block, not the VirtualService Flagger writes from it', async () => {
    const findings = await analyzeWorld(
      `${canary(
        "{ port: 9080, timeout: 2s, retries: { attempts: 2, perTryTimeout: 1s, retryOn: '5xx' } }",
      )}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  ownerReferences: [{ apiVersion: flagger.app/v1beta1, kind: Canary, name: reviews, uid: 5b9c1f2e-0000-4000-8000-000000000001 }]
spec:
  hosts: [reviews]
  http: [{ route: [{ destination: { host: reviews } }], timeout: 2s, retries: { attempts: 2, perTryTimeout: 1s, retryOn: '5xx' } }]`,
    );
    expect(withCode(findings, 'MP1125')).toEqual([
      'Canary/reviews: service retries on 5xx, which Envoy applies after a reset or a per-try timeout too and for any method: a non-idempotent request (POST) still running on the server is sent again',
    ]);
    expect(withCode(findings, 'MP1126')).toEqual([
      "Canary/reviews: service: 3 tries of 1s plus Envoy's back-off take up to 3100 ms, more than the 2s timeout: the last retries are cut off",
    ]);
  });
});
