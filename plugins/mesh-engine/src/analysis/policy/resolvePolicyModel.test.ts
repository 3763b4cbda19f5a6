import type { PolicyModel, WorkloadPolicy } from '@meshpath/plugin-mesh-common';
import { parseManifests } from '../../manifests/parseManifests';
import { createAnalyzer } from '../analyzer';
import { evaluateAuthorization } from './evaluateAuthorization';
import { resolvePolicyModel } from './resolvePolicyModel';

/** Namespace `shop` (sidecar injection) with Service `cart` (port 80 → 8080, 9090) and Deployment `cart`. */
const shop = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Namespace
metadata: { name: web, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec:
  selector: { app: cart }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
    - { name: grpc, port: 9090, targetPort: grpc }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec:
      serviceAccountName: cart
      containers:
        - name: cart
          image: cart:1
          ports: [{ containerPort: 8080 }, { name: grpc, containerPort: 9091 }]
`;

function model(extra: string, world = shop): PolicyModel {
  const parsed = parseManifests(`${world}\n---\n${extra}`, 'world.yaml');
  if (parsed.findings.length > 0)
    throw new Error(`Test YAML does not parse: ${parsed.findings[0].message}`);
  return resolvePolicyModel(parsed.objects, { rootNamespace: 'istio-system' });
}

function workload(policy: PolicyModel, name = 'cart'): WorkloadPolicy {
  const found = policy.workloads.find(w => w.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

const port = (w: WorkloadPolicy, number: number) => {
  const found = w.ports.find(p => p.port === number);
  if (!found) throw new Error(`no port ${number} on ${w.name}`);
  return found;
};

const policy = (name: string, spec: string, namespace = 'shop') => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}
`;

const peerAuthentication = (name: string, spec: string, namespace = 'shop') => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}
`;

const web = 'cluster.local/ns/web/sa/frontend';

const docs = (...parts: string[]) => parts.join('\n---\n');

describe('authorization as Istio evaluates it', () => {
  it('shows an ALLOW rule {} as allow-all and lets any caller in (the old view said "nobody")', () => {
    const authz = workload(
      model(policy('allow-all', '{ rules: [{}] }')),
    ).authorization;
    expect(authz.outcome).toBe('allow-all');
    expect(authz.allow[0].rules[0]).toMatchObject({
      matchesAll: true,
      text: 'any request',
    });
    expect(evaluateAuthorization(authz, { principal: web })).toMatchObject({
      verdict: 'allow',
      decidedBy: { name: 'allow-all' },
    });
  });

  it('near miss: an empty spec denies every caller', () => {
    const authz = workload(model(policy('deny-all', '{}'))).authorization;
    expect(authz.outcome).toBe('deny-all');
    expect(evaluateAuthorization(authz, { principal: web }).verdict).toBe(
      'deny',
    );
  });

  it('near miss: no policy lets everyone in', () => {
    const authz = workload(model('')).authorization;
    expect(authz.outcome).toBe('no-policy');
    expect(evaluateAuthorization(authz, {}).verdict).toBe('allow');
  });

  it('evaluates DENY before ALLOW', () => {
    const authz = workload(
      model(
        docs(
          policy('allow-all', '{ rules: [{}] }'),
          policy(
            'deny-web',
            '{ action: DENY, rules: [{ from: [{ source: { namespaces: [web] } }] }] }',
          ),
        ),
      ),
    ).authorization;
    expect(authz.outcome).toBe('restricted');
    expect(evaluateAuthorization(authz, { principal: web })).toMatchObject({
      verdict: 'deny',
      decidedBy: { name: 'deny-web' },
    });
    expect(
      evaluateAuthorization(authz, {
        principal: 'cluster.local/ns/shop/sa/checkout',
      }),
    ).toMatchObject({ verdict: 'allow', decidedBy: { name: 'allow-all' } });
  });

  it('near miss: a DENY policy without rules matches nothing', () => {
    const authz = workload(
      model(
        docs(
          policy('allow-all', '{ rules: [{}] }'),
          policy('deny-nothing', '{ action: DENY }'),
        ),
      ),
    ).authorization;
    expect(authz.outcome).toBe('allow-all');
    expect(evaluateAuthorization(authz, { principal: web }).verdict).toBe(
      'allow',
    );
  });

  it('cannot know what a CUSTOM authorizer decides, but a DENY still denies', () => {
    const world = model(
      docs(
        policy(
          'ext-authz',
          '{ action: CUSTOM, provider: { name: opa }, rules: [{ to: [{ operation: { paths: ["/admin/*"] } }] }] }',
        ),
        policy(
          'deny-web',
          '{ action: DENY, rules: [{ from: [{ source: { namespaces: [web] } }] }] }',
        ),
      ),
    );
    const authz = workload(world).authorization;
    expect(authz.custom.map(p => p.provider)).toEqual(['opa']);
    const checkout = 'cluster.local/ns/shop/sa/checkout';
    const admin = evaluateAuthorization(authz, {
      principal: checkout,
      path: '/admin/users',
    });
    expect(admin.verdict).toBe('unknown');
    expect(admin.reason).toContain('opa');
    expect(
      evaluateAuthorization(authz, { principal: checkout, path: '/cart' })
        .verdict,
    ).toBe('allow');
    expect(
      evaluateAuthorization(authz, { principal: web, path: '/admin/users' })
        .verdict,
    ).toBe('deny');
  });

  it('summarises not forms, request principals and conditions, and evaluates them', () => {
    const authz = workload(
      model(
        docs(
          policy(
            'deny-others',
            '{ action: DENY, rules: [{ from: [{ source: { notPrincipals: ["cluster.local/ns/web/*"] } }] }] }',
          ),
          policy(
            'jwt',
            '{ rules: [{ from: [{ source: { requestPrincipals: ["*"] } }], to: [{ operation: { methods: [GET], ports: ["8080"] } }], when: [{ key: "request.headers[x-tenant]", values: [acme] }] }] }',
          ),
        ),
      ),
    ).authorization;
    expect(authz.deny[0].rules[0].from[0]).toEqual({
      notPrincipals: ['cluster.local/ns/web/*'],
    });
    expect(authz.allow[0].rules[0]).toMatchObject({
      l7: true,
      text: 'from requestPrincipals * → to ports 8080 and methods GET → when request.headers[x-tenant] in acme',
    });
    // notPrincipals: everyone outside web is denied, plaintext too (no principal is "not" web).
    expect(
      evaluateAuthorization(authz, {
        principal: 'cluster.local/ns/shop/sa/checkout',
      }).verdict,
    ).toBe('deny');
    expect(evaluateAuthorization(authz, { mtls: false }).verdict).toBe('deny');
    // From web, the ALLOW needs a token and a header the telemetry does not carry.
    const observed = evaluateAuthorization(authz, {
      principal: web,
      port: 8080,
    });
    expect(observed.verdict).toBe('unknown');
    expect(observed.reason).toContain('request principal (JWT)');
    expect(
      evaluateAuthorization(authz, {
        principal: web,
        port: 8080,
        method: 'GET',
        requestPrincipal: 'https://idp/alice',
      }).verdict,
    ).toBe('unknown');
    // A request the L4 attributes already rule out is decided.
    expect(
      evaluateAuthorization(authz, { principal: web, port: 9091 }).verdict,
    ).toBe('deny');
  });

  it('decides when conditions on keys the request carries', () => {
    const authz = workload(
      model(
        policy(
          'from-web',
          '{ rules: [{ when: [{ key: source.namespace, values: [web] }, { key: source.ip, notValues: ["10.0.0.0/8"] }] }] }',
        ),
      ),
    ).authorization;
    expect(
      evaluateAuthorization(authz, { principal: web, ipBlock: '192.168.1.5' })
        .verdict,
    ).toBe('allow');
    expect(
      evaluateAuthorization(authz, { principal: web, ipBlock: '10.1.2.3' })
        .verdict,
    ).toBe('deny');
    expect(evaluateAuthorization(authz, { principal: web }).verdict).toBe(
      'unknown',
    );
  });

  it('applies root-namespace policies mesh-wide, with a selector in every namespace', () => {
    const world = model(
      docs(
        policy('mesh-deny-all', '{}', 'istio-system'),
        policy(
          'carts-everywhere',
          '{ selector: { matchLabels: { app: cart } }, rules: [{ from: [{ source: { namespaces: [web] } }] }] }',
          'istio-system',
        ),
        policy('elsewhere', '{ rules: [{}] }', 'web'),
      ),
    );
    const authz = workload(world).authorization;
    expect(authz.allow.map(p => [p.ref.name, p.scope])).toEqual([
      ['mesh-deny-all', 'mesh'],
      ['carts-everywhere', 'workload'],
    ]);
    expect(authz.outcome).toBe('restricted');
    expect(evaluateAuthorization(authz, { principal: web }).verdict).toBe(
      'allow',
    );
  });
});

describe('mTLS per workload port', () => {
  it('resolves port-level PERMISSIVE on the target port under a namespace STRICT', () => {
    const cart = workload(
      model(
        docs(
          peerAuthentication('default', '{ mtls: { mode: STRICT } }'),
          peerAuthentication(
            'cart-legacy',
            '{ selector: { matchLabels: { app: cart } }, mtls: { mode: UNSET }, portLevelMtls: { 8080: { mode: PERMISSIVE } } }',
          ),
        ),
      ),
    );
    expect(cart.mtls).toEqual({
      mode: 'STRICT',
      decidedBy: {
        level: 'namespace',
        ref: expect.objectContaining({ name: 'default' }),
      },
    });
    expect(port(cart, 8080)).toMatchObject({
      mode: 'PERMISSIVE',
      decidedBy: { level: 'port', ref: { name: 'cart-legacy' } },
      servicePorts: ['shop/cart:80'],
    });
    expect(port(cart, 9091)).toMatchObject({
      mode: 'STRICT',
      decidedBy: { level: 'namespace' },
      name: 'grpc',
      servicePorts: ['shop/cart:9090'],
    });
  });

  it('near miss: portLevelMtls keyed by the Service port leaves the target port STRICT', () => {
    const cart = workload(
      model(
        docs(
          peerAuthentication('default', '{ mtls: { mode: STRICT } }'),
          peerAuthentication(
            'cart-legacy',
            '{ selector: { matchLabels: { app: cart } }, portLevelMtls: { 80: { mode: PERMISSIVE } } }',
          ),
        ),
      ),
    );
    expect(port(cart, 8080).mode).toBe('STRICT');
  });

  it('uses the mesh-wide policy of the root namespace, and ignores one with a selector there', () => {
    const strict = workload(
      model(
        peerAuthentication(
          'default',
          '{ mtls: { mode: STRICT } }',
          'istio-system',
        ),
      ),
    );
    expect(strict.mtls.decidedBy.level).toBe('mesh');
    expect(port(strict, 8080).mode).toBe('STRICT');

    const ignored = workload(
      model(
        peerAuthentication(
          'cart',
          '{ selector: { matchLabels: { app: cart } }, mtls: { mode: STRICT } }',
          'istio-system',
        ),
      ),
    );
    expect(ignored.mtls).toEqual({
      mode: 'PERMISSIVE',
      decidedBy: { level: 'default' },
    });
    expect(ignored.conflicts.map(c => c.message)).toEqual([
      expect.stringContaining('root namespace, which Istio ignores'),
    ]);
  });

  it('near miss: another namespace’s policy does not apply', () => {
    const cart = workload(
      model(peerAuthentication('default', '{ mtls: { mode: STRICT } }', 'web')),
    );
    expect(cart.mtls.mode).toBe('PERMISSIVE');
  });

  it('reports a DestinationRule sending plaintext to a STRICT port as a conflict', () => {
    const destinationRule = (mode: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: cart, namespace: shop }
spec: { host: cart, trafficPolicy: { tls: { mode: ${mode} } } }
`;
    const strict = peerAuthentication('default', '{ mtls: { mode: STRICT } }');
    const conflicted = port(
      workload(model(`${strict}---${destinationRule('DISABLE')}`)),
      8080,
    );
    expect(conflicted.clientTls).toEqual({
      mode: 'DISABLE',
      decidedBy: expect.objectContaining({
        kind: 'DestinationRule',
        name: 'cart',
      }),
    });
    expect(conflicted.conflicts).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('requires mTLS (STRICT)'),
      }),
    ]);
    // Near misses: Istio mTLS towards STRICT, or plaintext towards PERMISSIVE.
    const agreed = port(
      workload(model(`${strict}---${destinationRule('ISTIO_MUTUAL')}`)),
      8080,
    );
    expect(agreed.conflicts).toEqual([]);
    expect(
      port(workload(model(destinationRule('DISABLE'))), 8080).conflicts,
    ).toEqual([]);
    // Without a DestinationRule, auto-mTLS.
    expect(port(workload(model(strict)), 8080).clientTls).toEqual({
      mode: 'ISTIO_MUTUAL',
      decidedBy: 'auto-mTLS',
    });
  });

  it('looks DestinationRules up in the Service namespace before the root namespace’s wildcard', () => {
    const rule = (
      name: string,
      namespace: string,
      host: string,
      mode: string,
    ) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec: { host: "${host}", trafficPolicy: { tls: { mode: ${mode} } } }
`;
    const meshWide = rule(
      'mesh-mtls',
      'istio-system',
      '*.local',
      'ISTIO_MUTUAL',
    );
    expect(port(workload(model(meshWide)), 8080).clientTls).toEqual({
      mode: 'ISTIO_MUTUAL',
      decidedBy: expect.objectContaining({ name: 'mesh-mtls' }),
    });
    const own = port(
      workload(model(docs(meshWide, rule('cart', 'shop', 'cart', 'DISABLE')))),
      8080,
    );
    expect(own.clientTls).toEqual({
      mode: 'DISABLE',
      decidedBy: expect.objectContaining({ name: 'cart' }),
    });
  });

  it('reports ISTIO_MUTUAL towards a workload without a sidecar, and a caller namespace’s own rule', () => {
    const world = `${shop}`.replace(
      '{ name: shop, labels: { istio-injection: enabled } }',
      '{ name: shop }',
    );
    const cart = workload(
      model(
        `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: cart, namespace: web }
spec: { host: cart.shop.svc.cluster.local, trafficPolicy: { tls: { mode: ISTIO_MUTUAL } } }
`,
        world,
      ),
    );
    expect(cart.dataplane).toBe('none');
    const http = port(cart, 8080);
    expect(http.clientTls).toEqual({ mode: 'DISABLE', decidedBy: 'auto-mTLS' });
    expect(http.clientTlsOverrides).toEqual([
      expect.objectContaining({ clientNamespace: 'web', mode: 'ISTIO_MUTUAL' }),
    ]);
    expect(http.conflicts.map(c => c.message)).toEqual([
      expect.stringMatching(/^for callers in web: .*has no sidecar/),
    ]);
  });
});

describe('ambient', () => {
  const ambient = (waypoint: boolean) =>
    shop
      .replace(
        '{ name: shop, labels: { istio-injection: enabled } }',
        `{ name: shop, labels: { istio.io/dataplane-mode: ambient${
          waypoint ? ', istio.io/use-waypoint: waypoint' : ''
        } } }`,
      )
      .concat(
        waypoint
          ? `
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: shop, labels: { istio.io/waypoint-for: service } }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
`
          : '',
      );
  const l7 = policy(
    'get-only',
    '{ targetRefs: [{ kind: Service, group: "", name: cart }], rules: [{ to: [{ operation: { methods: [GET] } }] }] }',
  );

  it('enforces a targetRefs policy at the waypoint that serves the Service', () => {
    const world = model(l7, ambient(true));
    const cart = workload(world);
    expect(cart.dataplane).toBe('ambient');
    expect(cart.authorization.allow).toEqual([
      expect.objectContaining({ scope: 'targetRefs', enforcement: 'waypoint' }),
    ]);
    const service = world.services.find(s => s.name === 'cart')!;
    expect(service.waypoint).toEqual({
      name: 'waypoint',
      namespace: 'shop',
      boundBy: 'namespace',
      found: true,
    });
    expect(
      evaluateAuthorization(cart.authorization, {
        principal: web,
        method: 'POST',
      }).verdict,
    ).toBe('deny');
  });

  it('near miss: without a waypoint the targetRefs policy is ignored and says so', () => {
    const world = model(l7, ambient(false));
    const cart = workload(world);
    expect(cart.authorization.allow).toEqual([
      expect.objectContaining({ enforcement: 'ignored-needs-waypoint' }),
    ]);
    expect(cart.authorization.outcome).toBe('no-policy');
    expect(
      evaluateAuthorization(cart.authorization, {
        principal: web,
        method: 'POST',
      }).verdict,
    ).toBe('allow');
    expect(world.services.find(s => s.name === 'cart')!.conflicts).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'no waypoint serves Service shop/cart',
        ),
      }),
    ]);
  });

  it('enforces selector policies in ztunnel, where an L7 ALLOW rule never matches', () => {
    const cart = workload(
      model(
        docs(
          policy(
            'l4',
            '{ selector: { matchLabels: { app: cart } }, rules: [{ from: [{ source: { namespaces: [web] } }] }] }',
          ),
          policy(
            'l7',
            '{ selector: { matchLabels: { app: cart } }, rules: [{ to: [{ operation: { methods: [GET] } }] }] }',
          ),
        ),
        ambient(false),
      ),
    );
    const [l4, l7Policy] = cart.authorization.allow;
    expect(l4.enforcement).toBe('ztunnel');
    expect(l7Policy).toMatchObject({
      enforcement: 'ztunnel',
      enforcementNote: expect.stringContaining('never match'),
    });
    // The GET from shop would pass a sidecar; ztunnel drops the L7 rule.
    expect(
      evaluateAuthorization(cart.authorization, {
        principal: 'cluster.local/ns/shop/sa/checkout',
        method: 'GET',
      }).verdict,
    ).toBe('deny');
    expect(
      evaluateAuthorization(cart.authorization, { principal: web }).verdict,
    ).toBe('allow');
  });

  it('treats PeerAuthentication DISABLE as PERMISSIVE in ambient', () => {
    const cart = workload(
      model(
        peerAuthentication('default', '{ mtls: { mode: DISABLE } }'),
        ambient(false),
      ),
    );
    expect(cart.mtls.mode).toBe('PERMISSIVE');
    expect(cart.conflicts[0].message).toContain(
      'ambient mode does not support',
    );
  });
});

describe('services', () => {
  it('maps each Service port through its targetPort to the workload port', () => {
    const service = model('').services.find(s => s.name === 'cart')!;
    expect(service.hosts).toEqual(['cart.shop.svc.cluster.local']);
    expect(
      service.ports.map(p => [p.port, p.targetPort, p.workloadPorts[0].port]),
    ).toEqual([
      [80, 8080, 8080],
      [9090, 'grpc', 9091],
    ]);
  });
});

describe('the analyzer', () => {
  it('returns the policy model with its findings', async () => {
    const parsed = parseManifests(
      `${shop}\n---\n${policy('allow-all', '{ rules: [{}] }')}`,
      'world.yaml',
    );
    const analyzer = await createAnalyzer();
    const result = analyzer.analyze(parsed.objects);
    expect(
      result.policy.workloads.map(w => [w.name, w.authorization.outcome]),
    ).toEqual([['cart', 'allow-all']]);
    expect(result.findings.length).toBeGreaterThan(0);
  });
});
