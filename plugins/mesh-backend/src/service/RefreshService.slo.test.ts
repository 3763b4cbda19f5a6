import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  readSloOptions,
  type KubernetesObject,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { DatabaseMeshStore } from '../database';
import { RefreshService, type RefreshServiceOptions } from './RefreshService';

jest.setTimeout(60_000);

const id = { 'backstage.io/kubernetes-id': 'orders' };

// One service whose team wrote its own alert, labelled as its platform routes pages.
const objects: KubernetesObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders', namespace: 'shop', labels: id },
    spec: {
      selector: { matchLabels: { app: 'orders' } },
      template: {
        metadata: { labels: { app: 'orders' } },
        spec: { containers: [{ name: 'orders', image: 'orders:1' }] },
      },
    },
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'orders-slo', namespace: 'shop', labels: id },
    spec: {
      groups: [
        {
          name: 'orders',
          rules: [
            {
              alert: 'OrdersBudgetBurn',
              expr: 'slo:errors:ratio_rate1h > 0.0144',
              labels: { severity: 'page' },
            },
          ],
        },
      ],
    },
  },
];

describe('the refresh judges hand-written alerts by mesh.slo', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function storedCodes(slo?: RefreshServiceOptions['slo']) {
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
    });
    await new RefreshService({
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'orders', namespace: 'default', annotations: id },
            spec: { type: 'service', owner: 'team', lifecycle: 'production' },
          },
        ],
      }),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
      clusterSources: [
        {
          name: 'fixture',
          listClusters: async () => ['prod'],
          readCluster: async cluster => ({
            cluster,
            objects,
            errors: [],
            listCalls: 0,
          }),
        },
      ],
      analyzer: await createAnalyzer(),
      rootNamespace: 'istio-system',
      historyRetentionDays: 90,
      ...(slo ? { slo } : {}),
    }).refreshAll(new Date());
    const state = await store.getState('component:default/orders');
    return (state?.compliance.findings ?? []).map(f => f.code);
  }

  it('accepts the severities of mesh.slo.alertSeverities, and flags them under the defaults', async () => {
    const mapped = readSloOptions(
      new ConfigReader({
        mesh: { slo: { alertSeverities: { page: 'page', ticket: 'ticket' } } },
      }),
    );
    expect(await storedCodes(mapped)).not.toContain('MP1405');
    expect(await storedCodes()).toContain('MP1405');
    expect(await storedCodes(readSloOptions(new ConfigReader({})))).toContain(
      'MP1405',
    );
  });
});
