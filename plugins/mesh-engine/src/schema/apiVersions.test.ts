import type { Finding } from '@meshpath/plugin-mesh-common';
import { analyzeWorld } from '../__testUtils__/world';
import { deprecatedApiVersion } from './apiVersions';

const codes = (findings: Finding[]) => [...new Set(findings.map(f => f.code))];
const object = (
  apiVersion: string,
  kind: string,
  name: string,
  spec: string,
) => `
apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: ${name}, namespace: bookinfo }
spec: ${spec}`;

const istioNetworking = ['v1alpha3', 'v1beta1', 'v1'].map(
  v => `networking.istio.io/${v}`,
);
const istioSecurity = ['v1beta1', 'v1'].map(v => `security.istio.io/${v}`);
const gatewayApi = (...versions: string[]) =>
  versions.map(v => `gateway.networking.k8s.io/${v}`);

/** A served version, an object of it that one check must report, and that check's code. */
type Case = readonly [
  apiVersion: string,
  kind: string,
  yaml: string,
  code: string,
];
const cases: Case[] = [
  ...istioNetworking.flatMap(apiVersion => [
    [
      apiVersion,
      'VirtualService',
      object(
        apiVersion,
        'VirtualService',
        'r',
        '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviewz } }] }] }',
      ),
      'MP1101',
    ] as const,
    [
      apiVersion,
      'DestinationRule',
      object(apiVersion, 'DestinationRule', 'r', '{ host: reviewz }'),
      'MP1108',
    ] as const,
    [
      apiVersion,
      'Gateway',
      ['a', 'b']
        .map(name =>
          object(
            apiVersion,
            'Gateway',
            name,
            '{ selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [shop.example.com] }] }',
          ),
        )
        .join('\n---\n'),
      'MP1121',
    ] as const,
    [
      apiVersion,
      'ServiceEntry',
      `${object(
        apiVersion,
        'ServiceEntry',
        'payments',
        '{ hosts: [api.payments.example], ports: [{ number: 443, name: https, protocol: HTTPS }, { number: 80, name: http, protocol: HTTP }], resolution: DNS }',
      )}
---
${object(
  'networking.istio.io/v1',
  'VirtualService',
  'r',
  '{ hosts: [api.payments.example], http: [{ route: [{ destination: { host: api.payments.example } }] }] }',
)}`,
      'MP1109',
    ] as const,
    [
      apiVersion,
      'Sidecar',
      object(
        apiVersion,
        'Sidecar',
        's',
        "{ workloadSelector: { labels: { app: nothing } }, egress: [{ hosts: ['./*'] }] }",
      ),
      'MP1114',
    ] as const,
  ]),
  ...istioSecurity.flatMap(apiVersion =>
    ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].map(
      kind =>
        [
          apiVersion,
          kind,
          object(
            apiVersion,
            kind,
            'p',
            '{ selector: { matchLabels: { app: nothing } } }',
          ),
          'MP1114',
        ] as const,
    ),
  ),
  ...gatewayApi('v1alpha2', 'v1beta1', 'v1').map(
    apiVersion =>
      [
        apiVersion,
        'HTTPRoute',
        object(
          apiVersion,
          'HTTPRoute',
          'route',
          '{ parentRefs: [{ name: public }], rules: [{ backendRefs: [{ name: reviewz, port: 9080 }] }] }',
        ),
        'MP1123',
      ] as const,
  ),
  ...gatewayApi('v1alpha2', 'v1beta1', 'v1').map(
    apiVersion =>
      [
        apiVersion,
        'Gateway',
        // Found (else MP1103), and its listener read: the host is not on it.
        `${object(
          apiVersion,
          'Gateway',
          'public',
          '{ gatewayClassName: istio, listeners: [{ name: http, hostname: shop.example.com, port: 80, protocol: HTTP }] }',
        )}
---
${object(
  'networking.istio.io/v1',
  'VirtualService',
  'r',
  '{ hosts: [other.example.com], gateways: [public], http: [{ route: [{ destination: { host: reviews } }] }] }',
)}`,
        'MP1111',
      ] as const,
  ),
  ...gatewayApi('v1alpha2', 'v1').map(
    apiVersion =>
      [
        apiVersion,
        'GRPCRoute',
        object(
          apiVersion,
          'GRPCRoute',
          'route',
          '{ parentRefs: [{ name: public }], rules: [{ backendRefs: [{ name: ratingz, port: 9090 }] }] }',
        ),
        'MP1123',
      ] as const,
  ),
  ...gatewayApi('v1alpha2', 'v1beta1', 'v1').map(
    apiVersion =>
      [
        apiVersion,
        'ReferenceGrant',
        // The grant admits web's routes to reviews but not to ratings (by name).
        `${object(
          apiVersion,
          'ReferenceGrant',
          'grant',
          "{ from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web }], to: [{ group: '', kind: Service, name: reviews }] }",
        )}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: route, namespace: web }
spec: { rules: [{ backendRefs: [{ name: reviews, namespace: bookinfo, port: 9080 }, { name: ratings, namespace: bookinfo, port: 9080 }] }] }`,
        'MP1123',
      ] as const,
  ),
  [
    'flagger.app/v1beta1',
    'Canary',
    object(
      'flagger.app/v1beta1',
      'Canary',
      'reviews',
      '{ targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviewz }, service: { port: 9080 }, analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10 } }',
    ),
    'MP1202',
  ],
];

describe('every served API version goes through the same checks', () => {
  it.each(cases)('%s %s', async (apiVersion, kind, yaml, code) => {
    const findings = await analyzeWorld(yaml);
    const found = codes(findings);
    // Valid for its version: not dropped as a schema error, so the cross-object check ran.
    expect(found).not.toContain('MP0101');
    expect(found).not.toContain('MP0102');
    expect(found).toContain(code);
    // A ReferenceGrant of any version is read: it admits reviews, not ratings.
    expect(
      findings
        .filter(
          f => f.code === 'MP1123' && f.message.includes('ReferenceGrant'),
        )
        .map(f => f.message),
    ).toEqual(
      kind === 'ReferenceGrant'
        ? [
            'Backend Service bookinfo/ratings is in another namespace and no ReferenceGrant there allows HTTPRoutes from web',
          ]
        : [],
    );
    // A deprecated version is a warning that names the version to move to, never a reason to skip.
    expect(found.includes('MP0103')).toBe(
      deprecatedApiVersion(apiVersion, kind) !== undefined,
    );
  });

  it('says which version to move to', async () => {
    const findings = await analyzeWorld(
      object(
        'gateway.networking.k8s.io/v1alpha2',
        'HTTPRoute',
        'route',
        '{ rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }] }',
      ),
    );
    expect(
      findings
        .filter(f => f.code === 'MP0103')
        .map(f => [f.severity, f.message]),
    ).toEqual([
      [
        'warning',
        'gateway.networking.k8s.io/v1alpha2 HTTPRoute is deprecated: move to gateway.networking.k8s.io/v1',
      ],
    ]);
  });

  it('still reports schema errors of a deprecated version, checked as the version to move to', async () => {
    const findings = await analyzeWorld(
      object(
        'gateway.networking.k8s.io/v1alpha2',
        'HTTPRoute',
        'route',
        '{ rules: [{ backendRefs: [{ name: reviews, port: nine }] }] }',
      ),
    );
    expect(findings.filter(f => f.code === 'MP0101').length).toBeGreaterThan(0);
  });

  it('knows no deprecation the projects did not declare', () => {
    expect(
      deprecatedApiVersion('networking.istio.io/v1alpha3', 'VirtualService'),
    ).toBeUndefined();
    expect(
      deprecatedApiVersion('gateway.networking.k8s.io/v1beta1', 'HTTPRoute'),
    ).toBeUndefined();
    expect(
      deprecatedApiVersion('gateway.networking.k8s.io/v1alpha2', 'constructor'),
    ).toBeUndefined();
    expect(
      deprecatedApiVersion(
        'gateway.networking.k8s.io/v1alpha2',
        'ReferenceGrant',
      )?.moveTo,
    ).toBe('gateway.networking.k8s.io/v1beta1');
  });
});
