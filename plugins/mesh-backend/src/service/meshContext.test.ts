import type { ClusterWorldSource } from '@meshpath/plugin-mesh-node';
import { MeshContextReader } from './meshContext';

/** A cluster source that counts its reads and fails while told to. */
function countingSource() {
  const state = { reads: 0, failing: false };
  const source: ClusterWorldSource = {
    name: 'kubernetes',
    listClusters: async () => {
      if (state.failing) throw new Error('cluster API unreachable');
      return ['prod-eu'];
    },
    readCluster: async cluster => {
      state.reads += 1;
      return {
        cluster,
        objects: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        ],
        errors: [],
        listCalls: 1,
      };
    },
  };
  return { source, state };
}

describe('MeshContextReader', () => {
  it('reads each cluster once per time-to-live, so a batch of onboardings costs one read', async () => {
    const { source, state } = countingSource();
    let now = 0;
    const reader = new MeshContextReader({
      sources: [source],
      rootNamespace: 'istio-system',
      ttlMs: 60_000,
      now: () => now,
    });
    for (let i = 0; i < 100; i++) await reader.read([`service-${i}`]);
    expect(state.reads).toBe(1);
    now = 60_000;
    await reader.read(['shop']);
    expect(state.reads).toBe(2);
  });

  it('reports a source it cannot read, and tries it again on the next request', async () => {
    const { source, state } = countingSource();
    const reader = new MeshContextReader({
      sources: [source],
      rootNamespace: 'istio-system',
      now: () => 0,
    });
    state.failing = true;
    expect(await reader.read(['shop'])).toEqual({
      clusters: [],
      objects: [],
      errors: ['kubernetes: cluster API unreachable'],
    });
    state.failing = false;
    expect((await reader.read(['shop'])).clusters).toEqual(['prod-eu']);
  });
});
