import { createAnalyzer } from '@meshpath/mesh-engine';
import type { Waiver } from '@meshpath/plugin-mesh-common';
import type { MeshKubernetesObject } from '../sources/types';
import { meshFixtures } from '../__testUtils__/meshFixtures';
import { scoreCompliance } from './compliance';

const objects = (): MeshKubernetesObject[] =>
  meshFixtures('checkout').map(
    f =>
      ({
        ...f.object,
        apiVersion: f.group ? `${f.group}/${f.version}` : f.version,
      } as MeshKubernetesObject),
  );

describe('compliance with the real analysis engine', () => {
  it('scores the live objects per framework and lets a waiver cover a failing check', async () => {
    const analyzer = await createAnalyzer();
    // Without the mesh-wide PeerAuthentication and with a permissive neighbour policy, something must fail.
    const input = [
      ...objects().filter(
        o =>
          o.kind !== 'PeerAuthentication' && o.kind !== 'AuthorizationPolicy',
      ),
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'shop' },
        spec: { mtls: { mode: 'PERMISSIVE' } },
      },
    ];
    const result = analyzer.analyze(input, { rootNamespace: 'istio-system' });
    const report = scoreCompliance(result, []);
    expect(report.frameworks.length).toBeGreaterThan(0);
    const failing = result.compliance.find(c => !c.passed);
    expect(failing).toBeDefined();
    const before = report.frameworks.find(
      f => f.framework === failing!.controls[0].framework,
    )!;
    expect(before.failed).toBeGreaterThan(0);

    const waiver: Waiver = {
      id: 'w1',
      entityRef: 'component:default/checkout',
      ruleCode: failing!.code,
      reason: 'accepted',
      status: 'approved',
      createdBy: 'user:default/ann',
      createdAt: '2026-11-01T00:00:00.000Z',
      expiresAt: '2026-12-01T00:00:00.000Z',
    };
    const after = scoreCompliance(result, [waiver]).frameworks.find(
      f => f.framework === before.framework,
    )!;
    expect(after.waived).toBeGreaterThan(0);
    expect(after.failed).toBe(before.failed - after.waived);
    expect(after.score!).toBeGreaterThan(before.score!);
  });
});
