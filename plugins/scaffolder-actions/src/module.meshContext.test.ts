import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real mesh backend beside the scaffolder, as a portal runs them: a test-only dependency.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import meshPlugin from '@meshpath/plugin-mesh-backend';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { scaffolderModuleMesh } from './module';

jest.setTimeout(60_000);

const appConfig = parse(
  readFileSync(resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
);

// The repository holds only the service's policy: its callers live elsewhere.
const policy = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'payments-callers', namespace: 'payments' },
  spec: {
    action: 'ALLOW',
    rules: [
      {
        from: [
          {
            source: {
              principals: ['cluster.local/ns/storefront/sa/storefront'],
            },
          },
        ],
      },
    ],
  },
};

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'validate-only' },
  spec: {
    type: 'service',
    steps: [
      {
        id: 'fetch',
        action: 'fetch:plain',
        input: { url: './repository' },
      },
      {
        id: 'validate',
        action: 'mesh:validate',
        input: { goldenPath: 'tier-2', failOnErrors: false },
      },
    ],
    output: {
      text: [
        {
          title: 'notes',
          content: '${{ steps.validate.output.notes | join("\\n") }}',
        },
        {
          title: 'warnings',
          content: '${{ steps.validate.output.warnings | join("\\n") }}',
        },
      ],
    },
  },
};

/** The real scaffolder and the real mesh backend in one backend, with a cluster snapshot holding `objects`. */
async function start(objects: object[]) {
  const folder = mkdtempSync(join(tmpdir(), 'meshpath-cluster-'));
  writeFileSync(
    join(folder, 'cluster.yaml'),
    objects.map(o => stringify(o)).join('---\n'),
  );
  const { server } = await startTestBackend({
    features: [
      scaffolderBackend,
      scaffolderModuleMesh,
      meshPlugin,
      mockServices.database.factory(),
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: {
          mesh: {
            ...appConfig.mesh,
            kubernetes: { enabled: false },
            refresh: { enabled: false },
            clusterSnapshots: [{ name: 'prod-eu', path: folder }],
          },
        },
      }),
    ],
  });
  return server;
}

async function dryRun(server: Parameters<typeof request>[0]) {
  const response = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template,
      values: {},
      secrets: {},
      directoryContents: [
        {
          path: 'repository/deploy/policy.yaml',
          base64Content: Buffer.from(stringify(policy)).toString('base64'),
        },
      ],
    });
  expect(response.body.error ?? response.status).toBe(200);
  const text = (title: string): string =>
    response.body.output.text.find((t: any) => t.title === title).content;
  return { notes: text('notes'), warnings: text('warnings') };
}

describe('mesh:validate with the mesh backend in the same backend', () => {
  it('reads the callers from the live mesh: present there, nothing is assumed', async () => {
    const server = await start([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storefront' } },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'storefront', namespace: 'storefront' },
      },
    ]);
    const { notes, warnings } = await dryRun(server);
    expect(notes).not.toContain('Assumed');
    expect(notes).not.toContain('not consulted');
    expect(warnings).not.toContain('MP1119');
  });

  it('reports a caller the live mesh lacks as a finding, not an assumption', async () => {
    const server = await start([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storefront' } },
    ]);
    const { notes, warnings } = await dryRun(server);
    expect(notes).not.toContain('Assumed');
    expect(warnings).toMatch(
      /MP1119 deploy\/policy.yaml:1 AuthorizationPolicy payments-callers: .*storefront\/storefront, which does not exist/,
    );
  });
});
