import type {
  KubernetesObject,
  ObservedCaller,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { classifyCaller, classifyTraffic } from './classifyTraffic';

const ROOT = 'istio-system';

const o = (
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  spec?: unknown,
  labels?: Record<string, string>,
): KubernetesObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    ...(namespace ? { namespace } : {}),
    ...(labels ? { labels } : {}),
  },
  ...(spec ? { spec } : {}),
});

function workloadsOf(extra: KubernetesObject[], mode = 'STRICT') {
  return createAnalyzer().then(
    analyzer =>
      analyzer.analyze(
        [
          o('v1', 'Namespace', undefined, 'pay', undefined, {
            'istio-injection': 'enabled',
          }),
          o('security.istio.io/v1', 'PeerAuthentication', ROOT, 'default', {
            mtls: { mode },
          }),
          o('apps/v1', 'Deployment', 'pay', 'payments', {
            selector: { matchLabels: { app: 'payments' } },
            template: {
              metadata: { labels: { app: 'payments' } },
              spec: { containers: [{ name: 'payments', image: 'x' }] },
            },
          }),
          ...extra,
        ],
        { rootNamespace: ROOT },
      ).policy.workloads,
  );
}

const policy = (name: string, spec: unknown) =>
  o('security.istio.io/v1', 'AuthorizationPolicy', 'pay', name, {
    selector: { matchLabels: { app: 'payments' } },
    ...(spec as object),
  });

const caller = (
  namespace: string,
  workload: string,
  mtlsShare = 1,
): ObservedCaller => ({
  sourceWorkload: workload,
  sourceNamespace: namespace,
  ...(mtlsShare > 0
    ? { principal: `spiffe://cluster.local/ns/${namespace}/sa/${workload}` }
    : {}),
  requests: 100,
  connections: 0,
  mtlsShare,
});

describe('classifyCaller', () => {
  it('classifies DENY before ALLOW: a caller the ALLOW names is denied by the DENY', async () => {
    const workloads = await workloadsOf([
      policy('deny-web', {
        action: 'DENY',
        rules: [{ from: [{ source: { namespaces: ['web'] } }] }],
      }),
      policy('allow', {
        rules: [
          {
            from: [
              {
                source: {
                  principals: [
                    'cluster.local/ns/web/sa/frontend',
                    'cluster.local/ns/shop/sa/orders',
                  ],
                },
              },
            ],
          },
        ],
      }),
    ]);
    expect(classifyCaller(caller('web', 'frontend'), workloads)).toEqual({
      verdict: 'would-be-denied',
      reason: expect.stringMatching(/^pay\/payments: .*deny-web/),
    });
    expect(classifyCaller(caller('shop', 'orders'), workloads).verdict).toBe(
      'allowed',
    );
    // Not named by the ALLOW: denied by default once an ALLOW policy applies.
    expect(classifyCaller(caller('shop', 'cart'), workloads).verdict).toBe(
      'would-be-denied',
    );
  });

  it('calls plaintext traffic to a STRICT workload plaintext, with the share', async () => {
    const workloads = await workloadsOf([]);
    expect(classifyCaller(caller('web', 'frontend', 0.75), workloads)).toEqual({
      verdict: 'plaintext',
      reason: expect.stringContaining(
        '25% arrived without mutual TLS although pay/payments requires STRICT',
      ),
    });
    const permissive = await workloadsOf([], 'PERMISSIVE');
    expect(
      classifyCaller(caller('web', 'frontend', 0), permissive).reason,
    ).toContain('PERMISSIVE');
  });

  it('says unknown when the policy depends on what telemetry does not carry, or no workload is known', async () => {
    const workloads = await workloadsOf([
      policy('get-only', {
        rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
      }),
    ]);
    expect(classifyCaller(caller('web', 'frontend'), workloads).verdict).toBe(
      'unknown',
    );
    expect(classifyCaller(caller('web', 'frontend'), [])).toEqual({
      verdict: 'unknown',
      reason: 'no workload of the service was found in any cluster',
    });
  });

  it('allows anyone under no policy and classifies every caller of a traffic report', async () => {
    const workloads = await workloadsOf([]);
    const traffic = classifyTraffic(
      {
        window: '24h',
        state: 'known',
        callers: [caller('web', 'frontend'), caller('unknown', 'unknown', 0)],
      },
      workloads,
    );
    expect(traffic.callers.map(c => c.verdict)).toEqual([
      'allowed',
      'plaintext',
    ]);
  });
});
