import {
  readGoldenPaths,
  worstCaseRetryMs,
  type MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';
import { ConfigReader } from '@backstage/config';
import { repositoryGoldenPaths } from '../__testUtils__/workspace';
import { toSpec } from '../actions/toSpec';
import { buildManifests, type ManifestFile } from './buildManifests';
import { Manifest } from './common';
import { workloadLabelsComponent } from './workloadLabels';
import { parse } from 'yaml';

// What the generated objects do once Flagger, Istio and Kubernetes act on them.
const goldenPaths = repositoryGoldenPaths();

const service = (input: Record<string, unknown>) =>
  toSpec(
    {
      goldenPath: 'tier-2',
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'http' }],
      callers: { serviceAccounts: ['storefront-web/storefront'] },
      ...input,
    },
    goldenPaths[(input.goldenPath as string) ?? 'tier-2'],
  );

const exposed = {
  mode: 'gateway',
  gateway: 'istio-system/public-gateway',
  hosts: ['shop.example.com'],
  jwt: {
    issuer: 'https://login.example.com/',
    jwksUri: 'https://login.example.com/.well-known/jwks.json',
  },
};

const objects = (files: ManifestFile[]) => files.flatMap(f => f.objects);
const all = (spec: MeshServiceSpec, kind: string) =>
  objects(buildManifests(spec)).filter(o => o.kind === kind) as Array<
    Manifest & { spec: any }
  >;
const one = (spec: MeshServiceSpec, kind: string, name?: string) =>
  all(spec, kind).find(o => !name || o.metadata.name === name)!;

const matches = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/** Pod labels of the workloads after Flagger: it renames its selector label on the primary and copies the rest. */
function podsAfterFlagger(spec: MeshServiceSpec) {
  const target = {
    app: spec.name,
    version: 'v1',
    'backstage.io/kubernetes-id': spec.name,
  };
  return {
    canary: target,
    primary: { ...target, app: `${spec.name}-primary` },
  };
}

/** The NetworkPolicy rules that select these pods, flattened to (namespace, port) pairs admitted. */
function admitted(spec: MeshServiceSpec, pod: Record<string, string>) {
  return all(spec, 'NetworkPolicy')
    .filter(np => matches(np.spec.podSelector.matchLabels, pod))
    .flatMap(np =>
      (np.spec.ingress ?? []).flatMap((rule: any) =>
        (rule.from ?? []).flatMap((from: any) =>
          (rule.ports ?? [{ port: 'any' }]).map(
            (p: any) =>
              `${
                from.namespaceSelector?.matchLabels?.[
                  'kubernetes.io/metadata.name'
                ] ?? JSON.stringify(from.podSelector ?? from.ipBlock)
              }:${p.port}`,
          ),
        ),
      ),
    );
}

describe('policies cover the workloads Flagger runs', () => {
  it.each(['canary', 'blue-green', 'ab-testing'])(
    '%s: the primary and the canary pods are selected by every policy',
    strategy => {
      const spec = service({ delivery: { strategy, abHeader: 'x-insider' } });
      const pods = podsAfterFlagger(spec);
      for (const kind of ['AuthorizationPolicy', 'PeerAuthentication']) {
        for (const policy of all(spec, kind).filter(p => p.spec.selector)) {
          expect(matches(policy.spec.selector.matchLabels, pods.primary)).toBe(
            true,
          );
          expect(matches(policy.spec.selector.matchLabels, pods.canary)).toBe(
            true,
          );
        }
      }
      expect(admitted(spec, pods.primary)).toContain('storefront-web:8080');
      expect(admitted(spec, pods.canary)).toContain('storefront-web:8080');
    },
  );
});

describe('NetworkPolicy', () => {
  it('admits Prometheus from the monitoring namespace on the sidecar scrape ports', () => {
    const pods = podsAfterFlagger(service({}));
    expect(admitted(service({}), pods.primary)).toEqual(
      expect.arrayContaining(['monitoring:15020', 'monitoring:15090']),
    );
  });

  it('takes the monitoring namespace from the platform', () => {
    const spec = service({});
    spec.platform = { ...spec.platform, monitoringNamespace: 'observability' };
    expect(admitted(spec, podsAfterFlagger(spec).primary)).toEqual(
      expect.arrayContaining(['observability:15020', 'observability:15090']),
    );
  });

  it.each(['sidecar', 'ambient'])(
    '%s: callers reach the pods on HBONE 15008 too',
    dataplane => {
      const spec = service({
        goldenPath: 'internal-tool',
        dataplane,
        ports: [{ port: 5432, protocol: 'tcp' }],
        delivery: { strategy: 'none' },
      });
      expect(admitted(spec, podsAfterFlagger(spec).primary)).toEqual(
        expect.arrayContaining(['storefront-web:5432', 'storefront-web:15008']),
      );
    },
  );

  it('exposed: admits the ingress gateway pods namespace, not the Gateway resource one, and still the mesh callers', () => {
    const spec = service({ exposure: exposed });
    const pods = podsAfterFlagger(spec).primary;
    expect(admitted(spec, pods)).toEqual(
      expect.arrayContaining(['istio-ingress:8080', 'storefront-web:8080']),
    );
    expect(admitted(spec, pods)).not.toContain('istio-system:8080');
  });
});

describe("Flagger's load tester", () => {
  it.each(['blue-green', 'ab-testing'])(
    '%s: the Canary runs the load test and the tester is admitted at L4 and L7',
    strategy => {
      const spec = service({ delivery: { strategy, abHeader: 'x-insider' } });
      const webhook = one(spec, 'Canary').spec.analysis.webhooks[0];
      expect(webhook).toMatchObject({
        type: 'rollout',
        url: 'http://flagger-loadtester.flagger-system/',
      });
      expect(webhook.metadata.cmd).toContain(
        strategy === 'ab-testing'
          ? "-H 'x-insider: insider' http://payments.payments:8080/"
          : 'http://payments-canary.payments:8080/',
      );
      expect(admitted(spec, podsAfterFlagger(spec).canary)).toContain(
        'flagger-system:8080',
      );
      expect(
        one(spec, 'AuthorizationPolicy', 'payments-callers').spec.rules,
      ).toContainEqual({
        from: [{ source: { namespaces: ['flagger-system'] } }],
      });
    },
  );

  it('a canary with traffic steps needs no load tester', () => {
    const spec = service({ delivery: { strategy: 'canary' } });
    expect(one(spec, 'Canary').spec.analysis.webhooks).toBeUndefined();
  });
});

describe('TCP services', () => {
  it('a TCP Canary says appProtocol tcp and carries no HTTP timeout or retries', () => {
    const canary = one(
      service({
        ports: [{ port: 5432, protocol: 'tcp' }],
        delivery: { strategy: 'canary' },
      }),
      'Canary',
    );
    expect(canary.spec.service).toMatchObject({ appProtocol: 'tcp' });
    expect(canary.spec.service.timeout).toBeUndefined();
    expect(canary.spec.service.retries).toBeUndefined();
  });

  it('a TCP service routed by Meshpath gets a TCP route, no HTTP one', () => {
    const route = one(
      service({
        ports: [{ port: 5432, protocol: 'tcp' }],
        delivery: { strategy: 'none' },
      }),
      'VirtualService',
    );
    expect(route.spec.http).toBeUndefined();
    expect(route.spec.tcp[0].route[0].destination.port).toEqual({
      number: 5432,
    });
  });

  it('refuses blue/green for a TCP-only service: nothing could drive it', () => {
    expect(() =>
      service({
        ports: [{ port: 5432, protocol: 'tcp' }],
        delivery: { strategy: 'blue-green' },
      }),
    ).toThrow('delivery.strategy: blue-green needs HTTP');
  });
});

describe('retries', () => {
  it.each(['canary', 'none'])(
    '%s: retryOn leaves out 5xx (which re-sends a slow POST) and retries 503 by status code',
    strategy => {
      const spec = service({ delivery: { strategy } });
      const retries =
        strategy === 'none'
          ? one(spec, 'VirtualService').spec.http[0].retries
          : one(spec, 'Canary').spec.service.retries;
      const conditions = retries.retryOn.split(',');
      expect(conditions).not.toContain('5xx');
      expect(conditions).not.toContain('reset');
      expect(conditions).not.toContain('gateway-error');
      expect(conditions).toEqual(
        expect.arrayContaining(['retriable-status-codes', '503']),
      );
    },
  );

  it.each(Object.keys(goldenPaths))(
    'golden path %s: every try and Envoy back-off fit inside the route timeout',
    name => {
      const spec = service({ goldenPath: name, delivery: undefined });
      const { attempts, perTryTimeout } = spec.trafficPolicy.retries;
      const timeout = parseFloat(spec.trafficPolicy.timeout) * 1000;
      expect(worstCaseRetryMs(attempts, perTryTimeout)).toBeLessThanOrEqual(
        timeout,
      );
    },
  );

  it('refuses a retry budget that does not fit the timeout, with the reason', () => {
    expect(() =>
      service({
        trafficPolicy: { retries: { attempts: 3, perTryTimeout: '2s' } },
      }),
    ).toThrow(
      "trafficPolicy.retries: 4 tries of 2s plus Envoy's back-off take up to 8275 ms, more than the 5s route timeout",
    );
  });
});

describe('strategy none', () => {
  it('routes to the host, never to a version subset the workload may not carry', () => {
    const spec = service({ delivery: { strategy: 'none' }, exposure: exposed });
    for (const route of all(spec, 'VirtualService'))
      for (const http of route.spec.http)
        for (const destination of http.route)
          expect(destination.destination.subset).toBeUndefined();
    expect(one(spec, 'DestinationRule').spec.subsets).toBeUndefined();
  });
});

describe('identity and exposure', () => {
  it('principals use the configured trust domain', () => {
    const platform = { trustDomain: 'prod.example.com' };
    const [preset] = Object.values(
      readGoldenPaths(
        new ConfigReader({
          mesh: {
            platform,
            goldenPaths: { 'tier-2': goldenPathsConfig('tier-2') },
          },
        }),
      ),
    );
    const spec = toSpec(
      {
        goldenPath: 'tier-2',
        name: 'payments',
        namespace: 'payments',
        ports: [{ port: 8080, protocol: 'http' }],
        callers: { serviceAccounts: ['storefront-web/storefront'] },
      },
      preset,
    );
    expect(
      one(spec, 'AuthorizationPolicy', 'payments-callers').spec.rules[0],
    ).toEqual({
      from: [
        {
          source: {
            principals: ['prod.example.com/ns/storefront-web/sa/storefront'],
          },
        },
      ],
    });
  });

  it('requires the JWT from the ingress gateway pods and passes the token on', () => {
    const spec = service({ exposure: exposed });
    expect(
      one(spec, 'AuthorizationPolicy', 'payments-require-jwt').spec.rules,
    ).toEqual([
      {
        from: [
          {
            source: {
              namespaces: ['istio-ingress'],
              requestPrincipals: ['https://login.example.com//*'],
            },
          },
        ],
      },
    ]);
    expect(
      one(spec, 'RequestAuthentication').spec.jwtRules[0].forwardOriginalToken,
    ).toBe(true);
  });

  it.each(['canary', 'none'])(
    '%s: the TLS credential is served by a Gateway the route binds to',
    strategy => {
      const spec = service({
        delivery: { strategy },
        exposure: { ...exposed, tlsCredential: 'shop-cert' },
      });
      expect(one(spec, 'Gateway').spec.servers[0].tls).toEqual({
        mode: 'SIMPLE',
        credentialName: 'shop-cert',
      });
      const gateways =
        strategy === 'none'
          ? one(spec, 'VirtualService', 'payments-ingress').spec.gateways
          : one(spec, 'Canary').spec.service.gateways;
      expect(gateways).toContain('payments/payments-ingress');
    },
  );

  it('maxConnections caps concurrent requests the same way on both paths', () => {
    const flagger = one(service({ delivery: { strategy: 'canary' } }), 'Canary')
      .spec.service.trafficPolicy.connectionPool;
    const routed = one(
      service({ delivery: { strategy: 'none' } }),
      'DestinationRule',
    ).spec.trafficPolicy.connectionPool;
    expect(routed).toEqual(flagger);
    expect(routed.http.http2MaxRequests).toBe(100);
  });
});

describe('the namespace', () => {
  it('a second service in the same namespace writes the same namespace file and no object of the first', () => {
    const first = buildManifests(service({}));
    const second = buildManifests(
      service({
        name: 'refunds',
        callers: { serviceAccounts: ['payments/payments'] },
      }),
    );
    const file = (files: ManifestFile[], name: string) =>
      files.find(f => f.name === name)!.objects;
    expect(file(second, 'namespace.yaml')).toEqual(
      file(first, 'namespace.yaml'),
    );
    const names = (files: ManifestFile[]) =>
      files
        .filter(f => f.name !== 'namespace.yaml')
        .flatMap(f => f.objects.map(o => `${o.kind}/${o.metadata.name}`));
    expect(names(second).filter(n => names(first).includes(n))).toEqual([]);
    for (const object of file(first, 'namespace.yaml'))
      expect(object.metadata.labels).not.toHaveProperty(
        'backstage.io/kubernetes-id',
      );
  });

  it.each(['istio-system', 'kube-system', 'kube-public', 'default'])(
    'refuses the platform namespace %s',
    namespace => {
      expect(() => service({ namespace })).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining(
            `namespace: "${namespace}" belongs to the platform`,
          ),
        }),
      );
    },
  );
});

describe('ambient', () => {
  const ambient = (input: Record<string, unknown> = {}) =>
    service({
      goldenPath: 'internal-tool',
      exposure: exposed,
      ...input,
    });

  it.each(['canary', 'none'])(
    '%s: L7 policy comes with the waypoint and binds to the Services',
    strategy => {
      const spec = ambient({ delivery: { strategy } });
      expect(one(spec, 'Gateway').spec.gatewayClassName).toBe('istio-waypoint');
      const jwt = one(spec, 'AuthorizationPolicy', 'payments-require-jwt');
      expect(jwt.spec.targetRefs).toBeDefined();
      expect(jwt.spec.selector).toBeUndefined();
    },
  );

  it('without Flagger the Service is enrolled in the waypoint', () => {
    const spec = ambient({ delivery: { strategy: 'none' } });
    const patch = parse(workloadLabelsComponent(spec)).patches[1];
    expect(parse(patch.patch).metadata.labels).toMatchObject({
      'istio.io/use-waypoint': 'waypoint',
    });
  });

  it('with Flagger the Canary enrols the Services Flagger creates', () => {
    const spec = ambient({ delivery: { strategy: 'canary' } });
    const { apex, primary, canary } = one(spec, 'Canary').spec.service;
    expect(
      [apex, primary, canary].map(m => m.labels['istio.io/use-waypoint']),
    ).toEqual(['waypoint', 'waypoint', 'waypoint']);
  });

  it('no sidecar-only objects: no injection label, no sidecar scrape ports', () => {
    const spec = ambient({ delivery: { strategy: 'none' } });
    expect(one(spec, 'Namespace').metadata.labels).not.toHaveProperty(
      'istio-injection',
    );
    expect(admitted(spec, podsAfterFlagger(spec).primary)).not.toContain(
      'monitoring:15020',
    );
  });
});

describe('the workload labels', () => {
  it('puts the portal label on the Deployment and its pods, never on the selector', () => {
    const component = parse(workloadLabelsComponent(service({})));
    expect(component.kind).toBe('Component');
    const deployment = parse(component.patches[0].patch);
    expect(deployment.spec.template.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'payments',
    });
    expect(deployment.spec.selector).toBeUndefined();
    // Flagger owns the Services of a service it delivers.
    expect(component.patches).toHaveLength(1);
  });
});

function goldenPathsConfig(name: string) {
  const preset = goldenPaths[name];
  const { platform: _platform, ...defaults } = preset.defaults;
  return { locked: preset.locked, defaults };
}
