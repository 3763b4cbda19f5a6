import type { SourcedObject } from '@meshpath/plugin-mesh-common';
import { parseManifests } from '../../manifests/parseManifests';
import { deriveFlaggerWorld } from './deriveFlaggerWorld';

const objects = (yaml: string): SourcedObject[] =>
  parseManifests(yaml, 'world.yaml').objects;

const target = (matchLabels: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: shop
  labels: { app: payments, team: pay, kustomize.toolkit.fluxcd.io/name: shop }
spec:
  selector: { matchLabels: ${matchLabels} }
  template:
    metadata: { labels: { app: payments, version: v1, name: pay, app.kubernetes.io/name: payments-api } }
    spec:
      serviceAccountName: payments
      containers:
        - name: payments
          image: payments:1
          ports: [{ name: http, containerPort: 8080 }, { name: metrics, containerPort: 9102 }]
`;
const canary = (service = '{ port: 80, targetPort: 8080 }') => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: payments, namespace: shop }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: payments }
  service: ${service}
`;

const find = (
  world: ReturnType<typeof deriveFlaggerWorld>,
  kind: string,
  name: string,
) =>
  world.objects.find(
    o => o.object.kind === kind && o.object.metadata.name === name,
  )?.object;

describe('deriveFlaggerWorld', () => {
  it('creates the primary with the selector label rewritten and everything else of the pod copied', () => {
    const world = deriveFlaggerWorld(
      objects(`${target('{ app: payments }')}\n---\n${canary()}`),
    );
    const primary = find(world, 'Deployment', 'payments-primary')!;
    expect(primary.spec.selector).toEqual({
      matchLabels: { app: 'payments-primary' },
    });
    expect(primary.spec.template.metadata.labels).toEqual({
      app: 'payments-primary',
      version: 'v1',
      name: 'pay',
      'app.kubernetes.io/name': 'payments-api',
    });
    // No -include-label-prefix: of the workload's own labels only the selector label.
    expect(primary.metadata.labels).toEqual({ app: 'payments-primary' });
    expect(primary.spec.template.spec.serviceAccountName).toBe('payments');
    expect((primary.metadata as any).ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Canary',
        name: 'payments',
        controller: true,
      }),
    ]);
    expect(world.canaries[0].selectorLabel).toEqual({
      key: 'app',
      value: 'payments',
    });
  });

  it('creates the apex and -primary Services on the primary and -canary on the target, with the Canary port', () => {
    const world = deriveFlaggerWorld(
      objects(`${target('{ app: payments }')}\n---\n${canary()}`),
    );
    expect(find(world, 'Service', 'payments')!.spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'payments-primary' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
    expect(find(world, 'Service', 'payments-primary')!.spec.selector).toEqual({
      app: 'payments-primary',
    });
    expect(find(world, 'Service', 'payments-canary')!.spec.selector).toEqual({
      app: 'payments',
    });
  });

  it('labels its Services with the Canary’s service.apex, .primary and .canary metadata (a waypoint, for one)', () => {
    const world = deriveFlaggerWorld(
      objects(
        `${target('{ app: payments }')}\n---\n${canary(
          '{ port: 80, apex: { labels: { istio.io/use-waypoint: waypoint } } }',
        )}`,
      ),
    );
    expect(find(world, 'Service', 'payments')!.metadata.labels).toEqual({
      'istio.io/use-waypoint': 'waypoint',
      app: 'payments',
    });
    expect(find(world, 'Service', 'payments-canary')!.metadata.labels).toEqual({
      app: 'payments-canary',
    });
  });

  it('rewrites the first of Flagger’s selector labels the target selects by (app, name, app.kubernetes.io/name)', () => {
    const world = deriveFlaggerWorld(
      objects(
        `${target(
          '{ app.kubernetes.io/name: payments-api, name: pay }',
        )}\n---\n${canary()}`,
      ),
    );
    const labels = find(world, 'Deployment', 'payments-primary')!.spec.template
      .metadata.labels;
    expect(labels.name).toBe('pay-primary');
    expect(labels['app.kubernetes.io/name']).toBe('payments-api');
    expect(labels.app).toBe('payments');
  });

  it('derives nothing for a target whose selector has none of the labels: Flagger cannot initialise it', () => {
    const world = deriveFlaggerWorld(
      objects(`${target('{ version: v1 }')}\n---\n${canary()}`),
    );
    expect(world.derived).toEqual([]);
    expect(world.canaries[0].selectorLabel).toBeUndefined();
  });

  it('rewrites the selector and ports of a declared apex Service, and says what it overwrites', () => {
    const declared = `
apiVersion: v1
kind: Service
metadata: { name: payments, namespace: shop, labels: { team: pay } }
spec: { selector: { app: payments }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`;
    const world = deriveFlaggerWorld(
      objects(
        `${target('{ app: payments }')}\n---\n${canary()}\n---\n${declared}`,
      ),
    );
    const apex = find(world, 'Service', 'payments')!;
    expect(apex.spec.selector).toEqual({ app: 'payments-primary' });
    expect(apex.metadata.labels).toEqual({ team: 'pay' });
    const overwritten = world.derived.filter(d => d.overwrites);
    expect(overwritten.map(d => d.object.metadata.name)).toEqual(['payments']);
  });

  it('keeps what a live cluster already shows as Flagger left it', () => {
    const live = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments-primary, namespace: shop }
spec:
  selector: { matchLabels: { app: payments-primary } }
  template:
    metadata: { labels: { app: payments-primary } }
    spec: { containers: [{ name: payments, image: payments:1 }] }
${['payments', 'payments-primary', 'payments-canary']
  .map(
    (name, i) => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
  ownerReferences: [{ apiVersion: flagger.app/v1beta1, kind: Canary, name: payments, uid: u${i}, controller: true }]
spec:
  selector: { app: ${i === 2 ? 'payments' : 'payments-primary'} }
  ports: [{ name: http, protocol: TCP, port: 80, targetPort: 8080 }]`,
  )
  .join('\n')}`;
    const input = objects(
      `${target('{ app: payments }')}\n---\n${canary()}\n---\n${live}`,
    );
    const world = deriveFlaggerWorld(input);
    expect(world.derived).toEqual([]);
    expect(world.objects).toHaveLength(input.length);
  });
});
