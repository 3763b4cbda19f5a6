import type { Entity } from '@backstage/catalog-model';
import { sloDataplane, sloWorkload } from './serviceIdentity';
import type { Collected } from './types';

const object = (
  kind: string,
  name: string,
  labels?: Record<string, string>,
) => ({
  apiVersion: kind === 'Namespace' ? 'v1' : 'apps/v1',
  kind,
  metadata: {
    name,
    namespace: kind === 'Namespace' ? undefined : 'pay',
    labels,
  },
});

const collected = (
  objects: unknown[],
  annotations: Record<string, string> = {},
): Collected => {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-service', annotations },
  };
  return {
    entity,
    entityRef: 'component:default/payments-service',
    live: { clusters: [{ cluster: 'prod', objects }], errors: [] } as any,
  };
};

describe("an entity's workload, as Istio's telemetry names it", () => {
  it("is its live Deployment, Flagger's primary folded in, in its namespace", () => {
    const flagger = collected(
      [
        object('Service', 'payments-primary'),
        object('Deployment', 'payments-primary'),
        object('Deployment', 'payments'),
      ],
      { 'backstage.io/kubernetes-namespace': 'pay' },
    );
    expect(sloWorkload(flagger)).toEqual({
      name: 'payments',
      namespace: 'pay',
    });
  });

  it('is its kubernetes-id without live workloads, else its name', () => {
    expect(
      sloWorkload(
        collected([], {
          'backstage.io/kubernetes-id': 'payments',
          'backstage.io/kubernetes-namespace': 'pay',
        }),
      ),
    ).toEqual({ name: 'payments', namespace: 'pay' });
    expect(sloWorkload(collected([])).name).toBe('payments-service');
  });

  it('is ambient when its live Namespace is enrolled, whatever its preset says', () => {
    const enrolled = collected([
      object('Namespace', 'pay', { 'istio.io/dataplane-mode': 'ambient' }),
    ]);
    expect(sloDataplane(enrolled, 'sidecar')).toBe('ambient');
    expect(
      sloDataplane(collected([object('Namespace', 'pay')]), 'sidecar'),
    ).toBe('sidecar');
    expect(sloDataplane(collected([]), undefined)).toBeUndefined();
  });
});
