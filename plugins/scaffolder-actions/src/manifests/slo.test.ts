import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repositoryGoldenPaths } from '../__testUtils__/workspace';
import { resolveSpec } from '../goldenPaths/resolveSpec';
import { sloRules } from './slo';

const promtool = process.env.MESHPATH_PROMTOOL_BIN || 'promtool';

describe('sloRules', () => {
  const spec = resolveSpec(
    {
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'http' }],
    },
    repositoryGoldenPaths()['tier-1'],
  );
  const rule = sloRules(spec) as any;

  it('passes promtool check rules (real PromQL parsing)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, stringify({ groups: rule.spec.groups }));
    const result = spawnSync(promtool, ['check', 'rules', file], {
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toContain(
      'SUCCESS: 24 rules found',
    );
    expect(result.status).toBe(0);
  });

  it('alerts at the multi-window multi-burn-rate thresholds of a 99.9% target', () => {
    const alerts = rule.spec.groups[1].rules.filter(
      (r: any) => r.alert === 'AvailabilityErrorBudgetBurn',
    );
    expect(
      alerts.map((a: any) => [
        a.labels.severity,
        a.labels.long_window,
        a.labels.short_window,
        a.expr.match(/> ([\d.]+)/)[1],
      ]),
    ).toEqual([
      ['page', '1h', '5m', '0.0144'],
      ['page', '6h', '30m', '0.006'],
      ['ticket', '1d', '2h', '0.003'],
      ['ticket', '3d', '6h', '0.001'],
    ]);
  });

  it('counts gRPC failures that arrive as HTTP 200', () => {
    const availability = rule.spec.groups[0].rules.find(
      (r: any) => r.record === 'meshpath:slo_availability_errors:ratio_rate5m',
    );
    expect(availability.expr).toContain(
      'response_code!~"5..",grpc_response_status!~"0|"',
    );
  });
});
