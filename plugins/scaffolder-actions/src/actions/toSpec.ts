import type {
  DeepPartial,
  GoldenPath,
  MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';
import { checkParameters } from '../goldenPaths/checkParameters';
import { resolveSpec } from '../goldenPaths/resolveSpec';

/** Template input → checked service description with the golden path applied. */
export function toSpec(
  input: Record<string, unknown>,
  goldenPath: GoldenPath,
): MeshServiceSpec {
  const { goldenPath: _name, targetPath: _target, ...request } = input;
  const spec = resolveSpec(request as DeepPartial<MeshServiceSpec>, goldenPath);
  checkParameters(spec);
  return spec;
}

/** One paragraph a developer reads in the task log and the PR. */
export function describeSpec(
  spec: MeshServiceSpec,
  goldenPath: string,
): string {
  const callers = [
    ...spec.callers.serviceAccounts,
    ...spec.callers.namespaces.map(n => `namespace ${n}`),
  ];
  const delivery =
    spec.delivery.strategy === 'none'
      ? 'no progressive delivery'
      : `Flagger ${spec.delivery.strategy}`;
  const exposure =
    spec.exposure.mode === 'gateway'
      ? `exposed as ${spec.exposure.hosts?.join(', ')} through ${
          spec.exposure.gateway
        }, JWT from ${spec.exposure.jwt?.issuer}`
      : 'mesh-internal';
  return [
    `${spec.name} in ${spec.namespace} on golden path ${goldenPath} (${spec.dataplane}, Istio API ${spec.istioApiVersion})`,
    'STRICT mTLS',
    `callers: ${callers.length ? callers.join(', ') : 'none (deny all)'}`,
    exposure,
    delivery,
    `SLO ${spec.slo.availability}% available, ${spec.slo.latencyPercentile}% under ${spec.slo.latencyThresholdMs} ms over ${spec.slo.windowDays} days`,
  ].join('; ');
}
