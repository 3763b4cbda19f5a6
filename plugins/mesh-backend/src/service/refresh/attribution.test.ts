import type { Entity } from '@backstage/catalog-model';
import type { KubernetesObject } from '@meshpath/plugin-mesh-common';
import {
  Attribution,
  belongingTo,
  ClusterAttribution,
  EntityLocator,
  locateEntity,
  objectKey,
} from './attribution';

const ROOT = 'istio-system';

function entity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

function locator(e: Entity): EntityLocator {
  const located = locateEntity(e);
  if ('error' in located) throw new Error(located.error);
  return located.locator;
}

const obj = (
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  rest: Partial<KubernetesObject> & { labels?: Record<string, string> } = {},
): KubernetesObject => {
  const { labels, ...others } = rest;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
    },
    ...others,
  };
};

const id = (name: string) => ({ 'backstage.io/kubernetes-id': name });

/** `checkout` in `shop`: labelled Service and Deployment, an unlabelled second Service selecting it, a neighbour. */
function shopWorld(): KubernetesObject[] {
  return [
    obj('v1', 'Namespace', undefined, 'shop', {
      labels: { 'istio-injection': 'enabled' },
    }),
    obj('v1', 'Namespace', undefined, 'web'),
    obj('v1', 'Service', 'shop', 'checkout', {
      labels: id('checkout'),
      spec: { selector: { app: 'checkout' } },
    }),
    obj('apps/v1', 'Deployment', 'shop', 'checkout', {
      labels: id('checkout'),
      spec: { template: { metadata: { labels: { app: 'checkout' } } } },
    }),
    // Not labelled, but it selects checkout's pods: checkout owns it.
    obj('v1', 'Service', 'shop', 'checkout-headless', {
      spec: { selector: { app: 'checkout' } },
    }),
    // Labelled for checkout, owned by a ReplicaSet: owned, not a workload.
    obj('v1', 'Pod', 'shop', 'checkout-7d9f-abcde', {
      labels: { ...id('checkout'), app: 'checkout' },
      metadata: {
        name: 'checkout-7d9f-abcde',
        namespace: 'shop',
        labels: { ...id('checkout'), app: 'checkout' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'checkout-7d9f' }],
      },
    }),
    obj('v1', 'Service', 'shop', 'cart', {
      labels: id('cart'),
      spec: { selector: { app: 'cart' } },
    }),
    obj('apps/v1', 'Deployment', 'shop', 'cart', {
      labels: id('cart'),
      spec: { template: { metadata: { labels: { app: 'cart' } } } },
    }),
  ];
}

const names = (objects: KubernetesObject[]) =>
  objects
    .map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();

function attribute(
  world: KubernetesObject[],
  e: Entity,
): Attribution | undefined {
  return new ClusterAttribution(world, { rootNamespace: ROOT }).attribute(
    locator(e),
  );
}

describe('locateEntity', () => {
  it('reads kubernetes-id, else the entity name, as the Kubernetes backend does', () => {
    expect(locator(entity('checkout', id('co'))).selector).toEqual([
      { key: 'backstage.io/kubernetes-id', operator: 'in', values: ['co'] },
    ]);
    expect(locator(entity('checkout')).selector).toEqual([
      {
        key: 'backstage.io/kubernetes-id',
        operator: 'in',
        values: ['checkout'],
      },
    ]);
  });

  it('prefers the label-selector annotation and keeps the namespace annotation', () => {
    const l = locator(
      entity('checkout', {
        'backstage.io/kubernetes-id': 'ignored',
        'backstage.io/kubernetes-label-selector':
          'app in (checkout,checkout-v2),tier!=batch,!legacy',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
    );
    expect(l).toEqual({
      entityRef: 'component:default/checkout',
      namespace: 'shop',
      selector: [
        { key: 'app', operator: 'in', values: ['checkout', 'checkout-v2'] },
        { key: 'tier', operator: 'notin', values: ['batch'] },
        { key: 'legacy', operator: 'absent' },
      ],
    });
  });

  it.each([
    ['a selector that is not one', 'app=(x'],
    ['an injected value', 'app=a b'],
    ['a key with a slash path', '../../etc=x'],
    ['only negations, which would claim the cluster', '!legacy'],
    ['an overlong selector', `app=${'a,'.repeat(2000)}`],
  ])('refuses %s as that entity’s error', (_, selector) => {
    const located = locateEntity(
      entity('checkout', {
        'backstage.io/kubernetes-label-selector': selector,
      }),
    );
    expect(located).toEqual({
      error: expect.stringContaining('backstage.io/kubernetes-label-selector'),
    });
  });
});

describe('ClusterAttribution', () => {
  it('owns the labelled objects and the workloads and Services they select, not the neighbour’s', () => {
    const a = attribute(shopWorld(), entity('checkout'))!;
    expect(names(a.owned)).toEqual([
      'Deployment/shop/checkout',
      'Pod/shop/checkout-7d9f-abcde',
      'Service/shop/checkout',
      'Service/shop/checkout-headless',
    ]);
    expect(names(a.workloads)).toEqual(['Deployment/shop/checkout']);
    expect(a.hosts.sort()).toEqual([
      'checkout-headless.shop.svc.cluster.local',
      'checkout.shop.svc.cluster.local',
    ]);
    expect(a.namespaces).toEqual(['shop']);
    expect(names(a.about)).toEqual(['Namespace//shop']);
  });

  it('owns the workloads a labelled Service selects', () => {
    const world = [
      obj('v1', 'Service', 'shop', 'checkout', {
        labels: id('checkout'),
        spec: { selector: { app: 'checkout' } },
      }),
      obj('apps/v1', 'StatefulSet', 'shop', 'checkout-db-less', {
        spec: { template: { metadata: { labels: { app: 'checkout' } } } },
      }),
      // Same labels in another namespace: a Service selects only its own namespace.
      obj('apps/v1', 'Deployment', 'other', 'checkout', {
        spec: { template: { metadata: { labels: { app: 'checkout' } } } },
      }),
    ];
    expect(names(attribute(world, entity('checkout'))!.workloads)).toEqual([
      'StatefulSet/shop/checkout-db-less',
    ]);
  });

  it('gives nothing for an entity with no object in the cluster', () => {
    expect(attribute(shopWorld(), entity('payments'))).toBeUndefined();
  });

  it('keeps to the namespace the entity names', () => {
    const world = [
      ...shopWorld(),
      obj('v1', 'Service', 'staging', 'checkout', {
        labels: id('checkout'),
        spec: { selector: { app: 'checkout' } },
      }),
    ];
    const all = attribute(world, entity('checkout'))!;
    expect(all.namespaces).toEqual(['shop', 'staging']);
    const onlyShop = attribute(
      world,
      entity('checkout', { 'backstage.io/kubernetes-namespace': 'shop' }),
    )!;
    expect(onlyShop.namespaces).toEqual(['shop']);
    expect(names(onlyShop.owned)).not.toContain('Service/staging/checkout');
  });

  it('matches set-based selectors and ignores labels inherited from Object.prototype', () => {
    const world = [
      obj('v1', 'Service', 'shop', 'a', {
        labels: { team: 'red', tier: 'web' },
      }),
      obj('v1', 'Service', 'shop', 'b', {
        labels: { team: 'blue', tier: 'web' },
      }),
      obj('v1', 'Service', 'shop', 'c', {
        labels: { team: 'red', tier: 'web', legacy: 'yes' },
      }),
    ];
    const a = attribute(
      world,
      entity('web', {
        'backstage.io/kubernetes-label-selector':
          'team in (red,green),tier=web,!legacy',
      }),
    )!;
    expect(names(a.owned)).toEqual(['Service/shop/a']);
    expect(
      attribute(
        world,
        entity('proto', {
          'backstage.io/kubernetes-label-selector': 'constructor=x,team=red',
        }),
      ),
    ).toBeUndefined();
  });

  describe('policies that cover the entity', () => {
    const policy = (
      kind: string,
      namespace: string,
      name: string,
      spec: unknown = {},
      apiVersion = 'security.istio.io/v1',
    ) => obj(apiVersion, kind, namespace, name, { spec });
    const covered = (extra: KubernetesObject[]) =>
      names(
        attribute([...shopWorld(), ...extra], entity('checkout'))!.coveredBy,
      );

    it('covers with an unlabelled namespace-wide allow-all policy of its namespace', () => {
      expect(
        covered([
          policy('AuthorizationPolicy', 'shop', 'allow-all', {
            rules: [{}],
          }),
          policy('AuthorizationPolicy', 'web', 'allow-all', { rules: [{}] }),
        ]),
      ).toEqual(['AuthorizationPolicy/shop/allow-all']);
    });

    it('covers with the root namespace’s mesh-wide policies', () => {
      expect(
        covered([
          policy('PeerAuthentication', ROOT, 'default', {
            mtls: { mode: 'STRICT' },
          }),
        ]),
      ).toEqual(['PeerAuthentication/istio-system/default']);
    });

    it('covers with workload policies whose selector matches its pods, only in their namespace', () => {
      expect(
        covered([
          policy('PeerAuthentication', 'shop', 'checkout-port', {
            selector: { matchLabels: { app: 'checkout' } },
            portLevelMtls: { 8080: { mode: 'DISABLE' } },
          }),
          policy('AuthorizationPolicy', 'shop', 'cart-only', {
            selector: { matchLabels: { app: 'cart' } },
          }),
          policy('AuthorizationPolicy', 'web', 'same-labels-elsewhere', {
            selector: { matchLabels: { app: 'checkout' } },
          }),
          policy(
            'Sidecar',
            'shop',
            'checkout-egress',
            { workloadSelector: { labels: { app: 'checkout' } } },
            'networking.istio.io/v1',
          ),
        ]),
      ).toEqual([
        'PeerAuthentication/shop/checkout-port',
        'Sidecar/shop/checkout-egress',
      ]);
    });

    it('covers with a root-namespace AuthorizationPolicy whose selector matches, in every namespace', () => {
      expect(
        covered([
          policy('AuthorizationPolicy', ROOT, 'deny-legacy', {
            action: 'DENY',
            selector: { matchLabels: { app: 'checkout' } },
          }),
          // A workload PeerAuthentication in the root namespace is that namespace's only.
          policy('PeerAuthentication', ROOT, 'root-workload', {
            selector: { matchLabels: { app: 'checkout' } },
          }),
        ]),
      ).toEqual(['AuthorizationPolicy/istio-system/deny-legacy']);
    });

    it('covers with policies targeting its Services (ambient waypoints), not others', () => {
      expect(
        covered([
          policy('AuthorizationPolicy', 'shop', 'waypoint-l7', {
            targetRefs: [{ kind: 'Service', group: '', name: 'checkout' }],
            rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
          }),
          policy('AuthorizationPolicy', 'shop', 'cart-waypoint', {
            targetRefs: [{ kind: 'Service', group: '', name: 'cart' }],
          }),
        ]),
      ).toEqual(['AuthorizationPolicy/shop/waypoint-l7']);
    });

    it('covers with NetworkPolicies of its namespace that select its pods', () => {
      const np = (name: string, podSelector: unknown) =>
        policy(
          'NetworkPolicy',
          'shop',
          name,
          { podSelector },
          'networking.k8s.io/v1',
        );
      expect(
        covered([
          np('default-deny', {}),
          np('checkout-in', {
            matchExpressions: [
              { key: 'app', operator: 'In', values: ['checkout'] },
            ],
          }),
          np('cart-in', { matchLabels: { app: 'cart' } }),
        ]),
      ).toEqual([
        'NetworkPolicy/shop/checkout-in',
        'NetworkPolicy/shop/default-deny',
      ]);
    });
  });

  it('counts objects about its hosts and workloads: a cross-namespace gateway route, DestinationRules, HTTPRoutes, Canaries', () => {
    const world = [
      ...shopWorld(),
      obj('networking.istio.io/v1', 'VirtualService', ROOT, 'public', {
        spec: {
          hosts: ['shop.example.com'],
          gateways: ['public-gateway'],
          http: [
            {
              route: [
                { destination: { host: 'checkout.shop.svc.cluster.local' } },
              ],
            },
          ],
        },
      }),
      obj('networking.istio.io/v1', 'Gateway', ROOT, 'public-gateway', {
        spec: { servers: [] },
      }),
      obj('networking.istio.io/v1', 'DestinationRule', 'shop', 'checkout', {
        spec: { host: 'checkout' },
      }),
      obj(
        'networking.istio.io/v1',
        'DestinationRule',
        'web',
        'checkout-from-web',
        {
          spec: { host: 'checkout.shop' },
        },
      ),
      obj(
        'networking.istio.io/v1',
        'DestinationRule',
        'web',
        'checkout-short',
        {
          // Short names resolve in the DestinationRule's own namespace: web, not shop.
          spec: { host: 'checkout' },
        },
      ),
      obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', 'to-checkout', {
        spec: {
          rules: [
            {
              backendRefs: [{ name: 'checkout', namespace: 'shop', port: 80 }],
            },
          ],
        },
      }),
      obj('flagger.app/v1beta1', 'Canary', 'shop', 'checkout', {
        spec: {
          targetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'checkout',
          },
        },
      }),
    ];
    expect(names(attribute(world, entity('checkout'))!.about)).toEqual([
      'Canary/shop/checkout',
      'DestinationRule/shop/checkout',
      'DestinationRule/web/checkout-from-web',
      'HTTPRoute/web/to-checkout',
      'Namespace//shop',
      'VirtualService/istio-system/public',
    ]);
  });

  it('resolves hosts as the engine does: name.namespace.svc is the Service too', () => {
    const world = [
      ...shopWorld(),
      obj('networking.istio.io/v1', 'DestinationRule', 'web', 'checkout-svc', {
        spec: { host: 'checkout.shop.svc' },
      }),
    ];
    expect(names(attribute(world, entity('checkout'))!.about)).toContain(
      'DestinationRule/web/checkout-svc',
    );
  });

  it('keeps findings whose object it owns, is covered by or is about, whatever API version named it', () => {
    const world = [
      ...shopWorld(),
      obj('security.istio.io/v1', 'AuthorizationPolicy', 'shop', 'allow-all', {
        spec: { rules: [{}] },
      }),
    ];
    const a = attribute(world, entity('checkout'))!;
    const finding = (
      apiVersion: string,
      kind: string,
      namespace: string | undefined,
      name: string,
    ) => ({
      code: kind,
      object: { apiVersion, kind, ...(namespace ? { namespace } : {}), name },
    });
    const findings = [
      finding('v1', 'Service', 'shop', 'checkout'),
      finding(
        'security.istio.io/v1beta1',
        'AuthorizationPolicy',
        'shop',
        'allow-all',
      ),
      finding('v1', 'Namespace', undefined, 'shop'),
      finding('v1', 'Service', 'shop', 'cart'),
      finding('v1', 'Namespace', undefined, 'web'),
      { code: 'no-object', object: undefined },
    ];
    expect(
      belongingTo(
        findings,
        f => f.object,
        ClusterAttribution.findingKeys(a),
      ).map(f => `${f.code}/${f.object!.name}`),
    ).toEqual([
      'Service/checkout',
      'AuthorizationPolicy/allow-all',
      'Namespace/shop',
    ]);
  });

  it('keys objects without a namespace in default, as the engine does', () => {
    expect(objectKey(obj('v1', 'Service', undefined, 'x'))).toBe(
      objectKey({
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'default',
        name: 'x',
      }),
    );
  });
});
