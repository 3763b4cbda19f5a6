import { ConfigReader, type JsonObject } from '@backstage/config';
import { isRefusedNamespace, readMeshPlatform } from './platform';
import { readGoldenPaths } from './readGoldenPaths';
import { worstCaseRetryMs } from './trafficChecks';

const read = (mesh: JsonObject) => readGoldenPaths(new ConfigReader({ mesh }));

const preset = (defaults: JsonObject) => ({
  goldenPaths: { 'tier-1': { defaults } },
});

describe('retry budgets checked when the preset is read', () => {
  it('counts the first try, every retry and Envoy back-off (25, 75, 175, then 250 ms at most)', () => {
    expect(worstCaseRetryMs(2, '900ms')).toBe(3 * 900 + 25 + 75);
    expect(worstCaseRetryMs(5, '1s')).toBe(6000 + 25 + 75 + 175 + 250 + 250);
  });

  it('answers at once for any number of attempts a template user sends', () => {
    expect(worstCaseRetryMs(1e15, '1s')).toBe(
      (1e15 + 1) * 1000 + 275 + (1e15 - 3) * 250,
    );
    expect(worstCaseRetryMs(Infinity, '1s')).toBe(Infinity);
    expect(worstCaseRetryMs(0, '1s')).toBe(1000);
  });

  it('refuses 3 tries of 1s plus back-off against a 3s timeout, with the reason', () => {
    expect(() =>
      read(
        preset({
          trafficPolicy: {
            timeout: '3s',
            retries: { attempts: 2, perTryTimeout: '1s' },
          },
        }),
      ),
    ).toThrow(
      "mesh.goldenPaths.tier-1.defaults.trafficPolicy.retries: 3 tries of 1s plus Envoy's back-off take up to 3100 ms, more than the 3s route timeout",
    );
  });

  it('takes a budget that fits', () => {
    expect(
      read(
        preset({
          trafficPolicy: {
            timeout: '3s',
            retries: { attempts: 2, perTryTimeout: '900ms' },
          },
        }),
      )['tier-1'].defaults.trafficPolicy,
    ).toBeDefined();
  });
});

describe('strategies that need a load tester', () => {
  it.each(['blue-green', 'ab-testing'])(
    'refuses %s when the platform has no load tester',
    strategy => {
      expect(() =>
        read({
          platform: { loadTester: { enabled: false } },
          ...preset({ delivery: { strategy } }),
        }),
      ).toThrow(
        `mesh.goldenPaths.tier-1.defaults.delivery.strategy: ${strategy} needs Flagger's load tester`,
      );
    },
  );

  it('takes a canary with traffic steps without one', () => {
    expect(() =>
      read({
        platform: { loadTester: { enabled: false } },
        ...preset({ delivery: { strategy: 'canary' } }),
      }),
    ).not.toThrow();
  });
});

describe('the platform', () => {
  it('defaults to cluster.local, monitoring, istio-ingress and flagger-system', () => {
    const { platform } = read(preset({}))['tier-1'].defaults;
    expect(platform).toMatchObject({
      trustDomain: 'cluster.local',
      monitoringNamespace: 'monitoring',
      ingressNamespace: 'istio-ingress',
      loadTester: {
        enabled: true,
        namespace: 'flagger-system',
        url: 'http://flagger-loadtester.flagger-system/',
      },
    });
  });

  it('reads mesh.platform, and a preset may override a key', () => {
    const paths = read({
      platform: {
        trustDomain: 'prod.example.com',
        loadTester: { namespace: 'test' },
      },
      goldenPaths: {
        a: { defaults: {} },
        b: { defaults: { platform: { monitoringNamespace: 'observability' } } },
      },
    });
    expect(paths.a.defaults.platform).toMatchObject({
      trustDomain: 'prod.example.com',
      loadTester: { url: 'http://flagger-loadtester.test/' },
    });
    expect(paths.b.defaults.platform).toMatchObject({
      trustDomain: 'prod.example.com',
      monitoringNamespace: 'observability',
    });
  });

  it.each([
    ['istio-system', true],
    ['kube-system', true],
    ['kube-node-lease', true],
    ['default', true],
    ['defaults', false],
    ['payments', false],
  ])('refuses namespace %s: %s', (namespace, refused) => {
    expect(
      isRefusedNamespace(readMeshPlatform(new ConfigReader({})), namespace),
    ).toBe(refused);
  });
});
