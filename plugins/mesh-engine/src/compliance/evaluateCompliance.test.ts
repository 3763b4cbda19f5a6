import { join } from 'node:path';
import { createAnalyzer } from '../analysis/analyzer';
import type { AnalyzeOptions } from '../analysis/analyzer';
import { loadManifests } from '../manifests/loadManifests';
import { parseManifests } from '../manifests/parseManifests';
import type {
  KubernetesObject,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';

const compliantDir = join(__dirname, '..', '__fixtures__', 'compliant');

/** The compliant mesh, changed by `edit` (return undefined to drop an object), plus extra YAML. */
async function evaluate(
  edit: (object: KubernetesObject) => KubernetesObject | undefined = o => o,
  extra = '',
  options?: AnalyzeOptions,
) {
  const { objects } = await loadManifests([compliantDir]);
  const input: SourcedObject[] = objects
    .map(({ object }) => edit(structuredClone(object)))
    .filter((o): o is KubernetesObject => o !== undefined)
    .map(object => ({ object }));
  input.push(...parseManifests(extra, 'extra.yaml').objects);
  const analyzer = await createAnalyzer();
  return analyzer.analyze(input, options);
}

const is =
  (kind: string, name: string, namespace?: string) => (o: KubernetesObject) =>
    o.kind === kind &&
    o.metadata.name === name &&
    (!namespace || o.metadata.namespace === namespace);

function failed(result: Awaited<ReturnType<typeof evaluate>>, code: string) {
  return result.compliance
    .filter(r => r.code === code && !r.passed)
    .map(r => `${r.subject.name}: ${r.message}`);
}

describe('compliance rules', () => {
  it('the compliant mesh passes every rule for every service', async () => {
    const result = await evaluate();
    expect(result.compliance.filter(r => !r.passed)).toEqual([]);
    expect(result.compliance.length).toBe(17);
  });

  it("judges a Canary's apex Service, not the -primary and -canary Services Flagger creates for it", async () => {
    const flaggerServices = ['payments-primary', 'payments-canary']
      .map(
        name => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: payments
  ownerReferences:
    - { apiVersion: flagger.app/v1beta1, kind: Canary, name: payments, uid: u1, controller: true }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 8080, targetPort: 8080 }]`,
      )
      .join('\n---');
    const result = await evaluate(undefined, flaggerServices);
    const subjects = new Set(result.compliance.map(r => r.subject.name));
    expect(subjects.has('payments')).toBe(true);
    expect(subjects.has('payments-primary')).toBe(false);
    expect(subjects.has('payments-canary')).toBe(false);
    // A Service of the same name without a Canary behind it is judged.
    const unrelated = await evaluate(
      o =>
        o.kind === 'Canary' && o.metadata.name === 'payments' ? undefined : o,
      flaggerServices,
    );
    expect(
      new Set(unrelated.compliance.map(r => r.subject.name)).has(
        'payments-primary',
      ),
    ).toBe(true);
  });

  it('does not judge the Service Istio deploys for a waypoint: it is mesh infrastructure', async () => {
    const waypoint = (name: string, labels: string, selector: string) => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: payments
  labels: { ${labels} }
spec:
  selector: { ${selector} }
  ports:
    - { appProtocol: tcp, name: status-port, port: 15021, targetPort: 15021 }
    - { appProtocol: hbone, name: mesh, port: 15008, targetPort: 15008 }`;
    const result = await evaluate(
      undefined,
      [
        `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: payments, labels: { istio.io/waypoint-for: service } }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]`,
        // As Istio deploys it: its controller's label.
        waypoint(
          'waypoint',
          'gateway.istio.io/managed: istio.io-mesh-controller, gateway.networking.k8s.io/gateway-name: waypoint',
          'gateway.networking.k8s.io/gateway-name: waypoint',
        ),
        // Without labels, known by the waypoint Gateway it selects.
        waypoint(
          'waypoint-copy',
          'team: payments',
          'gateway.networking.k8s.io/gateway-name: waypoint',
        ),
        // An application Service beside it is still judged.
        waypoint('ledger', 'team: payments', 'app: ledger'),
      ].join('\n---'),
    );
    const subjects = new Set(result.compliance.map(r => r.subject.name));
    expect(subjects.has('waypoint')).toBe(false);
    expect(subjects.has('waypoint-copy')).toBe(false);
    expect(subjects.has('ledger')).toBe(true);
    expect(subjects.has('payments')).toBe(true);
  });

  it('MP2001: STRICT mTLS, decided by the most specific PeerAuthentication', async () => {
    const noMeshPolicy = await evaluate(o =>
      is('PeerAuthentication', 'default', 'istio-system')(o) ? undefined : o,
    );
    expect(failed(noMeshPolicy, 'MP2001')).toEqual([
      'payments: mTLS is PERMISSIVE (no PeerAuthentication: Istio accepts plaintext)',
      'storefront: mTLS is PERMISSIVE (no PeerAuthentication: Istio accepts plaintext)',
    ]);
    const workloadOverride = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: payments, namespace: payments }
spec:
  selector: { matchLabels: { backstage.io/kubernetes-id: payments } }
  mtls: { mode: STRICT }
  portLevelMtls: { '8080': { mode: PERMISSIVE } }`;
    expect(
      failed(await evaluate(undefined, workloadOverride), 'MP2001'),
    ).toEqual(['payments: port 8080 overrides mTLS to PERMISSIVE']);
    const namespacePermissive = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: payments }
spec: { mtls: { mode: PERMISSIVE } }`;
    expect(
      failed(await evaluate(undefined, namespacePermissive), 'MP2001'),
    ).toEqual([
      'payments: mTLS is PERMISSIVE (PeerAuthentication payments/default)',
    ]);
    const unenrolled = await evaluate(o => {
      if (is('Namespace', 'payments')(o)) delete o.metadata.labels;
      return o;
    });
    expect(failed(unenrolled, 'MP2001')).toEqual([
      'payments: namespace payments is not enrolled in the mesh, so traffic is plaintext',
    ]);
    // Istio ignores a selector in the root namespace: it is not a mesh-wide STRICT.
    const rootSelector = await evaluate(
      o =>
        is('PeerAuthentication', 'default', 'istio-system')(o) ? undefined : o,
      `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: payments-strict, namespace: istio-system }
spec:
  selector: { matchLabels: { backstage.io/kubernetes-id: payments } }
  mtls: { mode: STRICT }`,
    );
    expect(failed(rootSelector, 'MP2001')).toContain(
      'payments: mTLS is PERMISSIVE (no PeerAuthentication: Istio accepts plaintext)',
    );
  });

  it('MP2002: namespace default-deny and no allow-all rule', async () => {
    const noDeny = await evaluate(o =>
      is('AuthorizationPolicy', 'deny-all', 'payments')(o) ? undefined : o,
    );
    expect(failed(noDeny, 'MP2002')).toEqual([
      'payments: namespace payments has no default-deny AuthorizationPolicy',
    ]);
    const allowAll = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: allow-everyone, namespace: payments }
spec: { selector: { matchLabels: { backstage.io/kubernetes-id: payments } }, rules: [{}] }`;
    expect(failed(await evaluate(undefined, allowAll), 'MP2002')).toEqual([
      'payments: AuthorizationPolicy payments/allow-everyone allows every caller',
    ]);
  });

  it('MP2003: JWT required where exposed — a RequestAuthentication alone is not enough', async () => {
    const noRequirement = await evaluate(o =>
      is('AuthorizationPolicy', 'storefront-require-jwt')(o) ? undefined : o,
    );
    expect(failed(noRequirement, 'MP2003')).toEqual([
      'storefront: a RequestAuthentication alone lets requests without a token through: no AuthorizationPolicy requires requestPrincipals',
    ]);
    const noAuthentication = await evaluate(o =>
      is('RequestAuthentication', 'storefront-jwt')(o) ? undefined : o,
    );
    expect(failed(noAuthentication, 'MP2003')).toEqual([
      'storefront: exposed through a Gateway without a RequestAuthentication',
    ]);
  });

  it('MP2004: NetworkPolicy default-deny, not one that selects some pods only', async () => {
    const selective = await evaluate(o => {
      if (is('NetworkPolicy', 'default-deny', 'payments')(o))
        o.spec.podSelector = { matchLabels: { app: 'payments' } };
      return o;
    });
    expect(failed(selective, 'MP2004')).toEqual([
      'payments: namespace payments has no default-deny NetworkPolicy',
    ]);
  });

  it('MP2005 / MP2006 / MP2007: timeouts, bounded retries, outlier detection and pools', async () => {
    const weakened = await evaluate(o => {
      if (is('Canary', 'payments')(o)) {
        delete o.spec.service.timeout;
        o.spec.service.retries = { attempts: 5, perTryTimeout: '1s' };
        delete o.spec.service.trafficPolicy.outlierDetection;
      }
      return o;
    });
    expect(failed(weakened, 'MP2005')).toEqual([
      'payments: Canary payments sets no service.timeout',
    ]);
    expect(failed(weakened, 'MP2006')).toEqual([
      'payments: 5 retry attempts exceed the limit of 3',
    ]);
    expect(failed(weakened, 'MP2007')).toEqual([
      'payments: no traffic policy sets both outlierDetection and connectionPool',
    ]);
  });

  it('MP2005 / MP2006 / MP2007 read VirtualServices and DestinationRules when there is no Canary', async () => {
    const routes = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: payments, namespace: payments }
spec:
  hosts: [payments]
  http:
    - match: [{ uri: { prefix: /refunds } }]
      route: [{ destination: { host: payments } }]
      retries: { attempts: 2 }
    - route: [{ destination: { host: payments } }]
      timeout: 2s
      retries: { attempts: 2, perTryTimeout: 500ms }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: payments, namespace: payments }
spec:
  host: payments
  trafficPolicy:
    connectionPool: { tcp: { maxConnections: 100 } }
    outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s }`;
    const result = await evaluate(
      o => (is('Canary', 'payments')(o) ? undefined : o),
      routes,
    );
    expect(failed(result, 'MP2005')).toEqual([
      'payments: 1 HTTP route(s) have no timeout',
    ]);
    expect(failed(result, 'MP2006')).toEqual([
      'payments: retries have no perTryTimeout',
    ]);
    expect(failed(result, 'MP2007')).toEqual([]);
    expect(failed(result, 'MP2008')).toEqual([
      'payments: no Flagger Canary delivers this service',
    ]);
  });

  it('MP2009: an SLO declared by a PrometheusRule label or an OpenSLO document', async () => {
    const noSlo = await evaluate(o =>
      o.kind === 'PrometheusRule' || o.kind === 'SLO' ? undefined : o,
    );
    expect(failed(noSlo, 'MP2009')).toHaveLength(2);
    const wrongLabel = await evaluate(o => {
      if (o.kind === 'PrometheusRule')
        o.metadata.labels = { 'meshpath.io/slo': 'orders' };
      return o;
    });
    expect(failed(wrongLabel, 'MP2009').map(m => m.split(':')[0])).toEqual([
      'payments',
    ]);
  });

  it('applies a golden path: disabled rules give no result, severities are raised', async () => {
    const noSlo = (o: KubernetesObject) =>
      o.kind === 'PrometheusRule' || o.kind === 'SLO' ? undefined : o;
    const raised = await evaluate(noSlo, '', {
      rules: { severities: { MP2009: 'error' } },
    });
    expect(
      raised.findings.filter(f => f.code === 'MP2009').map(f => f.severity),
    ).toEqual(['error', 'error']);
    const disabled = await evaluate(noSlo, '', {
      rules: { disabled: ['MP2009'] },
    });
    expect(disabled.findings.filter(f => f.code === 'MP2009')).toEqual([]);
    expect(disabled.compliance.filter(r => r.code === 'MP2009')).toEqual([]);
  });
});
