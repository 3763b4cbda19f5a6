import {
  AuthorizationOutcome,
  EntityMeshState,
  WorkloadPolicy,
} from '@meshpath/plugin-mesh-common';

/** The payments workload with its authorization as the engine resolves it. */
export function paymentsWorkload(
  outcome: AuthorizationOutcome,
): WorkloadPolicy {
  const ref = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'payments',
    name: 'payments',
  };
  return {
    ref,
    namespace: 'payments',
    name: 'payments',
    kind: 'Deployment',
    labels: { app: 'payments' },
    serviceAccount: 'payments',
    principal: 'cluster.local/ns/payments/sa/payments',
    dataplane: 'sidecar',
    mtls: {
      mode: 'STRICT',
      decidedBy: {
        level: 'namespace',
        ref: {
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          namespace: 'payments',
          name: 'default',
        },
      },
    },
    ports: [
      {
        port: 8080,
        name: 'http',
        servicePorts: ['payments/payments:80'],
        mode: 'STRICT',
        decidedBy: {
          level: 'namespace',
          ref: {
            apiVersion: 'security.istio.io/v1',
            kind: 'PeerAuthentication',
            namespace: 'payments',
            name: 'default',
          },
        },
        enforced: true,
        clientTls: { mode: 'ISTIO_MUTUAL', decidedBy: 'auto-mTLS' },
        conflicts: [],
      },
      {
        port: 9090,
        name: 'metrics',
        servicePorts: [],
        mode: 'PERMISSIVE',
        decidedBy: { level: 'default' },
        enforced: true,
        clientTls: {
          mode: 'DISABLE',
          decidedBy: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'DestinationRule',
            namespace: 'payments',
            name: 'metrics',
          },
        },
        conflicts: [
          {
            severity: 'error',
            message: 'Clients send plaintext while the port requires mTLS',
            objects: [],
          },
        ],
      },
    ],
    authorization: {
      outcome,
      custom: [],
      deny: [],
      audit: [],
      allow:
        outcome === 'restricted'
          ? [
              {
                ref: {
                  apiVersion: 'security.istio.io/v1',
                  kind: 'AuthorizationPolicy',
                  namespace: 'payments',
                  name: 'callers',
                },
                action: 'ALLOW',
                scope: 'workload',
                enforcement: 'sidecar',
                rules: [
                  {
                    from: [
                      { principals: ['cluster.local/ns/orders/sa/orders'] },
                    ],
                    to: [{ methods: ['POST'], paths: ['/charge'] }],
                    when: [],
                    matchesAll: false,
                    l7: true,
                    text: 'from principals cluster.local/ns/orders/sa/orders → to methods POST paths /charge',
                  },
                ],
              },
            ]
          : [],
    },
    conflicts: [],
  };
}

/** A payments service as the backend would describe it: one SLO measured, one not. */
export const paymentsState: EntityMeshState = {
  entityRef: 'component:default/payments',
  status: 'warning',
  refreshedAt: '2026-11-22T10:00:00Z',
  objects: [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      namespace: 'payments',
      name: 'payments',
      cluster: 'prod-eu',
      relation: 'owned',
      hosts: ['payments'],
      gateways: ['mesh', 'istio-ingress/public'],
      routes: [
        {
          match: 'uri prefix /api',
          destinations: [
            { host: 'payments', subset: 'stable', weight: 80 },
            { host: 'payments', subset: 'canary', weight: 20 },
          ],
          timeout: '2s',
          retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx' },
        },
        { destinations: [{ host: 'payments', port: 80 }] },
      ],
      findings: 1,
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      namespace: 'payments',
      name: 'payments',
      cluster: 'prod-eu',
      relation: 'owned',
      hosts: ['payments'],
      subsets: [
        { name: 'stable', labels: { version: 'v1' } },
        { name: 'canary', labels: { version: 'v2' } },
      ],
      tlsMode: 'ISTIO_MUTUAL',
      findings: 0,
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      namespace: 'payments',
      name: 'payments',
      cluster: 'prod-eu',
      relation: 'owned',
      canary: { phase: 'Progressing', weight: 20, failedChecks: 2 },
      findings: 0,
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      namespace: 'payments',
      name: 'default',
      cluster: 'prod-eu',
      relation: 'covering',
      findings: 0,
    },
  ],
  mtls: 'STRICT',
  clusters: [
    {
      cluster: 'prod-eu',
      refreshedAt: '2026-11-22T10:00:00Z',
      workloads: [paymentsWorkload('restricted')],
      services: [],
      checks: [],
      errors: [],
    },
  ],
  canaries: [
    {
      cluster: 'prod-eu',
      namespace: 'payments',
      name: 'payments',
      phase: 'Progressing',
      canaryWeight: 20,
    },
  ],
  drift: {
    comparedKinds: ['DestinationRule.networking.istio.io'],
    uncomparedKinds: [],
    clusters: ['prod-eu'],
    unreadClusters: [],
    generated: [],
    declaredNotLive: [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Sidecar',
        namespace: 'payments',
        name: 'payments',
        cluster: 'prod-eu',
        source: { file: 'sidecar.yaml', line: 1 },
      },
    ],
    liveNotDeclared: [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        namespace: 'payments',
        name: 'legacy',
      },
    ],
    differing: [
      {
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          namespace: 'payments',
          name: 'payments',
          cluster: 'prod-eu',
          source: { file: 'virtualservice.yaml', line: 3 },
        },
        fields: [
          { path: 'spec.http[0].timeout', declared: '"2s"', live: '"10s"' },
          { path: 'spec.http[0].retries', declared: '{"attempts":3}' },
        ],
        omittedFields: 1,
      },
    ],
  },
  traffic: {
    window: '24h',
    state: 'known',
    callers: [
      {
        sourceWorkload: 'orders',
        sourceNamespace: 'orders',
        principal: 'cluster.local/ns/orders/sa/orders',
        requests: 12000,
        connections: 0,
        mtlsShare: 1,
        verdict: 'allowed',
        reason: 'Allowed by payments/callers',
      },
      {
        sourceWorkload: 'search',
        sourceNamespace: 'catalog',
        principal: 'cluster.local/ns/catalog/sa/search',
        requests: 40,
        connections: 0,
        mtlsShare: 1,
        verdict: 'would-be-denied',
        reason: 'No ALLOW rule of payments/callers matches',
      },
      {
        sourceWorkload: 'unknown',
        sourceNamespace: 'unknown',
        requests: 5,
        connections: 0,
        mtlsShare: 0,
        verdict: 'plaintext',
        reason: 'Arrived without mTLS',
      },
    ],
  },
  slos: [
    {
      definition: { kind: 'availability', target: 99.9, windowDays: 30 },
      sli: { state: 'known', value: 0.9993 },
      errorBudgetRemaining: { state: 'known', value: 0.42 },
      burnRates: {
        '5m': { state: 'known', value: 0.7 },
        '30m': { state: 'known', value: 0.9 },
        '1h': { state: 'known', value: 1.1 },
        '2h': { state: 'known', value: 1.0 },
        '6h': { state: 'known', value: 0.8 },
        '1d': { state: 'known', value: 0.6 },
        '3d': { state: 'known', value: 0.5 },
      },
      alerts: [
        {
          severity: 'page',
          factor: 14.4,
          longWindow: '1h',
          shortWindow: '5m',
          firing: false,
        },
        {
          severity: 'ticket',
          factor: 1,
          longWindow: '3d',
          shortWindow: '6h',
          firing: false,
        },
      ],
    },
    {
      definition: {
        kind: 'latency',
        target: 99,
        windowDays: 30,
        thresholdMs: 250,
      },
      sli: {
        state: 'unknown',
        reason: 'Prometheus unreachable',
        lastGoodAt: '2026-11-22T09:00:00Z',
      },
      errorBudgetRemaining: {
        state: 'unknown',
        reason: 'Prometheus unreachable',
      },
      burnRates: {
        '5m': { state: 'unknown', reason: 'Prometheus unreachable' },
        '30m': { state: 'unknown', reason: 'Prometheus unreachable' },
        '1h': { state: 'unknown', reason: 'Prometheus unreachable' },
        '2h': { state: 'unknown', reason: 'Prometheus unreachable' },
        '6h': { state: 'unknown', reason: 'Prometheus unreachable' },
        '1d': { state: 'unknown', reason: 'Prometheus unreachable' },
        '3d': { state: 'unknown', reason: 'Prometheus unreachable' },
      },
      alerts: [
        { severity: 'page', factor: 14.4, longWindow: '1h', shortWindow: '5m' },
      ],
    },
  ],
  compliance: {
    frameworks: [
      {
        framework: 'SOC2',
        passed: 7,
        failed: 1,
        waived: 0,
        score: 0.875,
        controls: [],
      },
      {
        framework: 'GDPR',
        passed: 0,
        failed: 0,
        waived: 0,
        score: null,
        controls: [],
      },
    ],
    findings: [
      {
        code: 'MP2005',
        severity: 'warning',
        message: 'The HTTP route has no timeout',
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          namespace: 'payments',
          name: 'payments',
        },
        source: { file: 'virtualservice.yaml', line: 3 },
        cluster: 'prod-eu',
        documentationUrl: 'https://meshpath.example/docs/rules/MP2005',
        references: { istio: 'IST0101', kiali: 'KIA1101' },
        controls: [{ framework: 'SOC2', control: 'A1.2' }],
        remediation: 'Set spec.http[].timeout',
      },
      {
        code: 'MP2004',
        severity: 'warning',
        message: 'No NetworkPolicy default-deny',
        references: {},
        controls: [],
        remediation: 'Add a default-deny NetworkPolicy',
        waiverId: 'w-1',
      },
    ],
  },
  errors: [{ source: 'cluster:prod-us', message: 'timed out after 10s' }],
};
