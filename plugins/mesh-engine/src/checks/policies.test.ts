import { analyzeWorld, withCode } from '../__testUtils__/world';

const authorizationPolicy = (
  name: string,
  spec: string,
  namespace = 'bookinfo',
) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec}`;

describe('policy checks', () => {
  it('MP1114: selectors that match no workload (IST0127/KIA0004), for every policy kind', async () => {
    const findings = await analyzeWorld(`
${authorizationPolicy('a', '  selector: { matchLabels: { app: reviewz } }')}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: p, namespace: bookinfo }
spec: { selector: { matchLabels: { app: reviews, version: v3 } }, mtls: { mode: STRICT } }
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: s, namespace: bookinfo }
spec: { workloadSelector: { labels: { app: nothing } }, egress: [{ hosts: ['./*'] }] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ok, namespace: bookinfo }
spec: { selector: { matchLabels: { app: reviews, version: v2 } } }`);
    expect(withCode(findings, 'MP1114')).toEqual([
      'AuthorizationPolicy/a: AuthorizationPolicy selects app=reviewz in bookinfo, which matches no workload',
      'PeerAuthentication/p: PeerAuthentication selects app=reviews, version=v3 in bookinfo, which matches no workload',
      'Sidecar/s: Sidecar selects app=nothing in bookinfo, which matches no workload',
    ]);
  });

  it('MP1114 near miss: policies bound by targetRefs (ambient waypoints) have no selector to check', async () => {
    const findings = await analyzeWorld(
      authorizationPolicy(
        'waypoint',
        '  targetRefs: [{ kind: Service, group: "", name: reviews }]\n  rules: [{ from: [{ source: { principals: [cluster.local/ns/bookinfo/sa/reviews] } }] }]',
      ),
    );
    expect(withCode(findings, 'MP1114')).toEqual([]);
  });

  it('MP1117 / MP1118 / MP1119: source namespaces, methods and principals that do not exist', async () => {
    const findings = await analyzeWorld(
      authorizationPolicy(
        'a',
        `  selector: { matchLabels: { app: reviews } }
  rules:
    - from: [{ source: { namespaces: [bookinfo, frontend, 'book*', '*info', 'team-*'], principals: [cluster.local/ns/bookinfo/sa/reviews, cluster.local/ns/bookinfo/sa/productpage, cluster.local/ns/bookinfo/sa/default, 'cluster.local/ns/bookinfo/sa/rev*', '*/sa/payments', reviews] } }]
      to: [{ operation: { methods: [GET, get, FETCH, 'PO*', '*ATCH', 'GOT*'] } }]`,
      ),
    );
    // Patterns (prefix, suffix) are matched as Istio matches them: some namespace, method or service account must fit.
    expect(withCode(findings, 'MP1117')).toEqual([
      'AuthorizationPolicy/a: Source namespace frontend does not exist',
      'AuthorizationPolicy/a: Source namespace team-* does not exist',
    ]);
    expect(withCode(findings, 'MP1118')).toEqual([
      'AuthorizationPolicy/a: get is not an HTTP method (methods are upper case)',
      'AuthorizationPolicy/a: FETCH is not an HTTP method (methods are upper case)',
      'AuthorizationPolicy/a: GOT* is not an HTTP method (methods are upper case)',
    ]);
    expect(withCode(findings, 'MP1119')).toEqual([
      'AuthorizationPolicy/a: Principal cluster.local/ns/bookinfo/sa/productpage names service account bookinfo/productpage, which does not exist',
      'AuthorizationPolicy/a: Principal pattern */sa/payments matches no service account',
      'AuthorizationPolicy/a: Principal reviews names no service account (<trust domain>/ns/<namespace>/sa/<service account>)',
    ]);
  });

  it('MP1124: workloads no AuthorizationPolicy covers (KIA1301)', async () => {
    const uncovered = await analyzeWorld('');
    expect(withCode(uncovered, 'MP1124').sort()).toEqual([
      'Deployment/ratings: Deployment ratings is covered by no AuthorizationPolicy: any workload in the mesh may call it',
      'Deployment/reviews-v1: Deployment reviews-v1 is covered by no AuthorizationPolicy: any workload in the mesh may call it',
      'Deployment/reviews-v2: Deployment reviews-v2 is covered by no AuthorizationPolicy: any workload in the mesh may call it',
    ]);
    const partly = await analyzeWorld(
      authorizationPolicy(
        'reviews',
        '  selector: { matchLabels: { app: reviews } }',
      ),
    );
    expect(withCode(partly, 'MP1124')).toEqual([
      'Deployment/ratings: Deployment ratings is covered by no AuthorizationPolicy: any workload in the mesh may call it',
    ]);
    const meshWide = await analyzeWorld(
      authorizationPolicy('deny-all', '  {}', 'istio-system'),
    );
    expect(withCode(meshWide, 'MP1124')).toEqual([]);
  });
});
