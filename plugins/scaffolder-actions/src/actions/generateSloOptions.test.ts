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

// mesh.slo reaches what mesh:generate writes: severities, gRPC codes, Flagger's Prometheus.
describe('mesh:generate with mesh.slo options', () => {
  it('writes the configured severities, gRPC failure codes and MetricTemplate address', async () => {
    const action = createMeshGenerateAction({
      goldenPaths: repositoryGoldenPaths(),
      analyzer,
      sloOptions: {
        grpcFailureCodes: ['UNAVAILABLE'],
        alertSeverities: { page: 'pager', ticket: 'info' },
        flaggerPrometheusUrl: 'http://prometheus.monitoring:9090',
      },
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
});
