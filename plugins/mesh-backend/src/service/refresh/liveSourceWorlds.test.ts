import type { LiveObjectSource } from '@meshpath/plugin-mesh-node';
import { LiveSourceWorlds } from './liveSourceWorlds';

const object = (kind: string, namespace: string, name: string) => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace },
});

describe('LiveSourceWorlds', () => {
  it("reads a per-entity source's objects as whole clusters, with the mesh-wide ones, once per round", async () => {
    const calls: string[] = [];
    const source: LiveObjectSource = {
      name: 'legacy',
      async fetchObjects(entityRef) {
        calls.push(entityRef);
        const name = entityRef.split('/')[1];
        if (name === 'broken') throw new Error('503 from the cluster');
        return {
          clusters: [
            {
              cluster: name === 'cart' ? 'us' : 'eu',
              objects: [object('Service', 'shop', name)],
              errors: [],
            },
          ],
          errors: [],
        };
      },
      async fetchMeshWide() {
        calls.push('mesh-wide');
        return {
          clusters: [
            {
              cluster: 'eu',
              objects: [object('Namespace', 'shop', 'shop')],
              errors: [],
            },
          ],
          errors: [],
        };
      },
    };
    const worlds = new LiveSourceWorlds(source, async () => [
      'component:default/checkout',
      'component:default/cart',
      'component:default/broken',
    ]);
    expect((await worlds.listClusters()).sort()).toEqual(['eu', 'us']);
    const eu = await worlds.readCluster('eu');
    expect(eu.objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Namespace/shop',
      'Service/checkout',
    ]);
    expect(eu.errors).toEqual([
      'component:default/broken: 503 from the cluster',
    ]);
    expect(await worlds.readCluster('us')).toMatchObject({
      objects: [object('Service', 'shop', 'cart')],
      errors: ['component:default/broken: 503 from the cluster'],
    });
    // One round serves every cluster's task.
    expect(calls).toHaveLength(4);
    expect(await worlds.readCluster('ap')).toMatchObject({
      objects: [],
      errors: ['legacy returned no objects for ap'],
    });
  });
});
