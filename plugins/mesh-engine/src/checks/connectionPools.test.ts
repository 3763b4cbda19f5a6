import { analyzeWorld, withCode } from '../__testUtils__/world';

const rule = (host: string, trafficPolicy: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${host}, namespace: bookinfo }
spec: { host: ${host}, trafficPolicy: ${trafficPolicy} }`;

const mp1129 = async (yaml: string) =>
  withCode(await analyzeWorld(yaml), 'MP1129');

describe('connection pools', () => {
  it('MP1129: only a TCP cap on a gRPC port (ratings serves http on 9080 and grpc on 9090)', async () => {
    expect(
      await mp1129(
        rule('ratings', '{ connectionPool: { tcp: { maxConnections: 100 } } }'),
      ),
    ).toEqual([
      'DestinationRule/ratings: trafficPolicy caps tcp.maxConnections but not http.http2MaxRequests on port 9090 (grpc): its requests share one HTTP/2 connection, so no request limit applies',
    ]);
    // A port-level pool that caps requests replaces the policy's on that port.
    expect(
      await mp1129(
        rule(
          'ratings',
          '{ connectionPool: { tcp: { maxConnections: 100 } }, portLevelSettings: [{ port: { number: 9090 }, connectionPool: { http: { http2MaxRequests: 200 } } }] }',
        ),
      ),
    ).toEqual([]);
  });

  it('MP1129: an HTTP/1.1 port holds one request per connection, so a TCP cap limits it', async () => {
    expect(
      await mp1129(
        rule('reviews', '{ connectionPool: { tcp: { maxConnections: 100 } } }'),
      ),
    ).toEqual([]);
  });

  it('MP1129: a gRPC Canary service block', async () => {
    const canary = (pool: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: reviews, namespace: bookinfo }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviews-v1 }
  service: { port: 9080, portName: grpc, trafficPolicy: { connectionPool: ${pool} } }
  analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10 }`;
    expect(
      await mp1129(canary('{ tcp: { maxConnections: 10 } }')),
    ).toHaveLength(1);
    expect(await mp1129(canary('{ http: { http2MaxRequests: 10 } }'))).toEqual(
      [],
    );
  });
});
