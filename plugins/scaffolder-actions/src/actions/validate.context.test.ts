import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
} from '../__testUtils__/workspace';
import type { MeshContextSource } from '../repository/meshContext';
import { createMeshGenerateAction } from './generate';
import { createMeshValidateAction } from './validate';

const goldenPaths = repositoryGoldenPaths();
const generate = createMeshGenerateAction({ goldenPaths, analyzer });

function write(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Onboards `name` into `namespace` on tier-2, called by storefront/storefront: the files land in deploy/mesh. */
async function onboard(root: string, name: string, namespace: string) {
  await generate.handler(
    createMockActionContext({
      input: {
        goldenPath: 'tier-2',
        name,
        namespace,
        ports: [{ port: 8080, protocol: 'http' }],
        callers: { serviceAccounts: ['storefront/storefront'] },
        targetPath: `deploy/mesh/${name}`,
      } as any,
      workspacePath: root,
    }) as any,
  );
}

async function validate(
  root: string,
  meshContext?: MeshContextSource,
  input: Record<string, unknown> = { goldenPath: 'tier-2' },
) {
  const action = createMeshValidateAction({
    goldenPaths,
    analyzer,
    meshContext,
  });
  const ctx = createMockActionContext({
    input: input as any,
    workspacePath: root,
  });
  await action.handler(ctx as any);
  const output = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  return output as {
    errors: number;
    errorFindings: string[];
    warnings: string[];
    notes: string[];
    compliance: string[];
  };
}

const helmChart = {
  'charts/payments/Chart.yaml':
    'apiVersion: v2\nname: payments\nversion: 1.0.0\n',
  'charts/payments/values.yaml': 'replicaCount: 2\n',
  'charts/payments/templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "payments.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n',
  'charts/payments/templates/service.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
};
const developerYaml = {
  'docker-compose.yml': 'services:\n  payments:\n    image: payments:dev\n',
  '.gitlab-ci.yml': 'test:\n  script: [npm test]\n',
  '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
};

/** The service's own workload, as a plain manifest the repository keeps (its Service is Flagger's). */
const workload = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${
  namespace ? `  namespace: ${namespace}\n` : ''
}  labels: { app: ${name}, backstage.io/kubernetes-id: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, version: v1, backstage.io/kubernetes-id: ${name} } }
    spec:
      serviceAccountName: ${name}
      containers: [{ name: ${name}, image: registry.invalid/${name}:1.0.0, ports: [{ containerPort: 8080 }] }]
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}`;

/** What the platform runs outside the service's repository: callers, Flagger's namespace. */
const platform = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'storefront', labels: { 'istio-injection': 'enabled' } },
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'storefront', namespace: 'storefront' },
  },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flagger-system' } },
];
const liveMesh =
  (objects: any[]): MeshContextSource =>
  async () => ({ objects, clusters: ['prod-eu'] });

const assumed = (notes: string[]) =>
  notes
    .filter(n => n.startsWith('Assumed, not checked: '))
    .map(n => n.split(' ')[3]);

describe('mesh:validate in context', () => {
  it('validates a Helm repository with docker-compose and CI YAML: nothing fails, and it says what it did not analyse or assumed', async () => {
    const root = tempWorkspace();
    write(root, { ...helmChart, ...developerYaml });
    await onboard(root, 'payments', 'payments');
    // The whole repository, as the templates validate it.
    const output = await validate(root);
    expect(output.errors).toBe(0);
    expect(output.notes).toEqual(
      expect.arrayContaining([
        'charts/payments: a Helm chart; its 2 template file(s) are not analysed (render them with `helm template` and validate the output)',
        'Skipped 2 YAML file(s) that are not Kubernetes manifests: .gitlab-ci.yml, docker-compose.yml',
        'The live mesh was not consulted: references out of the repository are assumptions',
        expect.stringMatching(
          /^Assumed, not checked: MP1202 deploy\/mesh\/payments\/canary.yaml:1 Canary payments: Target Deployment payments does not exist/,
        ),
      ]),
    );
    expect(assumed(output.notes)).toEqual(
      expect.arrayContaining(['MP1202', 'MP1119', 'MP1117']),
    );
  });

  it('reads what the repository refers to from the live mesh: found there, nothing is assumed', async () => {
    const root = tempWorkspace();
    write(root, { 'deploy/payments.yaml': workload('payments', 'payments') });
    await onboard(root, 'payments', 'payments');
    const asked: unknown[] = [];
    const output = await validate(root, async request => {
      asked.push(request);
      return liveMesh(platform)(request);
    });
    expect(asked).toEqual([{ namespaces: ['payments'] }]);
    expect(output.errors).toBe(0);
    expect(assumed(output.notes)).toEqual([]);
    expect(output.warnings.join('\n')).not.toMatch(/MP1119|MP1117|MP1202/);
  });

  it('reports a caller the live mesh does not have, instead of assuming it', async () => {
    const root = tempWorkspace();
    write(root, { 'deploy/payments.yaml': workload('payments', 'payments') });
    await onboard(root, 'payments', 'payments');
    const output = await validate(
      root,
      liveMesh(platform.slice(0, 1).concat(platform[2])),
    );
    expect(assumed(output.notes)).toEqual([]);
    expect(output.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^MP1119 .*names service account storefront\/storefront, which does not exist/,
        ),
      ]),
    );
  });

  it('still validates the repository when the mesh backend cannot answer, and says why', async () => {
    const root = tempWorkspace();
    write(root, { 'deploy/payments.yaml': workload('payments', 'payments') });
    await onboard(root, 'payments', 'payments');
    const output = await validate(root, async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
    });
    expect(output.errors).toBe(0);
    expect(output.notes).toContain(
      'The live mesh could not be read (connect ECONNREFUSED 127.0.0.1:7007): references out of the repository are assumptions',
    );
    expect(assumed(output.notes)).toEqual(expect.arrayContaining(['MP1119']));
  });

  it("reports nothing about the live mesh's own objects: another service's broken route in a shared namespace stays its own problem", async () => {
    const root = tempWorkspace();
    write(root, { 'deploy/orders.yaml': workload('orders', 'shop') });
    await onboard(root, 'orders', 'shop');
    const cartRoute = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        hosts: ['cart'],
        http: [{ route: [{ destination: { host: 'nowhere' } }] }],
      },
    };
    const output = await validate(root, liveMesh([...platform, cartRoute]));
    expect(output.errors).toBe(0);
    expect(
      [...output.warnings, ...output.errorFindings, ...output.notes].join('\n'),
    ).not.toContain('VirtualService cart');
  });

  it('onboards a second service into a shared namespace of a monorepo without conflicts', async () => {
    const root = tempWorkspace();
    write(root, {
      'deploy/cart.yaml': workload('cart', 'shop'),
      'deploy/orders.yaml': workload('orders', 'shop'),
    });
    await onboard(root, 'cart', 'shop');
    await onboard(root, 'orders', 'shop');
    const output = await validate(root, liveMesh(platform));
    expect(output.errorFindings).toEqual([]);
    expect(assumed(output.notes)).toEqual([]);
  });

  it('validates a kustomize base with overlays: the overlay gives the base its namespace, so the Canary finds its Deployment', async () => {
    const root = tempWorkspace();
    write(root, {
      'k8s/base/kustomization.yaml': 'resources: [payments.yaml]\n',
      'k8s/base/payments.yaml': workload('payments'),
      'k8s/overlays/prod/kustomization.yaml':
        'namespace: payments\nresources: [../../base]\npatches:\n  - path: replicas.yaml\n',
      'k8s/overlays/prod/replicas.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: payments }\nspec: { replicas: 3 }\n',
    });
    await onboard(root, 'payments', 'payments');
    const output = await validate(root, liveMesh(platform));
    expect(output.errors).toBe(0);
    expect(output.notes).toContain(
      'k8s/overlays/prod/replicas.yaml: a kustomize patch, applied by kustomize to its base; not analysed on its own',
    );
    expect([...output.warnings, ...output.notes].join('\n')).not.toMatch(
      /MP1202|MP0101/,
    );
  });
});
