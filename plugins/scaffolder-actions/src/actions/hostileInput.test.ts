import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createAnalyzer } from '@meshpath/mesh-engine';
import fc from 'fast-check';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, isAlias, isNode, parseAllDocuments, visit } from 'yaml';
import {
  ambiguousLabel,
  anyJson,
  anyNumber,
  field,
  hostileText,
  workspacePath as folder,
} from '../__testUtils__/hostile';
import { readCodeSpan } from '../__testUtils__/markdown';
import {
  repositoryGoldenPaths,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { buildManifests } from '../manifests/buildManifests';
import { workloadLabelsComponent } from '../manifests/workloadLabels';
import { createMeshAnnotateCatalogInfoAction } from './annotateCatalogInfo';
import { createMeshGenerateAction } from './generate';
import { createMeshPullRequestBodyAction } from './pullRequestBody';
import { toSpec } from './toSpec';
import { createMeshValidateAction } from './validate';

// Property-based: fast-check prints the seed and the shrunk input of a failure.
const goldenPaths = repositoryGoldenPaths();
const sharedAnalyzer = createAnalyzer();
const analyzer = () => sharedAnalyzer;
const generate = createMeshGenerateAction({ goldenPaths, analyzer });
const validate = createMeshValidateAction({ goldenPaths, analyzer });
const annotate = createMeshAnnotateCatalogInfoAction();
const pullRequestBody = createMeshPullRequestBodyAction({
  goldenPaths,
  analyzer,
});

const root = mkdtempSync(join(tmpdir(), 'meshpath-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A workspace inside a folder of its own, so anything written beside it shows. */
function sandbox() {
  const parent = mkdtempSync(join(root, 'run-'));
  const workspacePath = join(parent, 'workspace');
  mkdirSync(workspacePath);
  return { parent, workspacePath };
}

/** Every path under a folder, symlinks listed, never followed. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    return lstatSync(path).isDirectory()
      ? [`${relative}/`, ...tree(path, relative)]
      : [relative];
  });
}

async function outcome(
  action: { handler: (ctx: any) => Promise<void> },
  input: unknown,
  workspacePath: string,
) {
  const ctx = createMockActionContext({ input: input as any, workspacePath });
  const error = await action.handler(ctx as any).then(
    () => undefined,
    (e: Error) => e,
  );
  const outputs: Record<string, any> = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls,
  );
  return { error, outputs };
}

const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/** A refusal the template user can act on: an InputError on readable lines. */
function expectRefusal(error: Error) {
  expect({ name: error.name, message: error.message }).toEqual({
    name: 'InputError',
    message: expect.stringMatching(/\S/),
  });
  expect(error.message.length).toBeLessThan(4000);
  for (const line of error.message.split('\n'))
    expect(line).not.toMatch(invisible);
}

/** A refusal that left the workspace as it was. */
function expectRefusalWithout(
  error: Error,
  change: unknown,
  unchanged: unknown,
) {
  expectRefusal(error);
  expect(change).toEqual(unchanged);
}

/** The code span between two fixed phrases of a line reads back as the value. */
function expectShownBetween(
  line: string,
  before: string,
  after: number,
  value: string | undefined,
) {
  const start = line.indexOf(before) + before.length;
  expect(readCodeSpan(line.slice(start, after))).toBe(value);
}

/** Documents as a YAML 1.1 reader (kubectl, Flux) and a YAML 1.2 reader see them. */
function readYaml(text: string): unknown[] {
  const views = (['1.1', '1.2'] as const).map(version => {
    const documents = parseAllDocuments(text, { version });
    expect(Array.isArray(documents)).toBe(true);
    return (documents as Document[]).map(document => {
      expect([...document.errors, ...document.warnings]).toEqual([]);
      visit(document, (_key, node) => {
        if (isAlias(node)) throw new Error(`alias in ${text}`);
        if (isNode(node) && (node.anchor || node.tag))
          throw new Error(`anchor or tag in ${text}`);
      });
      return document.toJS();
    });
  });
  expect(views[0]).toEqual(views[1]);
  return views[1];
}

const dnsName = fc.oneof(
  fc.constantFrom('payments', 'orders', 'a', 'x-1'),
  ambiguousLabel,
);
const portNumber = fc.integer({ min: 1, max: 65535 });
const duration = fc.constantFrom('1s', '500ms', '2m', '0.5s');

/** Valid parameters of a service, as the onboarding templates pass them. */
const validService = fc
  .record(
    {
      goldenPath: fc.constantFrom('tier-1', 'tier-2', 'internal-tool'),
      name: dnsName,
      namespace: dnsName,
      ports: fc.array(
        fc.record(
          {
            port: portNumber,
            protocol: fc.constantFrom('http', 'http2', 'grpc', 'tcp'),
            targetPort: portNumber,
          },
          { requiredKeys: ['port'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      versions: fc.array(fc.oneof(ambiguousLabel, fc.constant('v1')), {
        minLength: 1,
        maxLength: 3,
      }),
      dataplane: fc.constantFrom('sidecar', 'ambient'),
      istioApiVersion: fc.constantFrom('v1', 'v1beta1'),
      callers: fc.record(
        {
          serviceAccounts: fc.array(
            fc.constantFrom('storefront/storefront', 'on/yes'),
            { maxLength: 3 },
          ),
          namespaces: fc.array(dnsName, { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      exposure: fc.oneof(
        fc.constant({ mode: 'mesh-internal' }),
        fc.record(
          {
            mode: fc.constant('gateway'),
            gateway: fc.constant('istio-system/public-gateway'),
            hosts: fc.array(fc.constantFrom('shop.example.com', 'on.yes'), {
              minLength: 1,
              maxLength: 3,
            }),
            tlsCredential: fc.constant('public-gateway-cert'),
            // Free text to the generator: hostile half of the time.
            jwt: fc.record({
              issuer: fc.oneof(
                fc.constant('https://login.example.com/'),
                hostileText,
              ),
              jwksUri: fc.constant('https://login.example.com/jwks.json'),
            }),
          },
          { requiredKeys: ['mode', 'gateway', 'hosts', 'jwt'] },
        ),
      ),
      trafficPolicy: fc.record(
        {
          timeout: duration,
          retries: fc.record(
            {
              attempts: fc.integer({ min: 0, max: 2 }),
              perTryTimeout: duration,
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      delivery: fc.record(
        {
          strategy: fc.constantFrom(
            'canary',
            'blue-green',
            'ab-testing',
            'none',
          ),
          abHeader: fc.constantFrom('x-insider', 'yes', 'constructor'),
          stepWeight: fc.integer({ min: 1, max: 100 }),
        },
        { requiredKeys: [] },
      ),
      slo: fc.record(
        {
          availability: fc.constantFrom(99.9, 99.95),
          latencyThresholdMs: fc.constantFrom(250, 500),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['goldenPath', 'name', 'namespace', 'ports'] },
  )
  .map(input => {
    // tier-1 locks these to its own values: leave them to the golden path.
    if (input.goldenPath !== 'tier-1') return input;
    const { dataplane: _d, delivery: _s, ...rest } = input;
    return {
      ...rest,
      exposure:
        input.exposure?.mode === 'gateway'
          ? { ...input.exposure, jwt: undefined }
          : input.exposure,
      trafficPolicy: { ...input.trafficPolicy, timeout: '1s' },
    };
  });

/** Text and number parameters, at any depth. */
function leaves(value: unknown, found: Array<[any, string]> = []) {
  if (value && typeof value === 'object')
    for (const key of Object.keys(value)) {
      const child = (value as any)[key];
      if (typeof child === 'string' || typeof child === 'number')
        found.push([value, key]);
      else leaves(child, found);
    }
  return found;
}

/** The parameters with up to two of their values replaced by hostile ones. */
const serviceInput = fc
  .tuple(
    validService,
    // Two in five inputs keep every value valid, so many reach the writer.
    fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      {
        weight: 3,
        arbitrary: fc.array(fc.tuple(fc.nat(), hostileText, anyNumber), {
          minLength: 1,
          maxLength: 2,
        }),
      },
    ),
  )
  .map(([valid, replacements]) => {
    const input = structuredClone(valid) as Record<string, any>;
    const found = leaves(input);
    for (const [pick, text, number] of replacements) {
      const [parent, key] = found[pick % found.length];
      parent[key] = typeof parent[key] === 'number' ? number : text;
    }
    return input as typeof valid;
  });

/** Replaces one parameter, at any depth, with arbitrary JSON. */
function withJsonAt(input: fc.Arbitrary<Record<string, unknown>>) {
  return fc
    .tuple(input, fc.nat(), anyJson, fc.boolean())
    .map(([value, pick, json, top]) => {
      const copy = structuredClone(value);
      const paths: Array<[Record<string, any>, string]> = [];
      const walk = (object: Record<string, any>) => {
        for (const key of Object.keys(object)) {
          paths.push([object, key]);
          if (object[key] && typeof object[key] === 'object') walk(object[key]);
        }
      };
      walk(copy);
      if (top || paths.length === 0) copy[`unknown${pick % 3}`] = json;
      else {
        const [parent, key] = paths[pick % paths.length];
        parent[key] = json;
      }
      return copy;
    });
}

const runs = (numRuns: number) => ({ numRuns });

/**
 * Counts accepted inputs, so a property cannot pass by refusing everything:
 * at least one run in twenty must get through to the writer. Random but
 * well-formed parameters are often refused on their merits since the preset
 * checks (retries that outlast the route timeout, TCP behind a gateway, a
 * refused namespace), so mesh:generate lets about a tenth through.
 */
function coverage(numRuns: number) {
  let accepted = 0;
  return {
    accept: () => accepted++,
    check: () => expect(accepted).toBeGreaterThan(numRuns / 20),
  };
}
// Generous for a loaded machine; the runs themselves take a few seconds.
jest.setTimeout(120_000);

describe('hostile input', () => {
  it('mesh:generate writes exactly the intended YAML inside the workspace, or refuses', async () => {
    const numRuns = 300;
    const seen = coverage(numRuns);
    await fc.assert(
      fc.asyncProperty(
        serviceInput,
        fc.option(folder, { nil: undefined }),
        async (service, targetPath) => {
          const input = { ...service, targetPath };
          const { parent, workspacePath } = sandbox();
          const { error, outputs } = await outcome(
            generate,
            input,
            workspacePath,
          );
          const written = tree(workspacePath);
          expect(readdirSync(parent)).toEqual(['workspace']);
          if (error) {
            expectRefusalWithout(error, written, []);
            return;
          }
          seen.accept();
          // The schema's one default below the top level.
          const ports = input.ports.map(p => ({ protocol: 'http', ...p }));
          const spec = toSpec(
            { ...input, ports },
            goldenPaths[input.goldenPath as string],
          );
          const intended = new Map<string, unknown[]>(
            buildManifests(spec).map(file => [file.name, file.objects]),
          );
          intended.set('kustomization.yaml', [
            {
              apiVersion: 'kustomize.config.k8s.io/v1beta1',
              kind: 'Kustomization',
              resources: [...intended.keys()],
            },
          ]);
          intended.set('workload-labels/kustomization.yaml', [
            readYaml(workloadLabelsComponent(spec))[0],
          ]);
          // The longest name first: workload-labels/kustomization.yaml before kustomization.yaml.
          const names = [...intended.keys()].sort(
            (a, b) => b.length - a.length,
          );
          expect(written.filter(path => !path.endsWith('/')).sort()).toEqual(
            [...outputs.files].sort(),
          );
          for (const file of outputs.files as string[]) {
            const name = names.find(n => `/${file}`.endsWith(`/${n}`))!;
            expect(
              readYaml(readFileSync(join(workspacePath, file), 'utf8')),
            ).toEqual(JSON.parse(JSON.stringify(intended.get(name))));
          }
          expect(outputs.summary).not.toMatch(/[\r\n]/);
          const summary: string = outputs.summary;
          if (spec.exposure.mode === 'gateway')
            expectShownBetween(
              summary,
              ' JWT from ',
              // Delivery and SLO, the last two parts, hold no parameter text.
              summary.lastIndexOf('; ', summary.lastIndexOf('; SLO ') - 1),
              spec.exposure.jwt!.issuer,
            );
          rmSync(parent, { recursive: true, force: true });
        },
      ),
      runs(numRuns),
    );
    seen.check();
  });

  it('mesh:pull-request-body keeps every value in its place in the Markdown, or refuses', async () => {
    const { workspacePath } = sandbox();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    const before = tree(workspacePath);
    const numRuns = 150;
    const seen = coverage(numRuns);
    await fc.assert(
      fc.asyncProperty(
        serviceInput,
        fc.option(fc.array(folder, { maxLength: 3 }), { nil: undefined }),
        async (service, paths) => {
          const input = { ...service, paths };
          const { error, outputs } = await outcome(
            pullRequestBody,
            input,
            workspacePath,
          );
          expect(tree(workspacePath)).toEqual(before);
          if (error) {
            expectRefusal(error);
            return;
          }
          seen.accept();
          const body: string = outputs.body;
          const lines = body.split('\n');
          // Headings and list items only where the body puts them.
          for (const line of lines)
            expect(line).toMatch(
              /^(|# Onboard `[^`]+` to the service mesh|## [A-Z][a-z ]+|Generated by Meshpath on the \*\*.+\*\* golden path.*\.|- .+)$/,
            );
          expect(lines.filter(line => line.startsWith('#'))).toHaveLength(5);
          const exposure = lines.find(line =>
            line.startsWith('- **Exposure:** '),
          )!;
          if (service.exposure?.mode === 'gateway')
            expectShownBetween(
              exposure,
              'requests need a valid JWT from ',
              exposure.lastIndexOf(' (RequestAuthentication + '),
              service.exposure.jwt?.issuer ??
                goldenPaths[service.goldenPath].defaults.exposure?.jwt?.issuer,
            );
        },
      ),
      runs(numRuns),
    );
    seen.check();
  });

  it('mesh:validate reads only the workspace, or refuses', async () => {
    const { parent, workspacePath } = sandbox();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    // Something outside the workspace an escape would find.
    writeFileSync(
      join(parent, 'outside.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: { name: outside, namespace: outside }\n',
    );
    const before = tree(parent);
    const numRuns = 300;
    const seen = coverage(numRuns);
    await fc.assert(
      fc.asyncProperty(
        field(fc.constantFrom('tier-1', 'tier-2', 'internal-tool')),
        fc.option(fc.array(folder, { maxLength: 3 }), { nil: undefined }),
        async (goldenPath, paths) => {
          const { error, outputs } = await outcome(
            validate,
            { goldenPath, paths },
            workspacePath,
          );
          expect(tree(parent)).toEqual(before);
          if (error) expectRefusal(error);
          if (error && !error.message.startsWith('The mesh manifests have'))
            return;
          seen.accept();
          const lines = [
            error?.message ?? '',
            ...(outputs.warnings ?? []),
            ...(outputs.compliance ?? []),
          ].join('\n');
          expect(lines).not.toContain('outside');
        },
      ),
      runs(numRuns),
    );
    seen.check();
  });

  const catalogInfo = `# The payments service.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments # keep
  annotations:
    github.com/project-slug: acme/payments
spec:
  type: service
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-api
spec:
  type: openapi
`;

  it('mesh:catalog:annotate sets exactly the four annotations to the given text, or refuses', async () => {
    const annotationInput = fc.record(
      {
        filePath: field(fc.constant('catalog-info.yaml'), folder),
        name: field(fc.constant('payments')),
        manifestsPath: field(fc.constant('deploy/mesh')),
        goldenPath: field(fc.constant('tier-1')),
        kubernetesId: field(fc.oneof(fc.constant('payments'), ambiguousLabel)),
        namespace: field(fc.oneof(fc.constant('payments'), ambiguousLabel)),
      },
      { requiredKeys: ['manifestsPath', 'goldenPath'] },
    );
    const numRuns = 300;
    const seen = coverage(numRuns);
    await fc.assert(
      fc.asyncProperty(annotationInput, async input => {
        const { parent, workspacePath } = sandbox();
        writeFileSync(join(workspacePath, 'catalog-info.yaml'), catalogInfo);
        const { error, outputs } = await outcome(
          annotate,
          input,
          workspacePath,
        );
        expect(tree(parent)).toEqual([
          'workspace/',
          'workspace/catalog-info.yaml',
        ]);
        const after = readFileSync(
          join(workspacePath, 'catalog-info.yaml'),
          'utf8',
        );
        if (error) {
          expectRefusalWithout(error, after, catalogInfo);
          return;
        }
        seen.accept();
        expect(outputs.changed).toBe(true);
        const [component, api] = readYaml(after) as any[];
        const [originalComponent, originalApi] = readYaml(catalogInfo) as any[];
        expect(api).toEqual(originalApi);
        const expected = Object.fromEntries(
          Object.entries({
            'meshpath.io/manifests': input.manifestsPath,
            'meshpath.io/golden-path': input.goldenPath,
            'backstage.io/kubernetes-id': input.kubernetesId,
            'backstage.io/kubernetes-namespace': input.namespace,
          }).filter(([, value]) => value !== undefined),
        );
        expect(component).toEqual({
          ...originalComponent,
          metadata: {
            ...originalComponent.metadata,
            annotations: {
              ...originalComponent.metadata.annotations,
              ...expected,
            },
          },
        });
        expect(after).toContain('name: payments # keep');
        rmSync(parent, { recursive: true, force: true });
      }),
      runs(numRuns),
    );
    seen.check();
  });

  it.each([
    ['mesh:generate', generate, serviceInput],
    [
      'mesh:pull-request-body',
      pullRequestBody,
      serviceInput.map(input => ({ ...input, paths: ['.'] })),
    ],
    [
      'mesh:validate',
      validate,
      fc.record({
        goldenPath: fc.constant('tier-2'),
        paths: fc.constant(['.']),
      }),
    ],
    [
      'mesh:catalog:annotate',
      annotate,
      fc.record({
        manifestsPath: fc.constant('deploy/mesh'),
        goldenPath: fc.constant('tier-1'),
        kubernetesId: fc.constant('payments'),
      }),
    ],
  ] as const)(
    '%s refuses parameters of the wrong shape with an InputError',
    async (_, action, valid) => {
      const { parent, workspacePath } = sandbox();
      writeFileSync(join(workspacePath, 'catalog-info.yaml'), catalogInfo);
      await fc.assert(
        fc.asyncProperty(
          withJsonAt(valid as fc.Arbitrary<Record<string, unknown>>),
          async input => {
            const { error } = await outcome(action, input, workspacePath);
            if (error) expectRefusal(error);
            expect(({} as any).polluted).toBeUndefined();
            for (const path of tree(parent))
              expect(path.startsWith('workspace')).toBe(true);
          },
        ),
        runs(300),
      );
    },
  );
});
