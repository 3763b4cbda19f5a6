import { analyzeWorld, withCode } from '../__testUtils__/world';

const gateway = (
  name: string,
  namespace: string,
  hosts: string,
  port = 443,
) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: ${port}, name: https, protocol: HTTPS }, hosts: ${hosts}, tls: { mode: SIMPLE, credentialName: cert } }]`;

describe('Gateway checks', () => {
  it('MP1121: two Gateways binding the same port and host on one workload (IST0145/KIA0301)', async () => {
    const findings = await analyzeWorld(
      `${gateway('a', 'bookinfo', '[shop.example.com]')}\n---\n${gateway(
        'b',
        'istio-system',
        '[shop.example.com]',
      )}`,
    );
    // Both Gateways of the conflict are reported, each naming the other.
    expect(withCode(findings, 'MP1121')).toEqual([
      'Gateway/a: Port 443 host shop.example.com on workload istio=ingressgateway is also bound by Gateway istio-system/b',
      'Gateway/b: Port 443 host shop.example.com on workload istio=ingressgateway is also bound by Gateway bookinfo/a',
    ]);
    const otherPort = await analyzeWorld(
      `${gateway('a', 'bookinfo', '[shop.example.com]')}\n---\n${gateway(
        'b',
        'istio-system',
        '[shop.example.com]',
        8443,
      )}`,
    );
    expect(withCode(otherPort, 'MP1121')).toEqual([]);
  });

  it('MP1122 / MP1123: HTTPRoutes pointing at a missing Gateway or Service (KIA1401/KIA1402)', async () => {
    const findings = await analyzeWorld(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: bookinfo }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: good, namespace: bookinfo }
spec:
  parentRefs: [{ name: public }]
  rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: bad, namespace: bookinfo }
spec:
  parentRefs: [{ name: private }]
  rules: [{ backendRefs: [{ name: reviewz, port: 9080 }] }]`);
    expect(withCode(findings, 'MP1122')).toEqual([
      'HTTPRoute/bad: Parent Gateway bookinfo/private does not exist',
    ]);
    expect(withCode(findings, 'MP1123')).toEqual([
      'HTTPRoute/bad: Backend Service bookinfo/reviewz does not exist',
    ]);
  });
});
