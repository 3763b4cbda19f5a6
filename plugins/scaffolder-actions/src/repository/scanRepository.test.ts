import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { scanRepository } from './scanRepository';

/** A repository made of files, as a team keeps it. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'meshpath-repo-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const deployment = (namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec:
      containers: [{ name: payments, image: registry.invalid/payments:1.0.0 }]
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: payments
spec:
  selector: { app: payments }
  ports: [{ name: http, port: 8080 }]
`;

const refs = (scan: Awaited<ReturnType<typeof scanRepository>>) =>
  scan.objects.map(
    o =>
      `${o.object.kind} ${o.object.metadata.namespace ?? '-'}/${
        o.object.metadata.name
      }`,
  );

describe('scanRepository', () => {
  it('skips docker-compose, CI and other YAML that is not Kubernetes, without findings', async () => {
    const root = repository({
      'docker-compose.yml':
        'services:\n  payments:\n    image: payments:dev\n    ports: ["8080:8080"]\n',
      '.gitlab-ci.yml': 'stages: [test]\ntest:\n  script: [npm test]\n',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'mkdocs.yml': 'site_name: Payments\n',
      'deploy/deployment.yaml': deployment('payments'),
    });
    const scan = await scanRepository(root, [root]);
    expect(scan.findings).toEqual([]);
    expect(refs(scan)).toEqual(['Deployment payments/payments']);
    expect(scan.notes).toEqual([
      'Skipped 3 YAML file(s) that are not Kubernetes manifests: .gitlab-ci.yml, docker-compose.yml, mkdocs.yml',
    ]);
    expect(scan.partial).toBe(false);
  });

  it('does not analyse a Helm chart, and says so once per chart', async () => {
    const root = repository({
      'charts/payments/Chart.yaml':
        'apiVersion: v2\nname: payments\nversion: 1.0.0\n',
      'charts/payments/values.yaml': 'replicaCount: 2\nimage: { tag: 1.0.0 }\n',
      'charts/payments/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "payments.fullname" . }}\n  labels:\n    {{- include "payments.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n',
      'charts/payments/templates/service.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
      'deploy/mesh/peerauthentication.yaml':
        'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: payments, namespace: payments }\nspec: { mtls: { mode: STRICT } }\n',
    });
    const scan = await scanRepository(root, [root]);
    expect(scan.findings).toEqual([]);
    expect(refs(scan)).toEqual(['PeerAuthentication payments/payments']);
    expect(scan.notes).toEqual([
      'charts/payments: a Helm chart; its 2 template file(s) are not analysed (render them with `helm template` and validate the output)',
    ]);
    expect(scan.partial).toBe(true);
  });

  it('applies a kustomize overlay namespace to its base, leaves patches to kustomize and analyses each object once', async () => {
    const root = repository({
      'k8s/base/kustomization.yaml':
        'resources: [deployment.yaml, service.yaml]\n',
      'k8s/base/deployment.yaml': deployment(),
      'k8s/base/service.yaml': service,
      'k8s/overlays/prod/kustomization.yaml':
        'namespace: payments\nresources: [../../base]\npatches:\n  - path: replicas.yaml\n',
      // A strategic-merge patch: a partial object that would fail its schema on its own.
      'k8s/overlays/prod/replicas.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: payments }\nspec: { replicas: 3 }\n',
      'k8s/overlays/staging/kustomization.yaml':
        'namespace: payments-staging\nresources: [../../base, extra.yaml]\n',
      'k8s/overlays/staging/extra.yaml': service.replace(
        'name: payments',
        'name: payments-debug',
      ),
    });
    const scan = await scanRepository(root, [root]);
    expect(scan.findings).toEqual([]);
    // The first overlay in path order names the base's namespace; the staging overlay's own file gets its own.
    expect(refs(scan)).toEqual([
      'Deployment payments/payments',
      'Service payments/payments',
      'Service payments-staging/payments-debug',
    ]);
    expect(scan.notes).toEqual([
      'k8s/overlays/prod/replicas.yaml: a kustomize patch, applied by kustomize to its base; not analysed on its own',
    ]);
  });

  it('analyses an object declared twice once, and says where', async () => {
    const root = repository({
      'deploy/a.yaml': deployment('payments'),
      'deploy/b.yaml': deployment('payments'),
    });
    const scan = await scanRepository(root, [root]);
    expect(refs(scan)).toEqual(['Deployment payments/payments']);
    expect(scan.notes).toEqual([
      'deploy/b.yaml:1: Deployment payments is also declared in deploy/a.yaml; analysed once',
    ]);
  });

  it('reads {{ }} inside strings as text (PrometheusRule annotations), and a template where YAML would read a mapping', async () => {
    const root = repository({
      'deploy/rules.yaml':
        'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: payments, namespace: payments }\nspec:\n  groups:\n    - name: slo\n      rules:\n        - alert: Burn\n          expr: vector(1)\n          annotations:\n            summary: "{{ $labels.service }} burns"\n            description: |\n              {{ $value }} of the budget\n',
      'deploy/envsubst.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: payments, namespace: payments }\nspec:\n  replicas: {{ .Replicas }}\n',
    });
    const scan = await scanRepository(root, [root]);
    expect(refs(scan)).toEqual(['PrometheusRule payments/payments']);
    expect(scan.notes).toEqual([
      'deploy/envsubst.yaml: a template ({{ }}), not analysed',
    ]);
    expect(scan.partial).toBe(true);
  });

  it('still reports a Kubernetes manifest that is broken YAML', async () => {
    const root = repository({
      'deploy/broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: [name\n',
    });
    const scan = await scanRepository(root, [root]);
    expect(scan.findings.map(f => f.code)).toEqual(['MP0001']);
  });

  it('does not follow a link out of the workspace', async () => {
    const outside = repository({ 'secret.yaml': deployment('payments') });
    const root = repository({ 'deploy/service.yaml': service });
    symlinkSync(
      join(outside, 'secret.yaml'),
      join(root, 'deploy', 'leak.yaml'),
    );
    const scan = await scanRepository(root, [root]);
    expect(refs(scan)).toEqual(['Service -/payments']);
    expect(scan.notes).toEqual([
      'deploy/leak.yaml: a link leading outside the workspace, skipped',
    ]);
  });
});
