import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { loadManifests } from '@meshpath/mesh-engine';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { readCodeSpan } from '../__testUtils__/markdown';
import { createMeshGenerateAction } from './generate';
import { examples } from './generate.examples';

const goldenPaths = repositoryGoldenPaths();
const action = createMeshGenerateAction({ goldenPaths, analyzer });
const expectedDir = resolve(__dirname, '__expected__', 'generate');

const payments = {
  goldenPath: 'tier-2',
  name: 'payments',
  namespace: 'payments',
  ports: [{ port: 8080, protocol: 'http' as const }],
  // storefront runs in storefront-web (below): the reference examples agree.
  callers: { serviceAccounts: ['storefront-web/storefront'] },
  targetPath: 'deploy/mesh',
};

const storefront = {
  goldenPath: 'tier-1',
  name: 'storefront',
  namespace: 'storefront-web',
  ports: [{ port: 80, targetPort: 8080, protocol: 'http' as const }],
  exposure: {
    mode: 'gateway' as const,
    gateway: 'istio-system/public-gateway',
    hosts: ['shop.example.com'],
    tlsCredential: 'public-gateway-cert',
    jwt: {
      issuer: 'https://login.example.com/',
      jwksUri: 'https://login.example.com/.well-known/jwks.json',
    },
  },
  targetPath: 'deploy/mesh',
};

async function run(
  input: Record<string, unknown>,
  workspacePath = tempWorkspace(),
  isDryRun = false,
) {
  const ctx = createMockActionContext({
    input: input as any,
    workspacePath,
    isDryRun,
  });
  await action.handler(ctx as any);
  return { workspacePath, ctx };
}

/** Every file under a folder, by its path inside it. */
const read = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter(name => statSync(join(dir, name)).isFile())
      .sort()
      .map(name => [name, readFileSync(join(dir, name), 'utf8')]),
  );

describe('the reference examples', () => {
  // A 403 is not a 5xx: a caller admitted in the wrong namespace is an outage the availability SLO never sees.
  it.each([
    [
      'the documented examples',
      examples.map(e => parse(e.example).steps[0].input),
    ],
    ['the reviewed manifests above', [payments, storefront]],
  ])(
    '%s agree: a caller named after another example runs in its namespace',
    (_, services: Array<Record<string, any>>) => {
      const namespaceOf = new Map(services.map(s => [s.name, s.namespace]));
      const callers = services.flatMap(
        s => (s.callers?.serviceAccounts ?? []) as string[],
      );
      expect(callers.length).toBeGreaterThan(0);
      const misplaced = callers.filter(caller => {
        const [namespace, name] = caller.split('/');
        return namespaceOf.has(name) && namespaceOf.get(name) !== namespace;
      });
      expect(misplaced).toEqual([]);
    },
  );
});

describe('mesh:generate', () => {
  it.each([
    ['tier-2 mesh-internal service, blue/green', payments, 'payments'],
    ['tier-1 service exposed with JWT, canary', storefront, 'storefront'],
  ])('writes the reviewed manifests for a %s', async (_, input, expected) => {
    const { workspacePath, ctx } = await run(input);
    expect(read(join(workspacePath, 'deploy', 'mesh'))).toEqual(
      read(join(expectedDir, expected)),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'files',
      expect.arrayContaining(['deploy/mesh/kustomization.yaml']),
    );
  });

  it('writes the same bytes when run twice', async () => {
    const { workspacePath } = await run(storefront);
    const first = read(join(workspacePath, 'deploy', 'mesh'));
    const { ctx } = await run(storefront, workspacePath);
    expect(read(join(workspacePath, 'deploy', 'mesh'))).toEqual(first);
    expect(ctx.output).toHaveBeenCalledWith(
      'files',
      expect.arrayContaining(['deploy/mesh/canary.yaml']),
    );
  });

  it('onboards a second service into the same namespace without a conflicting object', async () => {
    const workspacePath = tempWorkspace();
    await run({ ...payments, targetPath: 'payments/mesh' }, workspacePath);
    await run(
      {
        ...payments,
        name: 'refunds',
        callers: { serviceAccounts: ['payments/payments'] },
        targetPath: 'refunds/mesh',
      },
      workspacePath,
    );
    const first = read(join(workspacePath, 'payments', 'mesh'));
    const second = read(join(workspacePath, 'refunds', 'mesh'));
    // The namespace's own objects: the same bytes from either service.
    expect(second['namespace.yaml']).toBe(first['namespace.yaml']);
    const { objects } = await loadManifests([workspacePath]);
    const identities = objects
      .filter(o => !o.source?.file.endsWith('namespace.yaml'))
      .map(
        o =>
          `${o.object.kind}/${o.object.metadata.namespace}/${o.object.metadata.name}`,
      );
    expect(new Set(identities).size).toBe(identities.length);
  });

  it('writes nothing outside the workspace in a dry run', async () => {
    const parent = tempWorkspace();
    const workspacePath = join(parent, 'workspace');
    mkdirSync(workspacePath);
    await run(payments, workspacePath, true);
    expect(readdirSync(parent)).toEqual(['workspace']);
    expect(
      readdirSync(join(workspacePath, 'deploy', 'mesh')).length,
    ).toBeGreaterThan(0);
  });

  const strategies = ['canary', 'blue-green', 'ab-testing', 'none'] as const;
  const combinations = Object.keys(goldenPaths).flatMap(preset =>
    strategies.flatMap(strategy =>
      [false, true].map(exposed => ({ preset, strategy, exposed })),
    ),
  );
  const lockedOut = ({ preset, strategy }: (typeof combinations)[number]) =>
    goldenPaths[preset].locked.includes('delivery.strategy') &&
    strategy !== goldenPaths[preset].defaults.delivery?.strategy;
  const inputFor = ({
    preset,
    strategy,
    exposed,
  }: (typeof combinations)[number]): Record<string, unknown> => ({
    ...(exposed ? storefront : payments),
    goldenPath: preset,
    delivery: { strategy, abHeader: 'x-insider' },
  });

  it.each(
    combinations
      .filter(c => !lockedOut(c))
      .map(c => [c.preset, c.strategy, c.exposed, c] as const),
  )(
    'golden path %s, delivery %s, exposed %s: schema-valid and no error from the engine',
    async (preset, strategy, exposed, combination) => {
      // Without Flagger the generator writes the Service (as the new-service template asks); Flagger creates its own.
      const input: Record<string, unknown> = {
        ...inputFor(combination),
        kubernetesService: strategy === 'none',
      };
      const workspacePath = tempWorkspace();
      writeServiceContext(workspacePath, {
        name: input.name as string,
        namespace: input.namespace as string,
        port: exposed ? 80 : 8080,
        targetPort: exposed ? 8080 : undefined,
      });
      await run(input, workspacePath);
      const { objects, findings: parseFindings } = await loadManifests([
        join(workspacePath, 'deploy'),
      ]);
      const { findings } = (await analyzer()).analyze(objects, {
        rules: goldenPaths[preset].rules,
      });
      expect(
        [...parseFindings, ...findings].filter(f => f.severity === 'error'),
      ).toEqual([]);
      const generated = objects.filter(o => o.source?.file.includes('/mesh/'));
      expect(generated.length).toBeGreaterThan(5);
      // The namespace's own objects carry the namespace's label; every other one the service's.
      for (const { object, source } of generated)
        expect(object.metadata.labels).toMatchObject(
          source?.file.endsWith('/namespace.yaml')
            ? { 'meshpath.io/namespace': input.namespace }
            : { 'backstage.io/kubernetes-id': input.name },
        );
    },
  );

  it.each(
    combinations.filter(lockedOut).map(c => [c.preset, c.strategy, c] as const),
  )(
    'golden path %s refuses delivery %s: it locks the strategy',
    async (preset, _strategy, combination) => {
      await expect(run(inputFor(combination))).rejects.toThrow(
        `golden path ${preset} locks delivery.strategy`,
      );
    },
  );

  it('summarises the change as Markdown that keeps every value in its code span', async () => {
    const issuer = 'https://login.example.com/` **bold** @admin <b>x</b> ``';
    const { ctx } = await run({
      ...storefront,
      goldenPath: 'tier-2',
      exposure: {
        ...storefront.exposure,
        jwt: { ...storefront.exposure.jwt, issuer },
      },
    });
    const summary: string = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'summary',
    )[1];
    expect(summary).toMatch(
      /^`storefront` in `storefront-web` on golden path `tier-2` \(sidecar, Istio API v1\); STRICT mTLS; callers: none \(deny all\); exposed as `shop.example.com` through `storefront-web\/storefront-ingress`, JWT from (.*); Flagger blue\\-green; SLO 99\.5% available/,
    );
    const shown = / JWT from (.*); Flagger /.exec(summary)![1];
    expect(readCodeSpan(shown)).toBe(issuer);
  });

  it('names in its summary the Gateway the routes bind to: the service’s own with a TLS credential, else the platform’s', async () => {
    const summaryOf = async (input: Record<string, unknown>) =>
      ((await run(input)).ctx.output as jest.Mock).mock.calls.find(
        c => c[0] === 'summary',
      )[1] as string;
    const own = await summaryOf(storefront);
    expect(own).toContain('through `storefront-web/storefront-ingress`');
    expect(own).not.toContain('public-gateway`');
    const { tlsCredential: _t, ...platformExposure } = storefront.exposure;
    expect(
      await summaryOf({
        ...storefront,
        // tier-1's defaults bring a TLS credential; tier-2's do not.
        goldenPath: 'tier-2',
        exposure: platformExposure,
      }),
    ).toContain('through `istio-system/public-gateway`');
  });

  it('quotes values a YAML 1.1 reader such as kubectl would read as booleans or numbers', async () => {
    const { workspacePath } = await run({
      ...payments,
      name: 'yes',
      versions: ['on', '010'],
      callers: { serviceAccounts: ['on/no'] },
    });
    for (const text of Object.values(
      read(join(workspacePath, 'deploy', 'mesh')),
    )) {
      expect(
        parseAllDocuments(text, { version: '1.1' }).map(d => d.toJS()),
      ).toEqual(parseAllDocuments(text, { version: '1.2' }).map(d => d.toJS()));
    }
    expect(
      readFileSync(
        join(workspacePath, 'deploy', 'mesh', 'peerauthentication.yaml'),
        'utf8',
      ),
    ).toContain('backstage.io/kubernetes-id: "yes"');
  });

  it('uses v1beta1 for older clusters', async () => {
    const { workspacePath } = await run({
      ...payments,
      istioApiVersion: 'v1beta1',
    });
    const { objects } = await loadManifests([
      join(workspacePath, 'deploy', 'mesh'),
    ]);
    const istio = objects.filter(o => o.object.apiVersion.includes('istio.io'));
    expect(istio.length).toBeGreaterThan(0);
    expect(new Set(istio.map(o => o.object.apiVersion.split('/')[1]))).toEqual(
      new Set(['v1beta1']),
    );
  });

  it('does not emit a VirtualService or DestinationRule when Flagger delivers the service', async () => {
    const { workspacePath } = await run(storefront);
    const { objects } = await loadManifests([
      join(workspacePath, 'deploy', 'mesh'),
    ]);
    expect(objects.map(o => o.object.kind)).not.toContain('VirtualService');
    expect(objects.map(o => o.object.kind)).not.toContain('DestinationRule');
    const canary = objects.find(o => o.object.kind === 'Canary')!.object;
    expect(canary.spec.service.timeout).toBe('3s');
    expect(canary.spec.service.trafficPolicy.outlierDetection).toEqual({
      consecutive5xxErrors: 5,
      interval: '10s',
      baseEjectionTime: '30s',
    });
  });

  describe('refuses bad input before writing anything', () => {
    it.each([
      [
        'a name that is not a DNS label',
        { name: 'Payments_Svc' },
        'name: "Payments_Svc" is not a DNS-1123 label',
      ],
      [
        'a port out of range',
        { ports: [{ port: 70000, protocol: 'http' }] },
        'ports[0].port: 70000 is outside 1–65535',
      ],
      [
        'a duration that is not one',
        { trafficPolicy: { timeout: 'soon' } },
        'trafficPolicy.timeout: "soon" is not a duration',
      ],
      [
        'a percentage out of range',
        { slo: { availability: 100 } },
        'slo.availability: 100 is outside 50–99.999',
      ],
      [
        'a latency off the histogram buckets',
        { slo: { latencyThresholdMs: 300 } },
        'slo.latencyThresholdMs: 300 is not an Istio histogram bucket edge',
      ],
      [
        'a JWKS URL that is not https',
        {
          exposure: {
            ...storefront.exposure,
            jwt: { issuer: 'x', jwksUri: 'http://login.example.com/jwks' },
          },
          goldenPath: 'tier-2',
        },
        'exposure.jwt.jwksUri: "http://login.example.com/jwks" must be an https URL',
      ],
      [
        'a newline that would add a YAML key',
        { namespace: 'payments\n  evil: true' },
        'namespace: contains a control character, newline or template syntax',
      ],
      [
        'template syntax',
        { callers: { serviceAccounts: ['${{ parameters.x }}/sa'] } },
        'callers.serviceAccounts[0]: contains a control character, newline or template syntax',
      ],
      [
        'a host with a newline',
        {
          exposure: {
            ...storefront.exposure,
            hosts: ['shop.example.com\nkind: Secret'],
          },
          goldenPath: 'tier-2',
        },
        'exposure.hosts[0]: contains a control character',
      ],
      [
        'a text where a list belongs',
        { callers: { serviceAccounts: 'storefront/storefront' } },
        'callers.serviceAccounts: Expected array, received string',
      ],
      [
        'a parameter that is not one, such as __proto__',
        JSON.parse('{"__proto__": {"polluted": true}}'),
        'input: not a parameter: "__proto__"',
      ],
      [
        'a right-to-left override in the JWT issuer',
        {
          exposure: {
            ...storefront.exposure,
            jwt: { ...storefront.exposure.jwt, issuer: 'https://\u202eevil' },
          },
          goldenPath: 'tier-2',
        },
        'exposure.jwt.issuer: contains a control character, newline or template syntax',
      ],
      [
        'a name of 5000 characters, without repeating it',
        { name: 'a'.repeat(5000) },
        /^Refused 1 parameter\(s\):\n- name: String must contain at most 253 character\(s\)$/,
      ],
      [
        'an unknown golden path',
        { goldenPath: 'tier-0' },
        'goldenPath: "tier-0" is not a golden path; choose one of tier-1, tier-2, internal-tool',
      ],
    ])('%s', async (_, change, message) => {
      const workspacePath = tempWorkspace();
      const refusal = run({ ...payments, ...change }, workspacePath);
      await expect(refusal).rejects.toThrow(message);
      await expect(refusal).rejects.toMatchObject({ name: 'InputError' });
      expect(readdirSync(workspacePath)).toEqual([]);
    });

    it('refuses to weaken a locked field, naming the preset and the field', async () => {
      await expect(
        run({ ...storefront, trafficPolicy: { retries: { attempts: 5 } } }),
      ).rejects.toThrow(
        'golden path tier-1 locks trafficPolicy.retries.attempts: it must be at most 2, got 5',
      );
      await expect(
        run({ ...storefront, slo: { availability: 99 } }),
      ).rejects.toThrow(
        'golden path tier-1 locks slo.availability: it must be at least 99.9, got 99',
      );
      // Strengthening a locked field is fine.
      await expect(
        run({
          ...storefront,
          trafficPolicy: { retries: { attempts: 1 } },
          slo: { availability: 99.95 },
        }),
      ).resolves.toBeDefined();
    });

    it.each([
      ['..', '../outside'],
      ['an absolute path', '/etc/mesh'],
    ])('refuses a target path with %s', async (_, targetPath) => {
      const workspacePath = tempWorkspace();
      await expect(
        run({ ...payments, targetPath }, workspacePath),
      ).rejects.toThrow('targetPath:');
      expect(readdirSync(workspacePath)).toEqual([]);
    });

    it('refuses a target path that leaves the workspace through a symlink', async () => {
      const workspacePath = tempWorkspace();
      symlinkSync(tempWorkspace(), join(workspacePath, 'escape'));
      await expect(
        run({ ...payments, targetPath: 'escape/mesh' }, workspacePath),
      ).rejects.toThrow(
        'targetPath: "escape/mesh" leads outside the workspace',
      );
    });
  });
});
