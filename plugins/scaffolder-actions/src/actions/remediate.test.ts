import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
} from '../__testUtils__/workspace';
import { createMeshRemediateAction } from './remediate';

const remediate = createMeshRemediateAction({
  goldenPaths: repositoryGoldenPaths(),
  analyzer,
});

function repository(files: Record<string, string>) {
  const root = tempWorkspace();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function run(root: string, input: Record<string, unknown>) {
  const ctx = createMockActionContext({
    input: {
      entityRef: 'component:default/payments',
      goldenPath: 'tier-2',
      ...input,
    } as any,
    workspacePath: root,
  });
  await remediate.handler(ctx as any);
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls) as {
    changed: string[];
    body: string;
    title: string;
    branchName: string;
    repoUrl: string;
    provider: string;
  };
}

const read = (root: string, path: string) =>
  readFileSync(join(root, path), 'utf8');

// A team's hand-written manifests: comments, flow maps, kubectl-style lists.
const handWritten = {
  'deploy/mesh/kustomization.yaml':
    '# Payments mesh config\nresources:\n- peerauthentication.yaml\n- routes.yaml # traffic\n',
  'deploy/mesh/peerauthentication.yaml': `# mTLS for payments
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payments
  namespace: payments
spec:
  selector: {matchLabels: {app: payments}}
  mtls:
    mode: PERMISSIVE  # TODO: tighten once the batch job has a sidecar
  portLevelMtls:
    9090:
      mode: DISABLE
`,
  'deploy/mesh/routes.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: payments
  namespace: payments
spec:
  hosts: [payments]
  http:
  # Refunds are slow: they keep their own timeout.
  - match: [{uri: {prefix: /refunds}}]
    timeout: 30s
    route:
    - destination: {host: payments}
  - route:
    - destination: {host: payments}
      weight: 100
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: payments
  namespace: payments
spec:
  host: payments.payments.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE # legacy clients
`,
};

const canaryRepository = {
  'deploy/mesh/kustomization.yaml':
    'resources:\n  - canary.yaml\n  - authorizationpolicy.yaml\n',
  'deploy/mesh/canary.yaml': `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: payments
  namespace: payments
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: payments}
  service:
    port: 8080 # the app's port
  analysis: {interval: 1m, threshold: 5, iterations: 10}
`,
  'deploy/mesh/authorizationpolicy.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payments-callers
  namespace: payments
spec:
  action: ALLOW
  rules:
  - from:
    - source: {principals: [cluster.local/ns/shop/sa/orders]}
`,
};

async function expectIdempotent(root: string, input: Record<string, unknown>) {
  const before = Object.fromEntries(
    ['deploy/mesh/kustomization.yaml'].map(f => [f, read(root, f)]),
  );
  const again = await run(root, input);
  expect(again.changed).toEqual([]);
  for (const [file, text] of Object.entries(before))
    expect(read(root, file)).toBe(text);
  expect(again.body).toContain(
    'Nothing to change: the manifests already comply.',
  );
}

describe('mesh:remediate', () => {
  it('fixes hand-written manifests byte for byte: only the fixed values change, comments and formatting stay; a second run changes nothing', async () => {
    const root = repository(handWritten);
    const input = { codes: ['MP2001', 'MP1201', 'MP2005', 'MP2006', 'MP2007'] };
    const output = await run(root, input);
    expect(output.changed).toEqual([
      'deploy/mesh/peerauthentication.yaml',
      'deploy/mesh/routes.yaml',
    ]);
    expect(read(root, 'deploy/mesh/peerauthentication.yaml'))
      .toBe(`# mTLS for payments
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payments
  namespace: payments
spec:
  selector: {matchLabels: {app: payments}}
  mtls:
    mode: STRICT  # TODO: tighten once the batch job has a sidecar
  portLevelMtls:
    9090:
      mode: STRICT
`);
    // tier-2: 5 s timeout, 3 retries of 1 s, 100 connections, 50 pending, eject after 5 × 5xx.
    expect(read(root, 'deploy/mesh/routes.yaml'))
      .toBe(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: payments
  namespace: payments
spec:
  hosts: [payments]
  http:
  # Refunds are slow: they keep their own timeout.
  - retries:
      attempts: 3
      perTryTimeout: 1s
    match: [{uri: {prefix: /refunds}}]
    timeout: 30s
    route:
    - destination: {host: payments}
  - retries:
      attempts: 3
      perTryTimeout: 1s
    timeout: 5s
    route:
    - destination: {host: payments}
      weight: 100
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: payments
  namespace: payments
spec:
  host: payments.payments.svc.cluster.local
  trafficPolicy:
    connectionPool:
      http:
        http1MaxPendingRequests: 50
        http2MaxRequests: 100
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 30s
    tls:
      mode: ISTIO_MUTUAL # legacy clients
`);
    expect(read(root, 'deploy/mesh/kustomization.yaml')).toBe(
      handWritten['deploy/mesh/kustomization.yaml'],
    );
    expect(output.title).toBe(
      'Fix MP1201, MP2001, MP2005, MP2006, MP2007 for payments',
    );
    expect(output.branchName).toBe(
      'meshpath/remediate-payments-mp1201-mp2001-mp2005-mp2006-mp2007',
    );
    expect(output.body).toContain(
      '- `deploy/mesh/routes.yaml`: VirtualService payments route 2\\: timeout 5s',
    );
    expect(output.body).toContain(
      '- `deploy/mesh/peerauthentication.yaml`: PeerAuthentication payments\\: port 9090 STRICT',
    );
    expect(output.body).not.toContain('Still failing');

    const once = {
      pa: read(root, 'deploy/mesh/peerauthentication.yaml'),
      routes: read(root, 'deploy/mesh/routes.yaml'),
    };
    await expectIdempotent(root, input);
    expect(read(root, 'deploy/mesh/peerauthentication.yaml')).toBe(once.pa);
    expect(read(root, 'deploy/mesh/routes.yaml')).toBe(once.routes);
  });

  it("writes a Canary's routes into its service block, adds the missing PeerAuthentication and default deny, and lists them in the kustomization", async () => {
    const root = repository(canaryRepository);
    const input = { codes: ['MP2001', 'MP2002', 'MP2005', 'MP2006', 'MP2007'] };
    const output = await run(root, input);
    expect(output.changed).toEqual([
      'deploy/mesh/peerauthentication.yaml',
      'deploy/mesh/authorizationpolicy-deny-all.yaml',
      'deploy/mesh/canary.yaml',
      'deploy/mesh/kustomization.yaml',
    ]);
    expect(read(root, 'deploy/mesh/canary.yaml'))
      .toBe(`apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: payments
  namespace: payments
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: payments}
  service:
    trafficPolicy:
      connectionPool:
        http:
          http1MaxPendingRequests: 50
          http2MaxRequests: 100
      outlierDetection:
        consecutive5xxErrors: 5
        interval: 30s
        baseEjectionTime: 30s
    retries:
      attempts: 3
      perTryTimeout: 1s
    timeout: 5s
    port: 8080 # the app's port
  analysis: {interval: 1m, threshold: 5, iterations: 10}
`);
    expect(read(root, 'deploy/mesh/peerauthentication.yaml'))
      .toBe(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payments
  namespace: payments
spec:
  selector:
    matchLabels:
      backstage.io/kubernetes-id: payments
  mtls:
    mode: STRICT
`);
    expect(read(root, 'deploy/mesh/authorizationpolicy-deny-all.yaml'))
      .toBe(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payments-deny-all
  namespace: payments
spec: {}
`);
    expect(read(root, 'deploy/mesh/kustomization.yaml')).toBe(
      'resources:\n  - canary.yaml\n  - authorizationpolicy.yaml\n  - peerauthentication.yaml\n  - authorizationpolicy-deny-all.yaml\n',
    );
    await expectIdempotent(root, input);
  });

  it('refuses a default deny while no ALLOW policy names the callers: it would refuse every request', async () => {
    const root = repository({
      'deploy/mesh/canary.yaml': canaryRepository['deploy/mesh/canary.yaml'],
    });
    const output = await run(root, { codes: ['MP2002'] });
    expect(output.changed).toEqual([]);
    expect(output.body).toContain(
      '- Not fixed: no ALLOW AuthorizationPolicy names the callers yet',
    );
  });

  it('refuses codes it cannot fix, naming the ones it can', async () => {
    const root = repository(handWritten);
    await expect(run(root, { codes: ['MP1101', 'MP2001'] })).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'codes: "MP1101" cannot be fixed by mesh:remediate; it fixes MP1201, MP2001, MP2002, MP2005, MP2006, MP2007',
      }),
    );
  });

  it('names the repository for the publish step from the source location', async () => {
    const root = repository(handWritten);
    const github = await run(root, {
      codes: ['MP2001'],
      sourceLocation: 'url:https://github.com/acme/payments/tree/main/',
    });
    expect([github.repoUrl, github.provider]).toEqual([
      'github.com?owner=acme&repo=payments',
      'github',
    ]);
    const gitlab = await run(root, {
      codes: ['MP2001'],
      sourceLocation: 'url:https://gitlab.com/acme/shop/payments/-/tree/main/',
    });
    expect([gitlab.repoUrl, gitlab.provider]).toEqual([
      'gitlab.com?owner=acme%2Fshop&repo=payments',
      'gitlab',
    ]);
  });

  it.each([
    [
      'an entity name that is not a DNS label',
      { entityRef: 'component:default/x](https://evil.example)' },
      /entityRef: .* is not an entity ref|name: .* is not a DNS-1123 label/,
    ],
    [
      'a manifests path out of the workspace',
      { manifestsPath: '../../etc' },
      /manifestsPath: .*climbs out with \.\./,
    ],
    [
      'template syntax in the golden path',
      { goldenPath: '${{ secrets.token }}' },
      /goldenPath: contains a control character, newline or template syntax/,
    ],
  ])('refuses %s with an InputError', async (_, input, message) => {
    const root = repository(handWritten);
    await expect(run(root, { codes: ['MP2001'], ...input })).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('names no repository for a source location that is not GitHub or GitLab over HTTPS', async () => {
    const root = repository(handWritten);
    for (const sourceLocation of [
      'url:https://evil.example/acme/payments/tree/main/',
      'url:http://github.com/acme/payments/tree/main/',
      'url:https://token@github.com/acme/payments/tree/main/',
    ]) {
      const output = await run(root, { codes: ['MP2001'], sourceLocation });
      expect([sourceLocation, output.repoUrl, output.provider]).toEqual([
        sourceLocation,
        '',
        '',
      ]);
    }
  });
});
