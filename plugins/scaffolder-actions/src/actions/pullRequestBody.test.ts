import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCodeSpan, readText } from '../__testUtils__/markdown';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshGenerateAction } from './generate';
import { createMeshPullRequestBodyAction } from './pullRequestBody';

const goldenPaths = repositoryGoldenPaths();

const storefront = {
  goldenPath: 'tier-2',
  name: 'storefront',
  namespace: 'storefront',
  ports: [{ port: 80, targetPort: 8080, protocol: 'http' }],
  exposure: {
    mode: 'gateway',
    gateway: 'istio-system/public-gateway',
    hosts: ['shop.example.com'],
    jwt: {
      issuer: 'https://login.example.com/',
      jwksUri: 'https://login.example.com/.well-known/jwks.json',
    },
  },
};

async function bodyFor(
  input: Record<string, unknown>,
  paths = goldenPaths,
): Promise<string> {
  const ctx = createMockActionContext({
    input: { ...input, paths: ['.'] } as any,
    workspacePath: tempWorkspace(),
  });
  await createMeshPullRequestBodyAction({
    goldenPaths: paths,
    analyzer,
  }).handler(ctx as any);
  return (ctx.output as jest.Mock).mock.calls.find(c => c[0] === 'body')[1];
}

/** The body's lines where they differ from the reference body's. */
function changedLines(body: string, reference: string) {
  const lines = body.split('\n');
  const referenceLines = reference.split('\n');
  expect(lines).toHaveLength(referenceLines.length);
  return lines.filter((line, i) => line !== referenceLines[i]);
}

describe('mesh:pull-request-body', () => {
  it('describes the objects, effective policies, SLOs and compliance checks of the change', async () => {
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    const input = {
      goldenPath: 'tier-2',
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'http' }],
      callers: { serviceAccounts: ['storefront/storefront'] },
    };
    await createMeshGenerateAction({ goldenPaths, analyzer }).handler(
      createMockActionContext({ input: input as any, workspacePath }) as any,
    );

    const ctx = createMockActionContext({
      input: { ...input, paths: ['deploy'] } as any,
      workspacePath,
    });
    await createMeshPullRequestBodyAction({ goldenPaths, analyzer }).handler(
      ctx as any,
    );
    const body: string = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'body',
    )[1];

    expect(body).toBe(
      readFileSync(
        resolve(__dirname, '__expected__', 'pull-request-body', 'payments.md'),
        'utf8',
      ),
    );
    expect(body).toContain('# Onboard `payments` to the service mesh');
    expect(body).toContain(
      '**tier\\-2** golden path (Internal services other teams depend on)',
    );
    expect(body).toContain('- `Canary` `payments/payments` (canary.yaml)');
    expect(body).toContain(
      '- `AuthorizationPolicy` `payments/payments-deny-all` (namespace.yaml)',
    );
    expect(body).toContain(
      '- **Who may call it:** service account `storefront/storefront`.',
    );
    expect(body).toContain('- **mTLS:** STRICT');
    expect(body).toContain('- **Exposure:** mesh-internal only.');
    expect(body).toContain('- Availability: 99.5% of requests succeed');
    expect(body).toContain('- ✅ MP2001: STRICT mTLS is in effect');
    expect(body).toContain(
      '- ✅ MP2008: Canary payments gates on success rate and latency',
    );
    expect(body).not.toContain('❌');
  });

  it('says what the pool limit caps: requests over HTTP or on Flagger, connections for TCP alone', async () => {
    const limitLine = (body: string) =>
      body.split('\n').find(line => line.startsWith('- **Resilience:**'));
    expect(limitLine(await bodyFor(storefront))).toMatch(
      / at most \d+ concurrent requests \(`http2MaxRequests`\)\.$/,
    );
    const tcpOnly = {
      goldenPath: 'internal-tool',
      name: 'ledger',
      namespace: 'ledger',
      ports: [{ port: 5432, protocol: 'tcp' }],
    };
    expect(limitLine(await bodyFor(tcpOnly))).toMatch(
      / at most \d+ TCP connections\.$/,
    );
  });

  it('keeps a hostile JWT issuer inside its code span', async () => {
    const issuer =
      'https://login.example.com/` [click](https://evil.example) @admin <img src=x onerror=alert(1)> ``';
    const reference = await bodyFor(storefront);
    const body = await bodyFor({
      ...storefront,
      exposure: {
        ...storefront.exposure,
        jwt: { ...storefront.exposure.jwt, issuer },
      },
    });
    const [exposure, ...others] = changedLines(body, reference);
    expect(others).toEqual([]);
    const shown =
      /requests need a valid JWT from (.*) \(RequestAuthentication/.exec(
        exposure,
      )?.[1];
    expect(readCodeSpan(shown!)).toBe(issuer);
  });

  it('escapes the golden path name and description as plain text', async () => {
    const hostile = {
      ...goldenPaths,
      'tier-2': {
        ...goldenPaths['tier-2'],
        name: 'tier-2** <b>',
        description: '@platform see #1 [docs](https://evil.example)\n# Heading',
      },
    };
    const reference = await bodyFor(storefront);
    const [line, ...others] = changedLines(
      await bodyFor(storefront, hostile),
      reference,
    );
    expect(others).toEqual([]);
    expect(line).toBe(
      'Generated by Meshpath on the **tier\\-2\\*\\* \\<b\\>** golden path (\\@&#8203;platform see \\#&#8203;1 \\[docs\\]\\(https\\:&#8203;\\/\\/evil\\.example\\)\\\\u000A\\# Heading).',
    );
    expect(readText(line)).toContain(
      '@\u200bplatform see #\u200b1 [docs](https:\u200b//evil.example)\\u000A# Heading',
    );
  });
});
