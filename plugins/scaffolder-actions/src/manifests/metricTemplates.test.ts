import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadManifests } from '@meshpath/mesh-engine';
import { analyzer, repositoryGoldenPaths } from '../__testUtils__/workspace';
import { resolveSpec } from '../goldenPaths/resolveSpec';
import { canary } from './canary';
import { sloCanaryMetrics, sloMetricTemplates } from './metricTemplates';
import { toYaml } from './yamlText';

const promtool = process.env.MESHPATH_PROMTOOL_BIN || 'promtool';
const goldenPaths = repositoryGoldenPaths();
const specOf = (preset: string) =>
  resolveSpec(
    {
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'grpc' }],
      delivery: { strategy: 'canary' },
    },
    goldenPaths[preset],
  );

/** What Flagger's RenderQuery makes of a template for the payments Canary (target payments, interval 1m). */
function render(query: string): string {
  return query
    .replace(/\{\{ target \}\}/g, 'payments')
    .replace(/\{\{ namespace \}\}/g, 'payments')
    .replace(/\{\{ interval \}\}/g, '1m');
}

async function findingsOf(objects: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-metrictemplates-'));
  writeFileSync(
    join(dir, 'gates.yaml'),
    objects.map(o => toYaml(o as any)).join('---\n'),
  );
  const loaded = await loadManifests([dir]);
  const { findings } = (await analyzer()).analyze(loaded.objects, {});
  return [...loaded.findings, ...findings];
}

const schemaErrors = async (objects: unknown[]) =>
  (await findingsOf(objects)).filter(f => f.code.startsWith('MP01'));

describe('SLO canary gates', () => {
  it("are MetricTemplates Flagger's CRD schema accepts, referenced by the Canary's analysis", async () => {
    const spec = specOf('tier-1');
    const templates = sloMetricTemplates(spec);
    expect(await schemaErrors([...templates, canary(spec)])).toEqual([]);
    // The engine sees success-rate and latency gates in them (MP1204 not raised).
    expect(
      (await findingsOf([...templates, canary(spec)])).filter(
        f => f.code === 'MP1204',
      ),
    ).toEqual([]);
    const metrics = (canary(spec).spec as any).analysis.metrics;
    expect(metrics.map((m: any) => m.templateRef.name)).toEqual(
      templates.map(t => t.metadata.name),
    );
    // tier-1: 99.9 % available and 99 % under 250 ms allow 0.1 % failed and 1 % slow requests.
    expect(metrics.map((m: any) => m.thresholdRange)).toEqual([
      { max: 0.1 },
      { max: 1 },
    ]);
    expect((templates[0].spec as any).provider).toEqual({
      type: 'prometheus',
      address: 'http://prometheus.istio-system:9090',
    });
  });

  it('are checked by the schema: a provider Flagger does not know is refused (near miss)', async () => {
    const [template] = sloMetricTemplates(specOf('tier-1'));
    const broken = {
      ...template,
      spec: { ...template.spec, provider: { type: 'promql' } },
    };
    expect(await schemaErrors([broken])).toEqual([
      expect.objectContaining({ code: 'MP0101' }),
    ]);
  });

  it.each(Object.keys(goldenPaths))(
    'measure the canary of a %s service as its SLO does: server-fault gRPC codes and 5xx fail, slow means over the threshold (real PromQL)',
    preset => {
      const spec = specOf(preset);
      const reporter =
        spec.dataplane === 'ambient' ? 'waypoint' : 'destination';
      const [errorRate, slowRate] = sloMetricTemplates(spec).map(t =>
        render((t.spec as any).query),
      );
      const labels = (workload: string, extra: string) =>
        `{reporter="${reporter}",destination_workload="${workload}",destination_workload_namespace="payments"${extra}}`;
      const edge = spec.slo.latencyThresholdMs;
      // The canary: per minute 1000 requests, 10 HTTP 503, 10 UNAVAILABLE, 10 DEADLINE_EXCEEDED,
      // 50 NOT_FOUND and 50 CANCELLED (the caller's doing); 940 at or under the threshold.
      const series = [
        [
          labels('payments', ',response_code="503",grpc_response_status=""'),
          10,
        ],
        [
          labels('payments', ',response_code="200",grpc_response_status="14"'),
          10,
        ],
        [
          labels('payments', ',response_code="200",grpc_response_status="4"'),
          10,
        ],
        [
          labels('payments', ',response_code="200",grpc_response_status="5"'),
          50,
        ],
        [
          labels('payments', ',response_code="200",grpc_response_status="1"'),
          50,
        ],
        [
          labels('payments', ',response_code="200",grpc_response_status="0"'),
          870,
        ],
        [labels('payments', `,le="${edge}.0"`), 940],
        [labels('payments', ',le="+Inf"'), 1000],
      ]
        .map(([l, perMinute]) => ({
          series: `${
            String(l).includes('le=')
              ? 'istio_request_duration_milliseconds_bucket'
              : 'istio_requests_total'
          }${l}`,
          values: `0+${perMinute}x10`,
        }))
        .concat([
          {
            series: `istio_request_duration_milliseconds_count${labels(
              'payments',
              '',
            )}`,
            values: '0+1000x10',
          },
          // The primary's failures are not the canary's.
          {
            series: `istio_requests_total${labels(
              'payments-primary',
              ',response_code="503",grpc_response_status=""',
            )}`,
            values: '0+1000x10',
          },
        ]);
      const tests = {
        rule_files: [],
        tests: [
          {
            interval: '1m',
            input_series: series,
            promql_expr_test: [
              {
                expr: `abs((${errorRate}) - 3) < bool 1e-9`,
                eval_time: '8m',
                exp_samples: [{ labels: '{}', value: 1 }],
              },
              {
                expr: `abs((${slowRate}) - 6) < bool 1e-9`,
                eval_time: '8m',
                exp_samples: [{ labels: '{}', value: 1 }],
              },
            ],
          },
          {
            // No traffic: no value, which Flagger counts as a failed check, never 0 % errors.
            interval: '1m',
            input_series: [],
            promql_expr_test: [
              { expr: errorRate, eval_time: '8m', exp_samples: [] },
              { expr: slowRate, eval_time: '8m', exp_samples: [] },
            ],
          },
        ],
      };
      const dir = mkdtempSync(join(tmpdir(), 'meshpath-gates-'));
      writeFileSync(join(dir, 'tests.yaml'), stringify(tests));
      const result = spawnSync(promtool, ['test', 'rules', 'tests.yaml'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
      expect(result.status).toBe(0);
    },
  );

  it('allow exactly the error budget of each preset', () => {
    for (const preset of Object.keys(goldenPaths)) {
      const spec = specOf(preset);
      expect(
        sloCanaryMetrics(spec).map((m: any) => m.thresholdRange.max),
      ).toEqual([
        Number((100 - spec.slo.availability).toPrecision(6)),
        Number((100 - spec.slo.latencyPercentile).toPrecision(6)),
      ]);
    }
  });
});
