import { AnalysisResult, createAnalyzer } from '../analysis/analyzer';
import { parseManifests } from '../manifests/parseManifests';
import { withCode } from '../__testUtils__/world';

/** payments in `pay` behind deny-all; orders in `orders` calls it; the mesh's trust domain is corp.example. */
const world = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: pay, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Namespace
metadata: { name: orders, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: orders, namespace: orders }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, namespace: orders }
spec:
  selector: { matchLabels: { app: orders } }
  template:
    metadata: { labels: { app: orders } }
    spec: { serviceAccountName: orders, containers: [{ name: orders, image: orders:1 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: pay }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec: { containers: [{ name: payments, image: payments:1, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-all, namespace: pay }
spec: {}
`;
const allow = (principal: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: payments-callers, namespace: pay }
spec: { selector: { matchLabels: { app: payments } }, rules: [{ from: [{ source: { principals: [${principal}] } }] }] }`;

async function analyze(principal: string) {
  const parsed = parseManifests(`${world}\n---\n${allow(principal)}`, 'w.yaml');
  return (await createAnalyzer()).analyze(parsed.objects, {
    reachability: { trustDomain: 'corp.example' },
  });
}

/** Who reaches payments on its port, as `<caller> <port> <reachable>`. */
const callersOfPayments = (result: AnalysisResult) =>
  result.reachability
    .filter(r => r.name === 'payments')
    .flatMap(r =>
      r.entries
        .filter(e => e.port === 8080)
        .map(e => `${e.caller.label} ${e.port} ${e.reachable}`),
    );

describe('principals across trust domains (issue 13, item 9)', () => {
  it('MP1128: a principal in another trust domain than the mesh’s admits nobody', async () => {
    const foreign = await analyze('legacy.example/ns/orders/sa/orders');
    expect(withCode(foreign.findings, 'MP1128')).toEqual([
      "AuthorizationPolicy/payments-callers: legacy.example/ns/orders/sa/orders is not in the mesh's trust domain corp.example (nor cluster.local, which stands for it): no workload has that identity",
    ]);
    expect(callersOfPayments(foreign)).toEqual(['any other workload 8080 no']);
    for (const near of [
      'corp.example/ns/orders/sa/orders',
      'cluster.local/ns/orders/sa/orders',
      '"*/ns/orders/sa/orders"',
    ])
      expect(withCode((await analyze(near)).findings, 'MP1128')).toEqual([]);
  });

  it('cluster.local stands for the mesh’s own trust domain, as Istio rewrites it', async () => {
    expect(
      callersOfPayments(await analyze('cluster.local/ns/orders/sa/orders')),
    ).toEqual(['sa orders/orders 8080 yes', 'any other workload 8080 no']);
    expect(
      callersOfPayments(await analyze('corp.example/ns/orders/sa/orders')),
    ).toEqual(['sa orders/orders 8080 yes', 'any other workload 8080 no']);
  });
});
