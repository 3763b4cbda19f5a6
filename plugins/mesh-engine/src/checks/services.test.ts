import { analyzeWorld, withCode } from '../__testUtils__/world';
import { portNameHasProtocol } from './services';

describe('Service and Namespace checks', () => {
  it('MP1112: ports that do not name a protocol (IST0118/KIA0601) and unknown appProtocol (KIA0602)', async () => {
    const findings = await analyzeWorld(`
apiVersion: v1
kind: Service
metadata: { name: web, namespace: bookinfo }
spec:
  selector: { app: reviews }
  ports: [{ name: web, port: 80 }, { name: http-admin, port: 8080 }, { name: metrics, port: 9090, appProtocol: http }, { name: x, port: 7000, appProtocol: carrier-pigeon }]`);
    expect(withCode(findings, 'MP1112')).toEqual([
      'Service/web: Port web does not name its protocol (for example http-web) and has no appProtocol: Istio treats it as TCP',
      'Service/web: Port x has appProtocol carrier-pigeon, which Istio does not know',
    ]);
    expect(
      findings.filter(f => f.code === 'MP1112').map(f => f.references.kiali),
    ).toEqual(['KIA0601', 'KIA0602']);
  });

  it('knows Istio protocol prefixes', () => {
    expect(portNameHasProtocol('grpc-web')).toBe(true);
    expect(portNameHasProtocol('http2')).toBe(true);
    expect(portNameHasProtocol('httpx')).toBe(false);
  });

  it('MP1113: a namespace neither injected nor ambient (IST0102)', async () => {
    const findings = await analyzeWorld(`
apiVersion: v1
kind: Namespace
metadata: { name: legacy }
---
apiVersion: v1
kind: Namespace
metadata: { name: ambient, labels: { istio.io/dataplane-mode: ambient } }
---
apiVersion: v1
kind: Namespace
metadata: { name: canary-rev, labels: { istio.io/rev: 1-24 } }`);
    expect(withCode(findings, 'MP1113')).toEqual([
      'Namespace/legacy: Namespace legacy has neither sidecar injection nor ambient mode: its workloads are outside the mesh',
    ]);
  });
});
