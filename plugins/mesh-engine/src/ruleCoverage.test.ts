import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MESH_RULE_CODES,
  MESH_RULES,
  MeshRuleCode,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer, type AnalyzeOptions } from './analysis/analyzer';
import { baseWorld } from './__testUtils__/world';
import { loadManifests } from './manifests/loadManifests';
import { parseManifests } from './manifests/parseManifests';

/**
 * Every rule of the catalogue, with the input that makes its emitter report it
 * (trigger) and the closest input that must not (near miss). The analyzer reads
 * YAML added to a world; the parser reads a file's text; the loader reads a
 * path inside a folder that holds `present.yaml`.
 */
type RuleCase =
  | {
      emitter: 'analyzer';
      world?: string;
      trigger: string;
      nearMiss: string;
      /** The platform's settings both inputs are analysed with. */
      options?: AnalyzeOptions;
    }
  | { emitter: 'parser'; trigger: string; nearMiss: string }
  | { emitter: 'loader'; trigger: string; nearMiss: string };

/** One enrolled namespace `shop` with one Service `web`, for rules judged per Service. */
const oneServiceWorld = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ name: http, port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { serviceAccountName: web, containers: [{ name: web, image: web:1 }] }
`;

const object = (apiVersion: string, kind: string, name: string, spec: string) =>
  `
apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: ${name}, namespace: bookinfo }
spec: ${spec}`;
const virtualService = (spec: string, name = 'r') =>
  object('networking.istio.io/v1', 'VirtualService', name, spec);
const destinationRule = (spec: string, name = 'r') =>
  object('networking.istio.io/v1', 'DestinationRule', name, spec);
const authorizationPolicy = (spec: string, name = 'a') =>
  object('security.istio.io/v1', 'AuthorizationPolicy', name, spec);
const gateway = (name: string, port: number, hosts: string) =>
  object(
    'networking.istio.io/v1',
    'Gateway',
    name,
    `{ selector: { istio: ingressgateway }, servers: [{ port: { number: ${port}, name: http, protocol: HTTP }, hosts: ${hosts} }] }`,
  );
const canary = (target: string, metrics: string) =>
  object(
    'flagger.app/v1beta1',
    'Canary',
    'reviews',
    `{ targetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }, service: { name: reviews, port: 9080 }, analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10, metrics: ${metrics} } }`,
  );
const gates =
  '[{ name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }, { name: request-duration, thresholdRange: { max: 500 }, interval: 1m }]';
const reviewsRoute = '[{ route: [{ destination: { host: reviews } }] }]';
const namespace = (name: string, labels: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${labels} }`;
const httpRoute = (parent: string, backend: string) =>
  object(
    'gateway.networking.k8s.io/v1',
    'HTTPRoute',
    'route',
    `{ parentRefs: [{ name: ${parent} }], rules: [{ backendRefs: [{ name: ${backend}, port: 9080 }] }] }`,
  );
const apiGateway = object(
  'gateway.networking.k8s.io/v1',
  'Gateway',
  'public',
  '{ gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }',
);

/** An object of the one-service world, in namespace `shop`. */
const shop = (
  apiVersion: string,
  kind: string,
  name: string,
  spec: string,
  labels = '{}',
) => `
apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: ${name}, namespace: shop, labels: ${labels} }
spec: ${spec}`;
const shopRoute = (route: string) =>
  shop(
    'networking.istio.io/v1',
    'VirtualService',
    'web',
    `{ hosts: [web], http: [{ route: [{ destination: { host: web } }], ${route} }] }`,
  );
const shopTrafficPolicy = (policy: string) =>
  shop(
    'networking.istio.io/v1',
    'DestinationRule',
    'web',
    `{ host: web, trafficPolicy: ${policy} }`,
  );
const shopCanary = (metrics: string) =>
  shop(
    'flagger.app/v1beta1',
    'Canary',
    'web',
    `{ targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, service: { port: 80 }, analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10, metrics: ${metrics} } }`,
  );
const shopSlo = (service: string) =>
  shop(
    'monitoring.coreos.com/v1',
    'PrometheusRule',
    'web-slo',
    "{ groups: [{ name: slo, rules: [{ record: 'slo:errors:ratio_rate5m', expr: '0' }] }] }",
    `{ meshpath.io/slo: ${service} }`,
  );
/** A Gateway in `shop` serving HTTPS with these TLS settings. */
const shopGateway = (tls: string) =>
  shop(
    'networking.istio.io/v1',
    'Gateway',
    'public',
    `{ selector: { istio: ingressgateway }, servers: [{ port: { number: 443, name: https, protocol: HTTPS }, hosts: [shop.example.com], tls: ${tls} }] }`,
  );
/** A Canary for `web` with this service block and analysis settings (progressive by default). */
const shopDelivery = (
  service: string,
  analysis = 'maxWeight: 50, stepWeight: 10',
) =>
  shop(
    'flagger.app/v1beta1',
    'Canary',
    'web',
    `{ targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, service: ${service}, analysis: { interval: 1m, threshold: 5, ${analysis}, metrics: ${gates} } }`,
  );
const shopExposed = `
${shop(
  'networking.istio.io/v1',
  'Gateway',
  'public',
  '{ selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }] }',
)}
---
${shop(
  'networking.istio.io/v1',
  'VirtualService',
  'edge',
  '{ hosts: [web.example.com], gateways: [public], http: [{ route: [{ destination: { host: web } }] }] }',
)}
---
${shop(
  'security.istio.io/v1',
  'RequestAuthentication',
  'jwt',
  '{ jwtRules: [{ issuer: https://login.example.com/ }] }',
)}`;

/**
 * Namespace `pay` (deny-all AuthorizationPolicy, default-deny NetworkPolicy)
 * with Deployment `payments` delivered by a Flagger Canary, and a caller
 * namespace `storefront`: the world the Flagger and reachability rules read.
 */
const payWorld = (options: { ambient?: boolean; webhook?: boolean } = {}) => `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata:
  name: pay
  labels: { ${
    options.ambient
      ? 'istio.io/dataplane-mode: ambient'
      : 'istio-injection: enabled'
  } }
---
apiVersion: v1
kind: Namespace
metadata: { name: storefront, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: payments, namespace: pay }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: pay }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments, backstage.io/kubernetes-id: payments } }
    spec:
      serviceAccountName: payments
      containers: [{ name: payments, image: payments:1, ports: [{ name: http, containerPort: 8080 }] }]
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: payments, namespace: pay }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: payments }
  service: { port: 8080 }
  analysis:
    interval: 1m
    threshold: 5
    iterations: 10
    metrics:
      - { name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }
      - { name: request-duration, thresholdRange: { max: 500 }, interval: 1m }
${
  options.webhook
    ? `    webhooks:
      - name: load-test
        type: rollout
        url: http://flagger-loadtester.flagger-system/
        metadata: { cmd: 'hey -z 1m -q 10 -c 2 http://payments-canary.pay:8080/' }`
    : ''
}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-all, namespace: pay }
spec: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: pay }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
const pay = (apiVersion: string, kind: string, name: string, spec: string) =>
  `
apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: ${name}, namespace: pay }
spec: ${spec}`;
const idSelector = '{ matchLabels: { backstage.io/kubernetes-id: payments } }';
/** An ALLOW policy on the payments pods for callers from these namespaces. */
const allowFrom = (...namespaces: string[]) =>
  pay(
    'security.istio.io/v1',
    'AuthorizationPolicy',
    `allow-${namespaces.join('-')}`,
    `{ selector: ${idSelector}, rules: [{ from: [{ source: { namespaces: [${namespaces.join(
      ', ',
    )}] } }] }] }`,
  );
/** A NetworkPolicy on the payments pods admitting namespaces on ports. */
const admit = (namespaces: string[], ports: number[], name = 'admit') =>
  pay(
    'networking.k8s.io/v1',
    'NetworkPolicy',
    `${name}-${namespaces.join('-')}`,
    `{ podSelector: ${idSelector}, policyTypes: [Ingress], ingress: [{ from: [${namespaces
      .map(
        n =>
          `{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ${n} } } }`,
      )
      .join(', ')}], ports: [${ports
      .map(p => `{ port: ${p} }`)
      .join(', ')}] }] }`,
  );
const ingressGateway = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-ingress }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-ingress }
spec:
  selector: { matchLabels: { istio: ingressgateway } }
  template:
    metadata: { labels: { istio: ingressgateway } }
    spec: { serviceAccountName: istio-ingressgateway, containers: [{ name: istio-proxy, image: proxyv2 }] }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ['*'] }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: payments-public, namespace: edge }
spec:
  hosts: [pay.example.com]
  gateways: [edge/public]
  http: [{ route: [{ destination: { host: payments.pay.svc.cluster.local, port: { number: 8080 } } }] }]`;

/** A PrometheusRule in bookinfo holding one rule, for the telemetry rules (MP14xx). */
const sloRule = (rule: string, inNamespace = 'bookinfo') => `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: slo, namespace: ${inNamespace} }
spec: { groups: [{ name: slo, rules: [${rule}] }] }`;
const sloRecord = (selector: string, inNamespace?: string) =>
  sloRule(
    `{ record: "slo:requests:rate5m", expr: 'sum(rate(istio_requests_total{${selector}}[5m]))' }`,
    inNamespace,
  );
const sloAlert = (expr: string, severity = 'critical') =>
  sloRule(
    `{ alert: Burn, expr: '${expr}', labels: { severity: ${severity} } }`,
  );
const reviewsCanary = (service: string, metrics: string) =>
  object(
    'flagger.app/v1beta1',
    'Canary',
    'reviews',
    `{ targetRef: { apiVersion: apps/v1, kind: Deployment, name: reviews-v1 }, service: ${service}, analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10, metrics: ${metrics} } }`,
  );
/** A Flagger MetricTemplate `errors` in bookinfo with `query` (single-quoted in YAML). */
const errorsTemplate = (query: string) =>
  object(
    'flagger.app/v1beta1',
    'MetricTemplate',
    'errors',
    `{ provider: { type: prometheus, address: "http://prometheus:9090" }, query: '${query}' }`,
  );
/** Requests of the Canary's target that `matchers` select, as a MetricTemplate writes them. */
const targetRate = (matchers: string) =>
  `sum(rate(istio_requests_total{reporter="destination",destination_workload=~"{{ target }}|{{ target }}-primary",${matchers}}[{{ interval }}]))`;
const grpcReviewsGatedBy = (query: string) =>
  `${reviewsCanary(
    '{ name: reviews, port: 9080, appProtocol: grpc }',
    '[{ name: errors, templateRef: { name: errors }, thresholdRange: { max: 1 } }]',
  )}\n---\n${errorsTemplate(query)}`;
/** Namespace `mesh` in ambient mode, its Service `api` bound to a waypoint. */
const ambientWorld = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: mesh, labels: { istio.io/dataplane-mode: ambient } }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: mesh, labels: { istio.io/use-waypoint: waypoint } }
spec: { selector: { app: api }, ports: [{ name: http, port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: mesh }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: api:1 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: mesh, labels: { istio.io/waypoint-for: service } }
spec: { gatewayClassName: istio-waypoint, listeners: [{ name: mesh, port: 15008, protocol: HBONE }] }
`;

const cases: Record<MeshRuleCode, RuleCase> = {
  MP0001: {
    emitter: 'parser',
    trigger: 'apiVersion: v1\nkind: [ConfigMap\n',
    nearMiss: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n',
  },
  MP0003: {
    emitter: 'loader',
    trigger: 'absent.yaml',
    nearMiss: 'present.yaml',
  },
  MP0002: {
    emitter: 'parser',
    trigger: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
    nearMiss: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n',
  },
  MP0101: {
    emitter: 'analyzer',
    trigger: virtualService(`{ hosts: reviews, http: ${reviewsRoute} }`),
    nearMiss: virtualService(`{ hosts: [reviews], http: ${reviewsRoute} }`),
  },
  MP0102: {
    emitter: 'analyzer',
    trigger: virtualService(`{ hosts: [reviews], htp: ${reviewsRoute} }`),
    nearMiss: virtualService(`{ hosts: [reviews], http: ${reviewsRoute} }`),
  },
  MP0103: {
    emitter: 'analyzer',
    trigger: object(
      'gateway.networking.k8s.io/v1alpha2',
      'ReferenceGrant',
      'grant',
      "{ from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web }], to: [{ group: '', kind: Service }] }",
    ),
    nearMiss: object(
      'gateway.networking.k8s.io/v1beta1',
      'ReferenceGrant',
      'grant',
      "{ from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web }], to: [{ group: '', kind: Service }] }",
    ),
  },
  MP1101: {
    emitter: 'analyzer',
    trigger: virtualService(
      '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviewz } }] }] }',
    ),
    nearMiss: virtualService(
      '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews.bookinfo } }] }] }',
    ),
  },
  MP1102: {
    emitter: 'analyzer',
    trigger: `${destinationRule(
      '{ host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
    )}
---
${virtualService(
  '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v2 } }] }] }',
)}`,
    nearMiss: `${destinationRule(
      '{ host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
    )}
---
${virtualService(
  '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v1 } }] }] }',
)}`,
  },
  MP1103: {
    emitter: 'analyzer',
    trigger: virtualService(
      `{ hosts: [reviews.example.com], gateways: [bookinfo/public], http: ${reviewsRoute} }`,
    ),
    nearMiss: `${gateway('public', 80, '["*"]')}
---
${virtualService(
  `{ hosts: [reviews.example.com], gateways: [bookinfo/public], http: ${reviewsRoute} }`,
)}`,
  },
  MP1104: {
    emitter: 'analyzer',
    trigger: `${virtualService(
      `{ hosts: [reviews], http: ${reviewsRoute} }`,
      'a',
    )}
---
${virtualService(
  `{ hosts: [reviews.bookinfo.svc.cluster.local], http: ${reviewsRoute} }`,
  'b',
)}`,
    nearMiss: `${gateway('public', 80, '["*"]')}
---
${virtualService(`{ hosts: [reviews], http: ${reviewsRoute} }`, 'a')}
---
${virtualService(
  `{ hosts: [reviews], gateways: [public], http: ${reviewsRoute} }`,
  'b',
)}`,
  },
  MP1105: {
    emitter: 'analyzer',
    trigger: `${destinationRule(
      '{ host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
      'a',
    )}
---
${destinationRule(
  '{ host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
  'b',
)}`,
    nearMiss: `${destinationRule(
      '{ host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
      'a',
    )}
---
${destinationRule(
  '{ host: reviews, subsets: [{ name: v2, labels: { version: v2 } }] }',
  'b',
)}`,
  },
  MP1106: {
    emitter: 'analyzer',
    trigger: destinationRule('{ host: reviews, subsets: [{ name: all }] }'),
    nearMiss: destinationRule(
      '{ host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
    ),
  },
  MP1107: {
    emitter: 'analyzer',
    trigger: destinationRule(
      '{ host: reviews, subsets: [{ name: v3, labels: { version: v3 } }] }',
    ),
    nearMiss: destinationRule(
      '{ host: reviews, subsets: [{ name: v2, labels: { version: v2 } }] }',
    ),
  },
  MP1108: {
    emitter: 'analyzer',
    trigger: destinationRule('{ host: reviewz }'),
    nearMiss: destinationRule('{ host: reviews }'),
  },
  MP1109: {
    emitter: 'analyzer',
    trigger: virtualService(
      '{ hosts: [ratings], http: [{ route: [{ destination: { host: ratings } }] }] }',
    ),
    nearMiss: virtualService(
      '{ hosts: [ratings], http: [{ route: [{ destination: { host: ratings, port: { number: 9080 } } }] }] }',
    ),
  },
  MP1110: {
    emitter: 'analyzer',
    trigger: virtualService(
      '{ hosts: [reviews], http: [{ route: [{ destination: { host: reviews } }] }, { match: [{ uri: { prefix: /v2 } }], route: [{ destination: { host: reviews } }] }] }',
    ),
    nearMiss: virtualService(
      '{ hosts: [reviews], http: [{ match: [{ uri: { prefix: /v2 } }], route: [{ destination: { host: reviews } }] }, { route: [{ destination: { host: reviews } }] }] }',
    ),
  },
  MP1111: {
    emitter: 'analyzer',
    trigger: `${gateway('public', 80, "['*.example.com']")}
---
${virtualService(
  `{ hosts: [shop.example.org], gateways: [public], http: ${reviewsRoute} }`,
)}`,
    nearMiss: `${gateway('public', 80, "['*.example.com']")}
---
${virtualService(
  `{ hosts: [shop.example.com], gateways: [public], http: ${reviewsRoute} }`,
)}`,
  },
  MP1112: {
    emitter: 'analyzer',
    trigger: object(
      'v1',
      'Service',
      'web',
      '{ selector: { app: reviews }, ports: [{ name: web, port: 80 }] }',
    ),
    nearMiss: object(
      'v1',
      'Service',
      'web',
      '{ selector: { app: reviews }, ports: [{ name: http-web, port: 80 }] }',
    ),
  },
  MP1113: {
    emitter: 'analyzer',
    trigger: namespace('legacy', '{ team: legacy }'),
    nearMiss: namespace('legacy', '{ istio.io/dataplane-mode: ambient }'),
  },
  MP1114: {
    emitter: 'analyzer',
    trigger: authorizationPolicy(
      '{ selector: { matchLabels: { app: reviewz } } }',
    ),
    nearMiss: authorizationPolicy(
      '{ selector: { matchLabels: { app: reviews } } }',
    ),
  },
  MP1115: {
    emitter: 'analyzer',
    trigger: destinationRule(
      '{ host: reviews, trafficPolicy: { tls: { mode: SIMPLE } } }',
    ),
    nearMiss: destinationRule(
      '{ host: reviews, trafficPolicy: { tls: { mode: SIMPLE, caCertificates: /etc/ca.pem } } }',
    ),
  },
  MP1116: {
    emitter: 'analyzer',
    trigger: destinationRule(
      '{ host: reviews, trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, tls: { mode: SIMPLE } }] } }',
    ),
    nearMiss: destinationRule(
      '{ host: reviews, trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, tls: { mode: SIMPLE, caCertificates: /etc/ca.pem } }] } }',
    ),
  },
  MP1117: {
    emitter: 'analyzer',
    trigger: authorizationPolicy(
      '{ rules: [{ from: [{ source: { namespaces: [frontend] } }] }] }',
    ),
    nearMiss: authorizationPolicy(
      '{ rules: [{ from: [{ source: { namespaces: [bookinfo] } }] }] }',
    ),
  },
  MP1118: {
    emitter: 'analyzer',
    trigger: authorizationPolicy(
      '{ rules: [{ to: [{ operation: { methods: [get] } }] }] }',
    ),
    nearMiss: authorizationPolicy(
      '{ rules: [{ to: [{ operation: { methods: [GET] } }] }] }',
    ),
  },
  MP1119: {
    emitter: 'analyzer',
    trigger: authorizationPolicy(
      '{ rules: [{ from: [{ source: { principals: [cluster.local/ns/bookinfo/sa/productpage] } }] }] }',
    ),
    nearMiss: authorizationPolicy(
      '{ rules: [{ from: [{ source: { principals: [cluster.local/ns/bookinfo/sa/reviews] } }] }] }',
    ),
  },
  MP1120: {
    emitter: 'analyzer',
    trigger: virtualService(
      "{ hosts: [reviews], http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: beta } } }], route: [{ destination: { host: reviews } }] }] }",
    ),
    nearMiss: `${virtualService(
      "{ hosts: [reviews], http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: beta } } }], route: [{ destination: { host: reviews } }] }] }",
    )}
---
${object(
  'security.istio.io/v1',
  'RequestAuthentication',
  'jwt',
  '{ jwtRules: [{ issuer: https://login.example.com/ }] }',
)}`,
  },
  MP1121: {
    emitter: 'analyzer',
    trigger: `${gateway('a', 80, '[shop.example.com]')}
---
${gateway('b', 80, '[shop.example.com]')}`,
    nearMiss: `${gateway('a', 80, '[shop.example.com]')}
---
${gateway('b', 8080, '[shop.example.com]')}`,
  },
  MP1122: {
    emitter: 'analyzer',
    trigger: `${apiGateway}\n---\n${httpRoute('private', 'reviews')}`,
    nearMiss: `${apiGateway}\n---\n${httpRoute('public', 'reviews')}`,
  },
  MP1123: {
    emitter: 'analyzer',
    trigger: `${apiGateway}\n---\n${httpRoute('public', 'reviewz')}`,
    nearMiss: `${apiGateway}\n---\n${httpRoute('public', 'reviews')}`,
  },
  MP1124: {
    emitter: 'analyzer',
    trigger: authorizationPolicy(
      '{ selector: { matchLabels: { app: reviews } } }',
    ),
    nearMiss: `${authorizationPolicy(
      '{ selector: { matchLabels: { app: reviews } } }',
    )}
---
${authorizationPolicy('{ selector: { matchLabels: { app: ratings } } }', 'b')}`,
  },
  MP1201: {
    emitter: 'analyzer',
    trigger: `${destinationRule(
      '{ host: reviews, trafficPolicy: { tls: { mode: DISABLE } } }',
    )}
---
${object(
  'security.istio.io/v1',
  'PeerAuthentication',
  'default',
  '{ mtls: { mode: STRICT } }',
)}`,
    nearMiss: `${destinationRule(
      '{ host: reviews, trafficPolicy: { tls: { mode: DISABLE } } }',
    )}
---
${object(
  'security.istio.io/v1',
  'PeerAuthentication',
  'default',
  '{ mtls: { mode: PERMISSIVE } }',
)}`,
  },
  MP1202: {
    emitter: 'analyzer',
    trigger: canary('reviewz', gates),
    nearMiss: canary('reviews-v1', gates),
  },
  MP1203: {
    emitter: 'analyzer',
    trigger: `${canary('reviews-v1', gates)}
---
${virtualService(
  `{ hosts: [reviews], http: ${reviewsRoute} }`,
  'reviews-routes',
)}`,
    nearMiss: `${canary('reviews-v1', gates)}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
  ownerReferences: [{ apiVersion: flagger.app/v1beta1, kind: Canary, name: reviews, uid: 5b9c1f2e-0000-4000-8000-000000000001 }]
spec: { hosts: [reviews], http: ${reviewsRoute} }`,
  },
  MP1204: {
    emitter: 'analyzer',
    trigger: canary(
      'reviews-v1',
      '[{ name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }]',
    ),
    nearMiss: canary('reviews-v1', gates),
  },
  MP1205: {
    emitter: 'analyzer',
    world: payWorld(),
    trigger: pay(
      'security.istio.io/v1',
      'AuthorizationPolicy',
      'payments-callers',
      '{ selector: { matchLabels: { app: payments } }, rules: [{ from: [{ source: { namespaces: [storefront] } }] }] }',
    ),
    nearMiss: allowFrom('storefront'),
  },
  MP1206: {
    emitter: 'analyzer',
    world: payWorld(),
    trigger: pay(
      'security.istio.io/v1',
      'PeerAuthentication',
      'payments',
      '{ selector: { matchLabels: { app: payments } }, mtls: { mode: STRICT } }',
    ),
    nearMiss: pay(
      'security.istio.io/v1',
      'PeerAuthentication',
      'payments',
      `{ selector: ${idSelector}, mtls: { mode: STRICT } }`,
    ),
  },
  MP1207: {
    emitter: 'analyzer',
    world: payWorld(),
    trigger: pay(
      'v1',
      'Service',
      'payments',
      '{ selector: { app: payments }, ports: [{ name: http, port: 8080 }] }',
    ),
    nearMiss: pay(
      'v1',
      'Service',
      'payments',
      '{ selector: { app: payments-primary }, ports: [{ name: http, port: 8080 }] }',
    ),
  },
  MP1125: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopRoute(
      "timeout: 5s, retries: { attempts: 2, perTryTimeout: 1s, retryOn: '5xx,connect-failure' }",
    ),
    nearMiss: shopRoute(
      "timeout: 5s, retries: { attempts: 2, perTryTimeout: 1s, retryOn: 'connect-failure,refused-stream,unavailable' }",
    ),
  },
  MP1126: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    // Three tries of 1 s and 100 ms of back-off do not fit in 3 s; they do in 3.2 s.
    trigger: shopRoute(
      'timeout: 3s, retries: { attempts: 2, perTryTimeout: 1s }',
    ),
    nearMiss: shopRoute(
      'timeout: 3.2s, retries: { attempts: 2, perTryTimeout: 1s }',
    ),
  },
  MP1127: {
    emitter: 'analyzer',
    trigger: shopGateway('{ mode: SIMPLE }'),
    nearMiss: shopGateway('{ mode: SIMPLE, credentialName: shop-cert }'),
  },
  MP1128: {
    emitter: 'analyzer',
    trigger: authorizationPolicy(
      '{ rules: [{ from: [{ source: { principals: [corp.example/ns/bookinfo/sa/reviews] } }] }] }',
    ),
    nearMiss: authorizationPolicy(
      '{ rules: [{ from: [{ source: { principals: [cluster.local/ns/bookinfo/sa/reviews] } }] }] }',
    ),
  },
  MP1129: {
    emitter: 'analyzer',
    // ratings serves gRPC on 9090.
    trigger: destinationRule(
      '{ host: ratings, trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 } } } }',
    ),
    nearMiss: destinationRule(
      '{ host: ratings, trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 }, http: { http2MaxRequests: 100 } } } }',
    ),
  },
  MP1208: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopDelivery('{ port: 80 }', 'iterations: 10'),
    nearMiss: shopDelivery(
      '{ port: 80 }',
      "iterations: 10, webhooks: [{ name: load-test, url: 'http://flagger-loadtester.flagger-system/', metadata: { cmd: 'hey -z 1m -q 10 -c 2 http://web-canary.shop/' } }]",
    ),
  },
  MP1209: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopDelivery('{ port: 80, portName: tcp }'),
    nearMiss: shopDelivery('{ port: 80, portName: tcp, appProtocol: tcp }'),
  },
  MP1301: {
    emitter: 'analyzer',
    world: payWorld(),
    trigger: admit(['storefront'], [8080]),
    nearMiss: `${admit(['storefront'], [8080])}
---
${admit(['monitoring'], [15020, 15090], 'scrape')}`,
  },
  MP1302: {
    emitter: 'analyzer',
    world: payWorld(),
    // Admits the namespace of the Gateway resource, not of its pods.
    trigger: `${ingressGateway}
---
${allowFrom('istio-ingress')}
---
${admit(['edge'], [8080])}`,
    nearMiss: `${ingressGateway}
---
${allowFrom('istio-ingress')}
---
${admit(['istio-ingress'], [8080])}`,
  },
  MP1303: {
    emitter: 'analyzer',
    world: payWorld(),
    trigger: `${allowFrom('storefront')}
---
${admit(['orders'], [8080])}`,
    nearMiss: `${allowFrom('storefront')}
---
${admit(['storefront'], [8080])}`,
  },
  MP1304: {
    emitter: 'analyzer',
    world: payWorld({ webhook: true }),
    trigger: allowFrom('flagger-system'),
    nearMiss: `${allowFrom('flagger-system')}
---
${admit(['flagger-system'], [8080])}`,
  },
  MP1305: {
    emitter: 'analyzer',
    world: payWorld({ ambient: true }),
    trigger: `${allowFrom('storefront')}
---
${admit(['storefront'], [8080])}`,
    nearMiss: `${allowFrom('storefront')}
---
${admit(['storefront'], [8080, 15008])}`,
  },
  MP1306: {
    emitter: 'analyzer',
    world: payWorld(),
    trigger: `${pay(
      'security.istio.io/v1',
      'AuthorizationPolicy',
      'allow-everyone',
      `{ selector: ${idSelector}, rules: [{}] }`,
    )}
---
${pay(
  'networking.k8s.io/v1',
  'NetworkPolicy',
  'admit-everyone',
  `{ podSelector: ${idSelector}, policyTypes: [Ingress], ingress: [{}] }`,
)}`,
    nearMiss: `${pay(
      'security.istio.io/v1',
      'AuthorizationPolicy',
      'allow-everyone',
      `{ selector: ${idSelector}, rules: [{}] }`,
    )}
---
${admit(['storefront'], [8080])}`,
  },
  MP1401: {
    emitter: 'analyzer',
    trigger: `${reviewsCanary('{ name: reviews, port: 9080 }', '[]')}
---
${sloRecord('reporter="destination",destination_service_name="reviews"')}`,
    nearMiss: `${reviewsCanary('{ name: reviews, port: 9080 }', '[]')}
---
${sloRecord(
  'reporter="destination",destination_workload=~"reviews-v1|reviews-v1-primary",destination_workload_namespace="bookinfo"',
)}`,
  },
  MP1402: {
    emitter: 'analyzer',
    world: ambientWorld,
    trigger: sloRecord(
      'reporter="destination",destination_workload="api"',
      'mesh',
    ),
    nearMiss: sloRecord(
      'reporter="waypoint",destination_workload="api"',
      'mesh',
    ),
  },
  MP1403: {
    emitter: 'analyzer',
    trigger: reviewsCanary(
      '{ name: reviews, port: 9080, appProtocol: grpc }',
      '[{ name: request-success-rate, thresholdRange: { min: 99 } }]',
    ),
    nearMiss: reviewsCanary(
      '{ name: reviews, port: 9080, appProtocol: grpc }',
      '[{ name: grpc-success-rate, templateRef: { name: grpc-errors }, thresholdRange: { max: 1 } }]',
    ),
  },
  MP1404: {
    emitter: 'analyzer',
    // A 90 % target cannot carry the 14.4x page: 14.4 × 0.1 = 1.44.
    trigger: sloAlert('slo:errors:ratio_rate1h > (14.4 * (1 - 0.90))'),
    nearMiss: sloAlert('slo:errors:ratio_rate1h > (14.4 * (1 - 0.999))'),
  },
  MP1405: {
    emitter: 'analyzer',
    trigger: sloAlert('slo:errors:ratio_rate1h > 0.0144', 'page'),
    nearMiss: sloAlert('slo:errors:ratio_rate1h > 0.0144', 'critical'),
  },
  MP1406: {
    emitter: 'analyzer',
    // Every non-OK code, NOT_FOUND and INVALID_ARGUMENT included; the near miss counts the server faults.
    trigger: sloRecord(
      'reporter="destination",destination_workload="reviews-v1",grpc_response_status!="0"',
    ),
    nearMiss: sloRecord(
      'reporter="destination",destination_workload="reviews-v1",response_code!~"5..",grpc_response_status=~"2|4|12|13|14|15"',
    ),
  },
  MP1407: {
    emitter: 'analyzer',
    // The gate of a gRPC Canary counts 5xx only; the near miss adds the gRPC server faults.
    trigger: grpcReviewsGatedBy(
      `${targetRate('response_code=~"5.."')} / ${targetRate('')} * 100`,
    ),
    nearMiss: grpcReviewsGatedBy(
      `(${targetRate('response_code=~"5.."')} or ${targetRate(
        'response_code!~"5..",grpc_response_status=~"2|4|12|13|14|15"',
      )}) / ${targetRate('')} * 100`,
    ),
  },
  MP2001: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shop(
      'security.istio.io/v1',
      'PeerAuthentication',
      'default',
      '{ mtls: { mode: PERMISSIVE } }',
    ),
    nearMiss: shop(
      'security.istio.io/v1',
      'PeerAuthentication',
      'default',
      '{ mtls: { mode: STRICT } }',
    ),
  },
  MP2002: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: `${shop(
      'security.istio.io/v1',
      'AuthorizationPolicy',
      'deny-all',
      '{}',
    )}
---
${shop(
  'security.istio.io/v1',
  'AuthorizationPolicy',
  'web',
  '{ selector: { matchLabels: { app: web } }, rules: [{}] }',
)}`,
    nearMiss: `${shop(
      'security.istio.io/v1',
      'AuthorizationPolicy',
      'deny-all',
      '{}',
    )}
---
${shop(
  'security.istio.io/v1',
  'AuthorizationPolicy',
  'web',
  '{ selector: { matchLabels: { app: web } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }] }] }',
)}`,
  },
  MP2003: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopExposed,
    nearMiss: `${shopExposed}
---
${shop(
  'security.istio.io/v1',
  'AuthorizationPolicy',
  'require-jwt',
  "{ selector: { matchLabels: { app: web } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] }",
)}`,
  },
  MP2004: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shop(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      'default-deny',
      '{ podSelector: { matchLabels: { app: web } }, policyTypes: [Ingress] }',
    ),
    nearMiss: shop(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      'default-deny',
      '{ podSelector: {}, policyTypes: [Ingress] }',
    ),
  },
  MP2005: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopRoute('retries: { attempts: 2, perTryTimeout: 1s }'),
    nearMiss: shopRoute(
      'timeout: 2s, retries: { attempts: 2, perTryTimeout: 1s }',
    ),
  },
  MP2006: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopRoute(
      'timeout: 2s, retries: { attempts: 4, perTryTimeout: 1s }',
    ),
    nearMiss: shopRoute(
      'timeout: 2s, retries: { attempts: 3, perTryTimeout: 1s }',
    ),
  },
  MP2007: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopTrafficPolicy(
      '{ connectionPool: { tcp: { maxConnections: 100 } } }',
    ),
    nearMiss: shopTrafficPolicy(
      '{ connectionPool: { tcp: { maxConnections: 100 } }, outlierDetection: { consecutive5xxErrors: 5 } }',
    ),
  },
  MP2008: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopCanary(
      '[{ name: request-success-rate, thresholdRange: { min: 99 }, interval: 1m }]',
    ),
    nearMiss: shopCanary(gates),
  },
  MP2009: {
    emitter: 'analyzer',
    world: oneServiceWorld,
    trigger: shopSlo('api'),
    nearMiss: shopSlo('web'),
  },
};

/** What the emitter of a case reports for the input, and the compliance verdicts when it is the analyzer. */
async function emit(
  ruleCase: RuleCase,
  input: string,
): Promise<{
  codes: string[];
  verdicts: Array<{ code: string; passed: boolean }>;
}> {
  if (ruleCase.emitter === 'parser') {
    const { findings } = parseManifests(input, 'case.yaml');
    return { codes: findings.map(f => f.code), verdicts: [] };
  }
  if (ruleCase.emitter === 'loader') {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-rules-'));
    writeFileSync(
      join(dir, 'present.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n',
    );
    const { findings } = await loadManifests([join(dir, input)]);
    return { codes: findings.map(f => f.code), verdicts: [] };
  }
  const parsed = parseManifests(
    `${ruleCase.world ?? baseWorld}\n---\n${input}`,
    'world.yaml',
  );
  if (parsed.findings.length > 0)
    throw new Error(`Case YAML does not parse: ${parsed.findings[0].message}`);
  const analyzer = await createAnalyzer();
  const result = analyzer.analyze(parsed.objects, ruleCase.options);
  return {
    codes: result.findings.map(f => f.code),
    verdicts: result.compliance,
  };
}

describe('the rule catalogue is covered', () => {
  it('every code of the catalogue has a trigger and a near miss', () => {
    expect(Object.keys(cases).sort()).toEqual([...MESH_RULE_CODES].sort());
    expect(Object.keys(MESH_RULES).sort()).toEqual([...MESH_RULE_CODES].sort());
    for (const code of MESH_RULE_CODES) {
      expect(cases[code]?.trigger).toBeTruthy();
      expect(cases[code]?.nearMiss).toBeTruthy();
      expect(cases[code].nearMiss).not.toBe(cases[code].trigger);
    }
  });

  it.each(MESH_RULE_CODES.map(code => [code, cases[code]?.emitter]))(
    '%s: the %s reports it for the trigger and not for the near miss',
    async code => {
      const ruleCase = cases[code as MeshRuleCode];
      const trigger = await emit(ruleCase, ruleCase.trigger);
      const nearMiss = await emit(ruleCase, ruleCase.nearMiss);
      expect(trigger.codes).toContain(code);
      expect(nearMiss.codes).not.toContain(code);
      // A compliance rule fails the trigger and passes the near miss: it applied.
      const compliance =
        MESH_RULES[code as MeshRuleCode].category === 'compliance';
      const verdicts = (run: typeof trigger) =>
        run.verdicts.filter(v => v.code === code).map(v => v.passed);
      expect(verdicts(trigger).includes(false)).toBe(compliance);
      expect(verdicts(nearMiss)).toEqual(compliance ? [true] : []);
    },
  );
});

/**
 * Rules whose verdict depends on the platform's settings or on how a field is
 * written: each variant has its own trigger and near miss.
 */
const variants: Array<[MeshRuleCode, string, RuleCase]> = [
  [
    'MP1405',
    'with mesh.slo.alertSeverities mapping pages to page and tickets to ticket',
    {
      emitter: 'analyzer',
      options: {
        telemetry: { alertSeverities: { page: 'page', ticket: 'ticket' } },
      },
      trigger: sloAlert('slo:errors:ratio_rate1h > 0.0144', 'pager'),
      nearMiss: sloAlert('slo:errors:ratio_rate1h > 0.0144', 'page'),
    },
  ],
  [
    'MP1406',
    'with mesh.slo.grpcFailureCodes counting RESOURCE_EXHAUSTED too',
    {
      emitter: 'analyzer',
      options: {
        telemetry: {
          grpcFailureCodes: ['UNAVAILABLE', 'INTERNAL', 'RESOURCE_EXHAUSTED'],
        },
      },
      trigger: sloRecord(
        'destination_workload="reviews-v1",grpc_response_status=~"5|8|13|14"',
      ),
      nearMiss: sloRecord(
        'destination_workload="reviews-v1",grpc_response_status=~"8|13|14"',
      ),
    },
  ],
  [
    'MP1407',
    'on a PrometheusRule naming a Service with a grpc port',
    {
      emitter: 'analyzer',
      trigger: sloRecord(
        'destination_service_name="ratings",response_code=~"5.."',
      ),
      nearMiss: sloRecord(
        'destination_service_name="ratings",request_protocol="http",response_code=~"5.."',
      ),
    },
  ],
  [
    'MP1125',
    'on a route whose method regex is a plain alternation',
    {
      emitter: 'analyzer',
      world: oneServiceWorld,
      trigger: shopRoute(
        "match: [{ method: { regex: 'GET|POST' } }], retries: { attempts: 2, retryOn: '5xx' }",
      ),
      nearMiss: shopRoute(
        "match: [{ method: { regex: '^(GET|PUT)$' } }], retries: { attempts: 2, retryOn: '5xx' }",
      ),
    },
  ],
];

describe('rule variants', () => {
  it.each(variants)(
    '%s %s: reported for the trigger, not for the near miss',
    async (code, _why, ruleCase) => {
      expect((await emit(ruleCase, ruleCase.trigger)).codes).toContain(code);
      expect((await emit(ruleCase, ruleCase.nearMiss)).codes).not.toContain(
        code,
      );
    },
  );
});
