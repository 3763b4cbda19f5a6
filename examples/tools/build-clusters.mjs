// Writes examples/clusters/<cluster>/ as `kubectl get … -A -o yaml` would export
// each cluster of the example estate: the services' declared manifests and the
// platform's objects as applied (with the fields the API server adds), the
// workloads, what Flagger generates for each Canary, Canary status, and the few
// live differences the estate shows (README.md). Run: node examples/tools/build-clusters.mjs
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each service: where it runs, its port and, for Flagger-delivered ones, the Canary's state per cluster. */
const services = {
  orders: {
    ns: 'orders',
    canary: { 'prod-eu': 'Succeeded', 'prod-us': 'Succeeded' },
  },
  payments: {
    ns: 'payments',
    canary: { 'prod-eu': 'Succeeded', 'prod-us': 'Succeeded' },
  },
  cart: { ns: 'orders' },
  storefront: {
    ns: 'web',
    canary: { 'prod-eu': 'Progressing', 'prod-us': 'Succeeded' },
  },
  auth: { ns: 'identity' },
  users: { ns: 'accounts' },
  products: { ns: 'catalog' },
  search: { ns: 'catalog' },
  inventory: { ns: 'catalog', port: 9090, portName: 'grpc' },
  recommendations: {
    ns: 'catalog',
    canary: { 'prod-eu': 'Failed', 'prod-us': 'Failed' },
  },
  notifications: { ns: 'notifications' },
  reporting: { ns: 'reporting', clusters: ['prod-eu'] },
};
const clusters = ['prod-eu', 'prod-us'];

/** What was changed in a cluster by hand, so Git and the cluster differ. */
const liveEdits = {
  'prod-eu': [
    // An incident fix applied with kubectl edit and never committed.
    {
      kind: 'VirtualService',
      namespace: 'orders',
      name: 'cart',
      edit: vs => {
        vs.spec.http[0].timeout = '10s';
      },
    },
  ],
  'prod-us': [],
};

const hash = text => createHash('sha256').update(text).digest('hex');
const uid = key => {
  const h = hash(key);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
};
const resourceVersion = key =>
  String(100000 + (parseInt(hash(`rv/${key}`).slice(0, 8), 16) % 900000));
const created = '2026-09-14T08:12:31Z';
const updated = '2026-11-29T16:40:02Z';

function readYaml(path) {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map(d => d.toJS())
    .filter(
      // Kustomize's own files (Kustomization, Component) are build input, never applied.
      o =>
        o &&
        typeof o === 'object' &&
        o.kind &&
        !String(o.apiVersion).startsWith('kustomize.config.k8s.io/'),
    );
}
function readFolder(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return readFolder(path);
      return /\.ya?ml$/.test(entry.name) ? readYaml(path) : [];
    });
}

/** Labels the service's workload-labels Component patches onto its workloads, by kind (Deployment, Service). */
function componentLabels(manifests) {
  const path = join(manifests, 'workload-labels', 'kustomization.yaml');
  if (!existsSync(path)) return {};
  const component = parseAllDocuments(readFileSync(path, 'utf8'))[0].toJS();
  return Object.fromEntries(
    (component.patches ?? []).map(p => [
      p.target.kind,
      parseAllDocuments(p.patch)[0].toJS().metadata?.labels ?? {},
    ]),
  );
}

/** The object as the API server returns it: server fields added, status where the kind has one. */
function served(cluster, object, extra = {}) {
  const o = structuredClone(object);
  const key = `${cluster}/${o.kind}/${o.metadata.namespace ?? ''}/${
    o.metadata.name
  }`;
  o.metadata = {
    ...o.metadata,
    ...(extra.metadata ?? {}),
    uid: uid(key),
    resourceVersion: resourceVersion(key),
    creationTimestamp: created,
  };
  if (
    !['Namespace', 'ServiceAccount', 'Service', 'NetworkPolicy'].includes(
      o.kind,
    )
  )
    o.metadata.generation = o.metadata.generation ?? 1;
  if (o.kind === 'Namespace') {
    o.metadata.labels = {
      ...(o.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': o.metadata.name,
    };
    o.spec = { finalizers: ['kubernetes'] };
    o.status = { phase: 'Active' };
  }
  if (o.kind === 'Service') {
    o.spec = {
      clusterIP: `10.96.${parseInt(hash(key).slice(0, 2), 16)}.${parseInt(
        hash(key).slice(2, 4),
        16,
      )}`,
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      type: 'ClusterIP',
      ...o.spec,
      ports: o.spec.ports.map(p => ({ protocol: 'TCP', ...p })),
    };
    o.status = { loadBalancer: {} };
  }
  return o;
}

const canaryOwner = (cluster, name, namespace) => ({
  ownerReferences: [
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      name,
      uid: uid(`${cluster}/Canary/${namespace}/${name}`),
      controller: true,
      blockOwnerDeletion: true,
    },
  ],
});

function deployment(
  cluster,
  name,
  namespace,
  {
    selectorLabel = 'app',
    selectorValue = name,
    replicas = 2,
    image,
    owner,
    port = 8080,
    portName = 'http',
    extraLabels = {},
    ambient = false,
  },
) {
  const labels = {
    app: name,
    version: 'v1',
    'backstage.io/kubernetes-id': name,
    ...extraLabels,
  };
  if (selectorLabel !== 'app') labels[selectorLabel] = selectorValue;
  const matchLabels = { [selectorLabel]: selectorValue };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: selectorValue,
      namespace,
      labels: { ...labels },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
    },
    spec: {
      replicas,
      selector: { matchLabels },
      template: {
        metadata: {
          labels,
          annotations: ambient
            ? {}
            : { 'kubectl.kubernetes.io/default-container': name },
        },
        spec: {
          serviceAccountName: name,
          containers: [
            {
              name,
              image: image ?? `registry.example.com/shop/${name}:1.14.2`,
              ports: [{ name: portName, containerPort: port, protocol: 'TCP' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
          securityContext: {},
        },
      },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    },
    status:
      replicas > 0
        ? {
            observedGeneration: 3,
            replicas,
            readyReplicas: replicas,
            availableReplicas: replicas,
            updatedReplicas: replicas,
            conditions: [
              {
                type: 'Available',
                status: 'True',
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
                lastTransitionTime: updated,
                lastUpdateTime: updated,
              },
            ],
          }
        : { observedGeneration: 3 },
  };
  if (!object.metadata.annotations['kubectl.kubernetes.io/default-container'])
    delete object.spec.template.metadata.annotations;
  return served(cluster, object, owner ? { metadata: owner } : {});
}

function service(
  cluster,
  name,
  namespace,
  selector,
  { port = 8080, portName = 'http', owner, labels } = {},
) {
  return served(
    cluster,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace,
        labels: labels ?? { app: name, 'backstage.io/kubernetes-id': name },
      },
      spec: { selector, ports: [{ name: portName, port, targetPort: port }] },
    },
    owner ? { metadata: owner } : {},
  );
}

const serviceAccount = (cluster, name, namespace) =>
  served(cluster, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
  });

/** Flagger's status for each phase the estate shows. */
function canaryStatus(phase) {
  const promoted = {
    Succeeded: {
      status: 'True',
      reason: 'Succeeded',
      message: 'Canary analysis completed successfully, promotion finished.',
    },
    Progressing: {
      status: 'Unknown',
      reason: 'Progressing',
      message: 'New revision detected, progressing canary analysis.',
    },
    Failed: {
      status: 'False',
      reason: 'Failed',
      message: 'Canary analysis failed, Deployment scaled to zero.',
    },
  }[phase];
  return {
    phase,
    canaryWeight: phase === 'Progressing' ? 30 : 0,
    failedChecks: phase === 'Failed' ? 5 : phase === 'Progressing' ? 1 : 0,
    iterations: 0,
    lastAppliedSpec: hash(`applied/${phase}`).slice(0, 10),
    lastPromotedSpec: hash('promoted').slice(0, 10),
    lastTransitionTime: updated,
    observedGeneration: 4,
    trackedConfigs: {},
    conditions: [
      {
        type: 'Promoted',
        lastTransitionTime: updated,
        lastUpdateTime: updated,
        ...promoted,
      },
    ],
  };
}

/** What Flagger creates for a Canary: primary Deployment, the three Services, its VirtualService and DestinationRules. */
function flaggerObjects(cluster, canary, phase, { port, portName }) {
  const { name, namespace } = canary.metadata;
  const owner = canaryOwner(cluster, name, namespace);
  const primary = `${name}-primary`;
  const label = 'app.kubernetes.io/name';
  const svcSpec = canary.spec.service;
  const canaryWeight = phase === 'Progressing' ? 30 : 0;
  const flaggerLabels = value => ({
    [label]: value,
    'backstage.io/kubernetes-id': name,
  });
  const destinationRule = host =>
    served(
      cluster,
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'DestinationRule',
        metadata: { name: host, namespace },
        spec: { host, trafficPolicy: svcSpec.trafficPolicy },
      },
      { metadata: owner },
    );
  return [
    // Flagger scales the target to zero once promoted, and runs it during an analysis.
    deployment(cluster, name, namespace, {
      selectorLabel: label,
      replicas: phase === 'Progressing' ? 2 : 0,
      port,
      portName,
      image:
        phase === 'Progressing'
          ? `registry.example.com/shop/${name}:1.15.0`
          : undefined,
    }),
    deployment(cluster, name, namespace, {
      selectorLabel: label,
      selectorValue: primary,
      replicas: 3,
      port,
      portName,
      owner,
    }),
    service(
      cluster,
      name,
      namespace,
      { [label]: primary },
      { port, portName, owner, labels: flaggerLabels(name) },
    ),
    service(
      cluster,
      primary,
      namespace,
      { [label]: primary },
      { port, portName, owner, labels: flaggerLabels(primary) },
    ),
    service(
      cluster,
      `${name}-canary`,
      namespace,
      { [label]: name },
      { port, portName, owner, labels: flaggerLabels(`${name}-canary`) },
    ),
    served(
      cluster,
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name, namespace },
        spec: {
          gateways: svcSpec.gateways ?? ['mesh'],
          hosts: [...(svcSpec.hosts ?? []), name],
          http: [
            {
              retries: svcSpec.retries,
              route: [
                { destination: { host: primary }, weight: 100 - canaryWeight },
                {
                  destination: { host: `${name}-canary` },
                  weight: canaryWeight,
                },
              ],
              timeout: svcSpec.timeout,
            },
          ],
        },
      },
      { metadata: owner },
    ),
    destinationRule(`${name}-canary`),
    destinationRule(primary),
  ];
}

/** What istiod deploys for a waypoint Gateway: its ServiceAccount and Deployment (HBONE on 15008); its Service is left out, as the catalogue has no entity for it. */
function waypointObjects(cluster, gateway) {
  const { name, namespace } = gateway.metadata;
  const owner = {
    ownerReferences: [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        name,
        uid: uid(`${cluster}/Gateway/${namespace}/${name}`),
        controller: true,
      },
    ],
  };
  const labels = {
    'gateway.networking.k8s.io/gateway-name': name,
    'istio.io/gateway-name': name,
  };
  return [
    served(
      cluster,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
      },
      { metadata: owner },
    ),
    served(
      cluster,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels },
        spec: {
          replicas: 1,
          selector: {
            matchLabels: { 'gateway.networking.k8s.io/gateway-name': name },
          },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: name,
              containers: [
                {
                  name: 'istio-proxy',
                  image: 'auto',
                  ports: [
                    { name: 'mesh', containerPort: 15008, protocol: 'TCP' },
                  ],
                },
              ],
            },
          },
        },
        status: {
          observedGeneration: 1,
          replicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
        },
      },
      { metadata: owner },
    ),
  ];
}

function buildCluster(cluster) {
  const objects = [];
  const add = o => objects.push(o);
  // The control plane and the non-catalogued workloads.
  for (const [ns, labels] of [
    ['istio-system', {}],
    ['monitoring', {}],
    ['batch', {}],
  ])
    add(
      served(cluster, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels },
      }),
    );
  add(serviceAccount(cluster, 'istiod', 'istio-system'));
  add(
    deployment(cluster, 'istiod', 'istio-system', {
      port: 15012,
      portName: 'grpc-xds',
      extraLabels: { istio: 'pilot' },
    }),
  );
  add(
    service(
      cluster,
      'istiod',
      'istio-system',
      { app: 'istiod', istio: 'pilot' },
      {
        port: 15012,
        portName: 'grpc-xds',
        labels: { app: 'istiod', istio: 'pilot' },
      },
    ),
  );
  add(serviceAccount(cluster, 'prometheus', 'monitoring'));
  add(
    deployment(cluster, 'prometheus', 'monitoring', {
      port: 9090,
      portName: 'web',
      replicas: 1,
    }),
  );
  add(
    service(
      cluster,
      'prometheus',
      'monitoring',
      { app: 'prometheus' },
      { port: 9090, portName: 'web', labels: { app: 'prometheus' } },
    ),
  );
  // Outside the mesh, calls users in plaintext.
  add(serviceAccount(cluster, 'legacy-batch', 'batch'));
  add(deployment(cluster, 'legacy-batch', 'batch', { replicas: 1 }));
  for (const object of readFolder(join(examples, 'platform')))
    add(served(cluster, object));

  for (const [name, svc] of Object.entries(services)) {
    if (svc.clusters && !svc.clusters.includes(cluster)) continue;
    const manifests = join(examples, 'services', name, 'manifests');
    const declared = readFolder(manifests);
    const patched = componentLabels(manifests);
    const port = svc.port ?? 8080;
    const portName = svc.portName ?? 'http';
    const ambient = declared.some(
      o =>
        o.kind === 'Namespace' &&
        o.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient',
    );
    add(serviceAccount(cluster, name, svc.ns));
    const canary = declared.find(o => o.kind === 'Canary');
    if (canary) {
      const phase = svc.canary[cluster];
      add(served(cluster, canary, {}));
      objects[objects.length - 1].status = canaryStatus(phase);
      for (const o of flaggerObjects(cluster, canary, phase, {
        port,
        portName,
      }))
        add(o);
    } else {
      add(deployment(cluster, name, svc.ns, { port, portName, ambient }));
      if (!declared.some(o => o.kind === 'Service'))
        add(
          service(
            cluster,
            name,
            svc.ns,
            { app: name },
            {
              port,
              portName,
              labels: {
                app: name,
                'backstage.io/kubernetes-id': name,
                ...patched.Service,
              },
            },
          ),
        );
    }
    for (const gateway of declared.filter(
      o =>
        o.kind === 'Gateway' && o.spec?.gatewayClassName === 'istio-waypoint',
    ))
      for (const o of waypointObjects(cluster, gateway)) add(o);
    for (const object of declared) {
      if (object.kind === 'Canary') continue;
      const live = served(cluster, object);
      for (const { kind, namespace, name: editName, edit } of liveEdits[
        cluster
      ])
        if (
          kind === live.kind &&
          namespace === live.metadata.namespace &&
          editName === live.metadata.name
        ) {
          edit(live);
          live.metadata.generation = 2;
        }
      add(live);
    }
  }
  return objects;
}

/** One List per file, grouped as an operator would export them. */
const files = {
  'namespaces.yaml': ['Namespace', 'ServiceAccount'],
  'workloads.yaml': ['Deployment', 'Service'],
  'istio.yaml': [
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'PeerAuthentication',
    'AuthorizationPolicy',
    'RequestAuthentication',
  ],
  'flagger.yaml': ['Canary', 'MetricTemplate'],
  'networkpolicies.yaml': ['NetworkPolicy'],
  'prometheusrules.yaml': ['PrometheusRule'],
};

for (const cluster of clusters) {
  const folder = join(examples, 'clusters', cluster);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const objects = buildCluster(cluster);
  const placed = new Set();
  for (const [file, kinds] of Object.entries(files)) {
    const items = objects.filter(o => kinds.includes(o.kind));
    items.forEach(o => placed.add(o));
    const header = `# kubectl get ${kinds
      .map(k => k.toLowerCase() + 's')
      .join(
        ',',
      )} -A -o yaml  (cluster ${cluster})\n# Written by examples/tools/build-clusters.mjs; see examples/README.md.\n`;
    writeFileSync(
      join(folder, file),
      header +
        stringify(
          {
            apiVersion: 'v1',
            kind: 'List',
            metadata: { resourceVersion: '' },
            items,
          },
          { lineWidth: 0, aliasDuplicateObjects: false },
        ),
    );
  }
  const missing = objects.filter(o => !placed.has(o));
  if (missing.length)
    throw new Error(`No file for ${missing.map(o => o.kind).join(', ')}`);
}
