import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  KubernetesObject,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
import { parseManifests } from '@meshpath/mesh-engine';
import { computeDrift, type DriftLiveCluster } from './drift';

/** What the scaffolder's mesh:generate writes for each golden-path example. */
const GENERATED = resolve(
  __dirname,
  '../../../scaffolder-actions/src/actions/__expected__/generate',
);

function onboardingFolder(service: string): SourcedObject[] {
  const folder = join(GENERATED, service);
  // The files kubectl applies: the workload-labels folder is a kustomize Component for the service's own kustomization.
  return readdirSync(folder)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .flatMap(file => {
      const parsed = parseManifests(
        readFileSync(join(folder, file), 'utf8'),
        `mesh/${file}`,
      );
      return parsed.objects;
    });
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

let uid = 0;
/** An object as `kubectl apply` then Flux leave it: server fields, defaults, tool labels, status. */
function applied(object: KubernetesObject): KubernetesObject {
  const live = clone(object);
  uid += 1;
  live.metadata = {
    ...live.metadata,
    uid: `00000000-0000-0000-0000-${String(uid).padStart(12, '0')}`,
    resourceVersion: String(1000 + uid),
    generation: 1,
    creationTimestamp: '2025-01-01T00:00:00Z',
    managedFields: [
      {
        manager: 'kustomize-controller',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': {} },
      },
    ],
    labels: {
      ...live.metadata.labels,
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    },
    annotations: {
      ...live.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify(object),
    },
  };
  switch (live.kind) {
    case 'Namespace':
      live.metadata.labels = {
        ...live.metadata.labels,
        'kubernetes.io/metadata.name': live.metadata.name,
      };
      live.spec = { finalizers: ['kubernetes'] };
      live.status = { phase: 'Active' };
      break;
    case 'NetworkPolicy':
      // The API server defaults the protocol of every port.
      for (const rule of live.spec.ingress ?? []) {
        for (const port of rule.ports ?? []) port.protocol ??= 'TCP';
      }
      break;
    case 'Canary':
      live.status = {
        phase: 'Succeeded',
        canaryWeight: 0,
        failedChecks: 0,
        iterations: 0,
        lastAppliedSpec: '5d8f7c9b',
        conditions: [{ type: 'Promoted', status: 'True' }],
      };
      break;
    default:
      break;
  }
  return live;
}

const ownedByCanary = (name: string) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  name,
  uid: 'canary-uid',
  controller: true,
  blockOwnerDeletion: true,
});

/** The app's own workload and what Flagger generates for its Canary once it is initialised. */
function flaggerWorld(
  service: string,
  namespace: string,
  port: number,
): KubernetesObject[] {
  const labels = { 'backstage.io/kubernetes-id': service, app: service };
  const deployment = (name: string, replicas: number, owned: boolean) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels,
      ...(owned ? { ownerReferences: [ownedByCanary(service)] } : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: {} },
    },
    status: { readyReplicas: replicas },
  });
  const service_ = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      labels,
      ownerReferences: [ownedByCanary(service)],
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.0.0.1',
      ports: [{ name: 'http', port, protocol: 'TCP', targetPort: 'http' }],
      selector: { app: `${service}-primary` },
    },
  });
  return [
    // Scaled to zero by Flagger after the first promotion.
    deployment(service, 0, false),
    deployment(`${service}-primary`, 2, true),
    service_(service),
    service_(`${service}-primary`),
    service_(`${service}-canary`),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name: service,
        namespace,
        ownerReferences: [ownedByCanary(service)],
      },
      spec: {
        hosts: [service],
        http: [
          {
            route: [
              { destination: { host: `${service}-primary` }, weight: 100 },
              { destination: { host: `${service}-canary` }, weight: 0 },
            ],
          },
        ],
      },
    },
    // Flagger started with owner references off: only the name tells.
    ...['primary', 'canary'].map(suffix => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: `${service}-${suffix}`, namespace },
      spec: { host: `${service}-${suffix}` },
    })),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${service}-primary-7d9f8-abcde`,
        namespace,
        labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${service}-primary-7d9f8`,
            uid: 'rs',
            controller: true,
          },
        ],
      },
    },
  ];
}

function onboarded(
  service: string,
  namespace: string,
  port: number,
): { declared: SourcedObject[]; live: DriftLiveCluster[] } {
  const declared = onboardingFolder(service);
  return {
    declared,
    live: [
      {
        cluster: 'prod-eu',
        objects: [
          ...declared.map(d => applied(d.object)),
          ...flaggerWorld(service, namespace, port),
        ],
      },
    ],
  };
}

function edit(
  live: DriftLiveCluster[],
  kind: string,
  name: string,
  change: (object: KubernetesObject) => void,
) {
  const object = live[0].objects.find(
    o => o.kind === kind && o.metadata.name === name,
  );
  if (!object) throw new Error(`no live ${kind} ${name}`);
  change(object);
}

describe('computeDrift', () => {
  it.each([
    ['payments', 'payments', 8080],
    ['storefront', 'storefront-web', 80],
  ])(
    'reads clean right after onboarding %s, with server fields, defaults and Flagger objects live',
    (service, namespace, port) => {
      const { declared, live } = onboarded(service, namespace, port);
      const drift = computeDrift({
        declared,
        live,
        defaultNamespace: namespace,
      });

      expect(drift.declaredNotLive).toEqual([]);
      expect(drift.liveNotDeclared).toEqual([]);
      expect(drift.differing).toEqual([]);
      expect(drift.clusters).toEqual(['prod-eu']);
      expect(drift.comparedKinds).toEqual(
        expect.arrayContaining([
          'AuthorizationPolicy.security.istio.io',
          'Canary.flagger.app',
          'Namespace',
          'NetworkPolicy.networking.k8s.io',
          'PeerAuthentication.security.istio.io',
          'PrometheusRule.monitoring.coreos.com',
        ]),
      );
      // The folder holds only mesh manifests: the app's Deployment and Services are not compared.
      expect(drift.comparedKinds).not.toContain('Deployment.apps');
      expect(drift.comparedKinds).not.toContain('Service');
    },
  );

  it('lists a changed timeout and a changed port mode with both values and the file', () => {
    const { declared, live } = onboarded('payments', 'payments', 8080);
    edit(live, 'Canary', 'payments', c => {
      c.spec.service.timeout = '30s';
    });
    edit(live, 'PeerAuthentication', 'payments', p => {
      p.spec.portLevelMtls = { '8080': { mode: 'DISABLE' } };
    });
    edit(live, 'NetworkPolicy', 'payments-ingress', n => {
      n.spec.ingress[0].ports[0].port = 9090;
    });

    const drift = computeDrift({
      declared,
      live,
      defaultNamespace: 'payments',
    });

    expect(drift.declaredNotLive).toEqual([]);
    expect(drift.liveNotDeclared).toEqual([]);
    expect(drift.differing).toEqual([
      {
        object: {
          apiVersion: 'flagger.app/v1beta1',
          kind: 'Canary',
          namespace: 'payments',
          name: 'payments',
          cluster: 'prod-eu',
          source: { file: 'mesh/canary.yaml', line: 1 },
        },
        fields: [
          { path: 'spec.service.timeout', declared: '"5s"', live: '"30s"' },
        ],
      },
      {
        object: expect.objectContaining({
          kind: 'NetworkPolicy',
          name: 'payments-ingress',
          source: { file: 'mesh/networkpolicy.yaml', line: 1 },
        }),
        fields: [
          {
            path: 'spec.ingress[0].ports[0].port',
            declared: '8080',
            live: '9090',
          },
        ],
      },
      {
        object: expect.objectContaining({
          kind: 'PeerAuthentication',
          name: 'payments',
        }),
        // Istio's CRDs have no defaults: a port-level mode only live was set by hand.
        fields: [
          {
            path: 'spec.portLevelMtls',
            live: '{"8080":{"mode":"DISABLE"}}',
          },
        ],
      },
    ]);
  });

  it('never lists a live object of a kind the folder does not hold, nor one outside its namespaces', () => {
    const { declared, live } = onboarded('payments', 'payments', 8080);
    const labels = { 'backstage.io/kubernetes-id': 'payments' };
    live[0].objects = [
      ...live[0].objects,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'payments-worker', namespace: 'payments', labels },
        spec: {},
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'payments-metrics', namespace: 'payments', labels },
        spec: {},
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'hotfix', namespace: 'payments', labels },
        spec: { action: 'ALLOW', rules: [{}] },
      },
    ];

    const drift = computeDrift({
      declared,
      live,
      defaultNamespace: 'payments',
    });

    expect(drift.liveNotDeclared).toEqual([
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        namespace: 'payments',
        name: 'hotfix',
        cluster: 'prod-eu',
      },
    ]);
    expect(drift.differing).toEqual([]);
  });

  it('neither compares nor reports what Flagger generates, even when Git also declares it', () => {
    const { declared, live } = onboarded('storefront', 'storefront-web', 80);
    const virtualService: KubernetesObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'storefront', namespace: 'storefront-web' },
      spec: { hosts: ['storefront'], http: [{ timeout: '1s' }] },
    };
    const destinationRule: KubernetesObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'storefront-tls', namespace: 'storefront-web' },
      spec: {
        host: 'storefront',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      },
    };
    const drift = computeDrift({
      declared: [
        ...declared,
        { object: virtualService, source: { file: 'mesh/vs.yaml', line: 1 } },
        { object: destinationRule, source: { file: 'mesh/dr.yaml', line: 1 } },
      ],
      live,
      defaultNamespace: 'storefront-web',
    });

    // The VirtualService is Flagger's; only the hand-written DestinationRule is missing.
    expect(drift.differing).toEqual([]);
    expect(drift.liveNotDeclared).toEqual([]);
    expect(drift.declaredNotLive).toEqual([
      expect.objectContaining({
        kind: 'DestinationRule',
        name: 'storefront-tls',
        cluster: 'prod-eu',
        source: { file: 'mesh/dr.yaml', line: 1 },
      }),
    ]);
    expect(drift.generated.map(g => `${g.kind}/${g.name}`).sort()).toEqual([
      'DestinationRule/storefront-canary',
      'DestinationRule/storefront-primary',
      'VirtualService/storefront',
    ]);
  });

  it('takes quantities, numbers in strings and defaults of built-in kinds as the API server stores them', () => {
    const deployment: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'checkout' } },
        template: {
          metadata: { labels: { app: 'checkout' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'checkout:1.10',
                ports: [{ containerPort: '8080' }],
                resources: {
                  requests: { cpu: 0.5, memory: '1024Mi' },
                  limits: { cpu: '1', memory: '1Gi' },
                },
              },
            ],
          },
        },
      },
    };
    const live = applied(deployment);
    Object.assign(live.spec, {
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
    });
    live.spec.template.metadata.creationTimestamp = null;
    Object.assign(live.spec.template.spec, {
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    Object.assign(live.spec.template.spec.containers[0], {
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      resources: {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: '1', memory: '1Gi' },
      },
    });
    live.metadata.annotations!['deployment.kubernetes.io/revision'] = '4';
    const input = {
      declared: [{ object: deployment }],
      live: [{ cluster: 'c', objects: [live] }],
    };

    expect(computeDrift(input).differing).toEqual([]);

    // A sidecar added by hand: Git declares the list of containers completely.
    live.spec.template.spec.containers.push({
      name: 'debug',
      image: 'busybox',
    });
    live.spec.template.spec.containers[0].image = 'checkout:1.1';
    expect(computeDrift(input).differing[0].fields).toEqual([
      {
        path: 'spec.template.spec.containers[0].image',
        declared: '"checkout:1.10"',
        live: '"checkout:1.1"',
      },
      {
        path: 'spec.template.spec.containers[1]',
        live: '{"name":"debug","image":"busybox"}',
      },
    ]);
  });

  it('counts a label added to a selector, but not labels tools add to metadata', () => {
    const policy: KubernetesObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'callers',
        namespace: 'shop',
        labels: { team: 'shop', 'app.kubernetes.io/instance': 'shop' },
      },
      spec: { podSelector: { matchLabels: { app: 'checkout' } } },
    };
    const live = applied(policy);
    live.metadata.labels!['app.kubernetes.io/instance'] = 'argocd-shop-app';
    live.metadata.annotations!['argocd.argoproj.io/tracking-id'] = 'shop:x';
    live.spec.podSelector.matchLabels.tier = 'canary';

    const drift = computeDrift({
      declared: [{ object: policy }],
      live: [{ cluster: 'c', objects: [live] }],
    });

    expect(drift.differing[0].fields).toEqual([
      { path: 'spec.podSelector.matchLabels.tier', live: '"canary"' },
    ]);
  });

  it('compares Istio kinds exactly: a field only the live copy has is drift', () => {
    const declared: KubernetesObject = {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'checkout' },
      spec: {
        hosts: ['checkout'],
        http: [{ route: [{ destination: { host: 'checkout' } }] }],
      },
    };
    const live = applied({
      ...clone(declared),
      apiVersion: 'networking.istio.io/v1',
    });
    live.metadata.namespace = 'shop';
    live.spec.http[0].retries = { attempts: 10 };

    const drift = computeDrift({
      declared: [{ object: declared }],
      live: [{ cluster: 'c', objects: [live] }],
      defaultNamespace: 'shop',
    });

    expect(drift.differing).toEqual([
      {
        object: {
          apiVersion: 'networking.istio.io/v1beta1',
          kind: 'VirtualService',
          namespace: 'shop',
          name: 'checkout',
          cluster: 'c',
        },
        fields: [{ path: 'spec.http[0].retries', live: '{"attempts":10}' }],
      },
    ]);
  });

  it('hides Secret values and compares stringData as the data it becomes', () => {
    const secret: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      stringData: { password: 'hunter2' },
    };
    const live = applied({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      data: { password: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    } as KubernetesObject);
    const input = {
      declared: [{ object: secret }],
      live: [{ cluster: 'c', objects: [live] }],
    };
    expect(computeDrift(input).differing).toEqual([]);

    live.data = { password: Buffer.from('changed').toString('base64') };
    expect(computeDrift(input).differing[0].fields).toEqual([
      { path: 'data.password', declared: '(hidden)', live: '(hidden)' },
    ]);
    expect(JSON.stringify(computeDrift(input))).not.toContain('hunter2');
  });

  it('compares per cluster, leaves out clusters it could not read and those the service is not in', () => {
    const { declared, live } = onboarded('payments', 'payments', 8080);
    const peer = live[0].objects.filter(o => o.kind !== 'PeerAuthentication');
    const drift = computeDrift({
      declared,
      live: [
        { cluster: 'prod-eu', objects: live[0].objects },
        { cluster: 'prod-us', objects: peer },
        { cluster: 'staging', objects: [] },
        { cluster: 'prod-ap', objects: [], errors: ['canaries: 503'] },
      ],
      defaultNamespace: 'payments',
    });

    expect(drift.clusters).toEqual(['prod-eu', 'prod-us']);
    expect(drift.unreadClusters).toEqual(['prod-ap']);
    expect(drift.declaredNotLive).toEqual([
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        namespace: 'payments',
        name: 'payments',
        cluster: 'prod-us',
        source: { file: 'mesh/peerauthentication.yaml', line: 1 },
      },
    ]);
  });

  it('does not compare declared kinds the live source does not list', () => {
    const { declared, live } = onboarded('payments', 'payments', 8080);
    const configMap: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'payments' },
      data: { a: 'b' },
    };
    const drift = computeDrift({
      declared: [...declared, { object: configMap }],
      live,
      listedKinds: [
        { group: '', kind: 'Namespace' },
        { group: 'security.istio.io', kind: 'PeerAuthentication' },
        { group: 'security.istio.io', kind: 'AuthorizationPolicy' },
        { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
        { group: 'flagger.app', kind: 'Canary' },
        { group: 'flagger.app', kind: 'MetricTemplate' },
        { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
      ],
    });
    expect(drift.uncomparedKinds).toEqual(['ConfigMap']);
    expect(drift.declaredNotLive).toEqual([]);
  });

  it('keeps hostile keys and huge values out of paths and values', () => {
    const declared = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'p', namespace: 'shop' },
      spec: JSON.parse(
        `{"__proto__": {"polluted": true}, "x\\ny": 1, "rules": [{"when": [{"key": "k", "values": ["${'v'.repeat(
          5000,
        )}"]}]}]}`,
      ),
    } as KubernetesObject;
    const live = applied({
      ...declared,
      spec: { rules: [{ when: [{ key: 'k', values: ['w'] }] }] },
    } as KubernetesObject);

    const drift = computeDrift({
      declared: [{ object: declared }],
      live: [{ cluster: 'c', objects: [live] }],
    });

    const fields = drift.differing[0].fields;
    expect(fields.map(f => f.path)).toEqual([
      'spec.__proto__',
      'spec["x\\ny"]',
      'spec.rules[0].when[0].values[0]',
    ]);
    expect(fields.every(f => (f.declared ?? '').length <= 201)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists at most the configured number of fields per object', () => {
    const spec = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`k${i}`, i]),
    );
    const declared = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'm', namespace: 'shop' },
      data: spec,
    } as KubernetesObject;
    const live = applied({ ...declared, data: {} } as KubernetesObject);
    const [drift] = computeDrift({
      declared: [{ object: declared }],
      live: [{ cluster: 'c', objects: [live] }],
      maxFieldsPerObject: 10,
    }).differing;
    expect(drift.fields).toHaveLength(10);
    expect(drift.omittedFields).toBe(20);
  });

  it('compares nothing, and says so, when the service is in no cluster', () => {
    const { declared } = onboarded('payments', 'payments', 8080);
    const drift = computeDrift({
      declared,
      live: [{ cluster: 'prod-eu', objects: [] }],
    });
    expect(drift.clusters).toEqual([]);
    expect(drift.declaredNotLive).toEqual([]);
  });
});
