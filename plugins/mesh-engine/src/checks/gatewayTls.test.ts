import { analyzeWorld, withCode } from '../__testUtils__/world';

const gateway = (tls: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: bookinfo }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: [bookinfo.example.com]
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: [bookinfo.example.com]
      tls: ${tls}`;

const mp1127 = async (tls: string) =>
  withCode(await analyzeWorld(gateway(tls)), 'MP1127');

describe('Gateway TLS', () => {
  it('MP1127: SIMPLE or MUTUAL without a credential or certificate files', async () => {
    expect(await mp1127('{ mode: SIMPLE }')).toEqual([
      'Gateway/public: servers[1] (port 443) terminates TLS SIMPLE with no credentialName and no serverCertificate, privateKey: Istio rejects the Gateway',
    ]);
    expect(
      await mp1127(
        '{ mode: MUTUAL, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/tls.key }',
      ),
    ).toEqual([
      'Gateway/public: servers[1] (port 443) terminates TLS MUTUAL with no credentialName and no caCertificates: Istio rejects the Gateway',
    ]);
  });

  it('MP1127: a credential, complete files, or a mode that holds no certificate pass', async () => {
    expect(
      await mp1127('{ mode: MUTUAL, credentialName: bookinfo-cert }'),
    ).toEqual([]);
    expect(
      await mp1127(
        '{ mode: SIMPLE, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/tls.key }',
      ),
    ).toEqual([]);
    expect(await mp1127('{ mode: PASSTHROUGH }')).toEqual([]);
    expect(await mp1127('{ httpsRedirect: true }')).toEqual([]);
  });
});
