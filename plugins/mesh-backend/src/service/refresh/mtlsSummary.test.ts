import type { PortMtls, WorkloadPolicy } from '@meshpath/plugin-mesh-common';
import { mtlsSummary } from './mtlsSummary';

const port = (mode: PortMtls['mode'], enforced = true) =>
  ({ port: 8080, mode, enforced } as PortMtls);
const workload = (
  ports: PortMtls[],
  dataplane: WorkloadPolicy['dataplane'] = 'sidecar',
) =>
  ({
    dataplane,
    mtls: { mode: 'STRICT', decidedBy: { level: 'mesh' } },
    ports,
  } as unknown as WorkloadPolicy);

describe('mtlsSummary', () => {
  it('gives the weakest mode in force on any port', () => {
    expect(mtlsSummary([workload([port('STRICT')])])).toBe('STRICT');
    expect(mtlsSummary([workload([port('STRICT'), port('PERMISSIVE')])])).toBe(
      'PERMISSIVE',
    );
    expect(mtlsSummary([])).toBe('unknown');
  });

  it('reads a mode no proxy enforces as NONE: the traffic is plaintext', () => {
    expect(mtlsSummary([workload([port('STRICT', false)])])).toBe('NONE');
    expect(
      mtlsSummary([
        workload([port('DISABLE')]),
        workload([port('STRICT', false)]),
      ]),
    ).toBe('NONE');
    expect(mtlsSummary([workload([], 'none')])).toBe('NONE');
  });
});
