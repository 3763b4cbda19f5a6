import type {
  DeepPartial,
  GoldenPath,
  MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';
import { checkParameters } from '../goldenPaths/checkParameters';
import { resolveSpec } from '../goldenPaths/resolveSpec';
import { routeGateway } from '../manifests/ingressGateway';
import { inlineCode, markdownText } from './markdown';

/** Template input → checked service description with the golden path applied. */
export function toSpec(
  input: Record<string, unknown>,
  goldenPath: GoldenPath,
): MeshServiceSpec {
  const {
    goldenPath: _name,
    targetPath: _target,
    kubernetesService: _service,
    ...request
  } = input;
  const spec = resolveSpec(request as DeepPartial<MeshServiceSpec>, goldenPath);
  checkParameters(spec);
  return spec;
}

/**
 * One paragraph a developer reads in the task log and, as Markdown, in the
 * task's output: every value from the template is a code span.
 */
export function describeSpec(
  spec: MeshServiceSpec,
  goldenPath: string,
): string {
  const callers = [
    ...spec.callers.serviceAccounts.map(inlineCode),
    ...spec.callers.namespaces.map(n => `namespace ${inlineCode(n)}`),
  ];
  const delivery =
    spec.delivery.strategy === 'none'
      ? 'no progressive delivery'
      : `Flagger ${markdownText(spec.delivery.strategy)}`;
  const exposure =
    spec.exposure.mode === 'gateway'
      ? `exposed as ${(spec.exposure.hosts ?? [])
          .map(inlineCode)
          .join(', ')} through ${inlineCode(
          // The Gateway the routes bind to: the service's own when it brings a TLS credential.
          routeGateway(spec) ?? '',
        )}, JWT from ${inlineCode(spec.exposure.jwt?.issuer ?? '')}`
      : 'mesh-internal';
  return [
    `${inlineCode(spec.name)} in ${inlineCode(
      spec.namespace,
    )} on golden path ${inlineCode(goldenPath)} (${markdownText(
      spec.dataplane,
    )}, Istio API ${markdownText(spec.istioApiVersion)})`,
    'STRICT mTLS',
    `callers: ${callers.length ? callers.join(', ') : 'none (deny all)'}`,
    exposure,
    delivery,
    `SLO ${spec.slo.availability}% available, ${spec.slo.latencyPercentile}% under ${spec.slo.latencyThresholdMs} ms over ${spec.slo.windowDays} days`,
  ].join('; ');
}
