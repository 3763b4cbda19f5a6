import { meshFixtures } from '../__testUtils__/meshFixtures';
import type { MeshKubernetesObject } from '../sources/types';
import { allowedCallers, canaries, effectiveMtls } from './meshFacts';

const objects = (): MeshKubernetesObject[] =>
  meshFixtures('checkout').map(
    f =>
      ({
        ...f.object,
        apiVersion: f.group ? `${f.group}/${f.version}` : f.version,
      } as MeshKubernetesObject),
  );

const pa = (
  namespace: string,
  mode: string,
  selector?: Record<string, string>,
): MeshKubernetesObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace },
  spec: {
    mtls: { mode },
    ...(selector ? { selector: { matchLabels: selector } } : {}),
  },
});

describe('effectiveMtls', () => {
  it('prefers the workload policy over namespace and mesh-wide ones', () => {
    expect(
      effectiveMtls(
        [...objects(), pa('shop', 'PERMISSIVE'), pa('istio-system', 'DISABLE')],
        'istio-system',
      ),
    ).toBe('STRICT');
  });

  it('falls back to the namespace, then the mesh-wide policy, then unknown', () => {
    const withoutWorkloadPolicy = objects().filter(
      o => o.kind !== 'PeerAuthentication',
    );
    expect(
      effectiveMtls(
        [
          ...withoutWorkloadPolicy,
          pa('shop', 'PERMISSIVE'),
          pa('istio-system', 'STRICT'),
        ],
        'istio-system',
      ),
    ).toBe('PERMISSIVE');
    expect(
      effectiveMtls(
        [...withoutWorkloadPolicy, pa('istio-system', 'STRICT')],
        'istio-system',
      ),
    ).toBe('STRICT');
    expect(effectiveMtls(withoutWorkloadPolicy, 'istio-system')).toBe(
      'unknown',
    );
  });

  it('ignores a workload policy whose selector does not match the workload', () => {
    const others = objects().filter(o => o.kind !== 'PeerAuthentication');
    expect(
      effectiveMtls(
        [
          ...others,
          pa('shop', 'DISABLE', { app: 'payments' }),
          pa('shop', 'STRICT'),
        ],
        'istio-system',
      ),
    ).toBe('STRICT');
  });
});

describe('allowedCallers and canaries', () => {
  it('lists the principals ALLOW policies admit, or undefined when nothing restricts callers', () => {
    expect(allowedCallers(objects())).toEqual([
      'cluster.local/ns/web/sa/frontend',
    ]);
    expect(
      allowedCallers(objects().filter(o => o.kind !== 'AuthorizationPolicy')),
    ).toBeUndefined();
  });

  it('reports Flagger canary status per cluster', () => {
    expect(
      canaries([{ cluster: 'prod-eu', objects: objects(), errors: [] }]),
    ).toEqual([
      {
        cluster: 'prod-eu',
        namespace: 'shop',
        name: 'checkout',
        phase: 'Progressing',
        canaryWeight: 20,
        failedChecks: 1,
      },
    ]);
  });
});
