import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshGenerateAction } from './generate';
import { createMeshValidateAction } from './validate';

const sloOptions = {
  grpcFailureCodes: ['UNAVAILABLE' as const],
  alertSeverities: { page: 'pager', ticket: 'info' },
  flaggerPrometheusUrl: 'http://prometheus.monitoring:9090',
};

// mesh.slo reaches what mesh:generate writes: severities, gRPC codes, Flagger's Prometheus.
describe('mesh:generate with mesh.slo options', () => {
  it('writes the configured severities, gRPC failure codes and MetricTemplate address', async () => {
    const action = createMeshGenerateAction({
      goldenPaths: repositoryGoldenPaths(),
      analyzer,
      sloOptions,
    });
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    await action.handler(
      createMockActionContext({
        input: {
          goldenPath: 'tier-1',
          name: 'payments',
          namespace: 'payments',
          ports: [{ port: 8080, protocol: 'grpc' }],
          targetPath: 'deploy/mesh',
        } as any,
        workspacePath,
        isDryRun: true,
      }) as any,
    );
    const folder = join(workspacePath, 'deploy', 'mesh');
    const rule = parse(
      readFileSync(join(folder, 'slo-prometheusrule.yaml'), 'utf8'),
    );
    const alerts = rule.spec.groups[1].rules;
    expect(new Set(alerts.map((a: any) => a.labels.severity))).toEqual(
      new Set(['pager', 'info']),
    );
    expect(rule.spec.groups[0].rules[1].expr).toContain(
      'grpc_response_status=~"14"',
    );
    const templates = parseAllDocuments(
      readFileSync(join(folder, 'metrictemplates.yaml'), 'utf8'),
    ).map(d => d.toJS());
    expect(templates.map(t => t.spec.provider.address)).toEqual([
      'http://prometheus.monitoring:9090',
      'http://prometheus.monitoring:9090',
    ]);
  });

  it('passes mesh:validate with the same mesh.slo: the engine judges its alerts by the configured severities', async () => {
    const goldenPaths = repositoryGoldenPaths();
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    await createMeshGenerateAction({
      goldenPaths,
      analyzer,
      sloOptions,
    }).handler(
      createMockActionContext({
        input: {
          goldenPath: 'tier-1',
          name: 'payments',
          namespace: 'payments',
          ports: [{ port: 8080, protocol: 'grpc' }],
        } as any,
        workspacePath,
      }) as any,
    );
    const warningsOf = async (options: { sloOptions?: typeof sloOptions }) => {
      const ctx = createMockActionContext({
        input: { goldenPath: 'tier-1', paths: ['deploy'] } as any,
        workspacePath,
      });
      await createMeshValidateAction({
        goldenPaths,
        analyzer,
        ...options,
      }).handler(ctx as any);
      return (ctx.output as jest.Mock).mock.calls.find(
        c => c[0] === 'warnings',
      )[1] as string[];
    };
    const telemetryCodes = /^MP140[5-7]/;
    expect(
      (await warningsOf({ sloOptions })).filter(w => telemetryCodes.test(w)),
    ).toEqual([]);
    // Without the platform's mapping, its "pager" alerts read as unrouted.
    expect(
      (await warningsOf({})).filter(w => w.startsWith('MP1405')).length,
    ).toBeGreaterThan(0);
  });
});
