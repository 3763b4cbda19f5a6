import type {
  GoldenPath,
  MeshServiceSpec,
  SloOptions,
} from '@meshpath/plugin-mesh-common';
import { type Analyzer, platformAnalyzeOptions } from '@meshpath/mesh-engine';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { findGoldenPath } from '../goldenPaths/findGoldenPath';
import { buildManifests } from '../manifests/buildManifests';
import { workspaceFolder } from '../manifests/writeFiles';
import { poolCapsRequests } from '../manifests/common';
import { inlineCode, markdownText } from './markdown';
import { examples } from './pullRequestBody.examples';
import { parseInput } from './parseInput';
import { parameterText, serviceInputSchema } from './serviceInput';
import { toSpec } from './toSpec';
import { scanRepository } from '../repository/scanRepository';
import { analyzerOnce } from './analyzerOnce';

/** @public */
export interface PullRequestBodyActionOptions {
  goldenPaths: Record<string, GoldenPath>;
  /** How SLOs are measured and alerted on (`mesh.slo`); the defaults when absent. */
  sloOptions?: SloOptions;
  analyzer: () => Promise<Analyzer>;
}

function policiesSection(spec: MeshServiceSpec): string[] {
  const { exposure, trafficPolicy: traffic, slo } = spec;
  const callers = [
    ...spec.callers.serviceAccounts.map(
      account => `service account ${inlineCode(account)}`,
    ),
    ...spec.callers.namespaces.map(
      namespace => `any workload in namespace ${inlineCode(namespace)}`,
    ),
  ];
  const hosts = (exposure.hosts ?? []).map(inlineCode).join(', ');
  const gateway = inlineCode(exposure.gateway ?? '');
  const issuer = inlineCode(exposure.jwt?.issuer ?? '');
  const timeout = markdownText(traffic.timeout);
  const perTryTimeout = markdownText(traffic.retries.perTryTimeout);
  return [
    '## Effective policies',
    '',
    `- **mTLS:** STRICT for the ${inlineCode(
      spec.name,
    )} workloads (PeerAuthentication); the namespace joins the mesh in ${markdownText(
      spec.dataplane,
    )} mode.`,
    `- **Who may call it:** ${
      callers.length
        ? callers.join(', ')
        : 'nobody: the namespace denies every request by default'
    }. Everything else is denied (namespace default-deny AuthorizationPolicy and NetworkPolicy).`,
    exposure.mode === 'gateway'
      ? `- **Exposure:** ${hosts} through ${gateway}; requests need a valid JWT from ${issuer} (RequestAuthentication + AuthorizationPolicy requiring requestPrincipals).`
      : '- **Exposure:** mesh-internal only.',
    `- **Resilience:** timeout ${timeout}; at most ${
      traffic.retries.attempts
    } retries of ${perTryTimeout} each; outlier detection after ${
      traffic.outlierDetection.consecutive5xxErrors
    } consecutive 5xx; at most ${traffic.connectionPool.maxConnections} ${
      poolCapsRequests(spec)
        ? 'concurrent requests (`http2MaxRequests`)'
        : 'TCP connections'
    }.`,
    spec.delivery.strategy === 'none'
      ? '- **Delivery:** no progressive delivery.'
      : `- **Delivery:** Flagger ${markdownText(
          spec.delivery.strategy,
        )}, gated on request success rate ≥ ${
          slo.availability
        }% and request duration ≤ ${
          slo.latencyThresholdMs
        } ms. Flagger owns the VirtualService and DestinationRules, so none are added here.`,
  ];
}

const inputSchema = {
  ...serviceInputSchema,
  paths: (z: typeof zod) =>
    z
      .array(parameterText(z, undefined, 1024), {
        description: 'Workspace folders to check compliance on',
      })
      .max(50)
      .default(['.']),
};

/**
 * `mesh:pull-request-body`: the Markdown description of an onboarding PR.
 * @public
 */
export function createMeshPullRequestBodyAction(
  options: PullRequestBodyActionOptions,
) {
  const sharedAnalyzer = analyzerOnce(options.analyzer);
  return createTemplateAction({
    id: 'mesh:pull-request-body',
    description:
      'Writes the Markdown description of a mesh onboarding pull request: objects added, effective policies, SLOs and the compliance checks the change passes.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        body: z =>
          z.string({
            description: 'Markdown for the pull request description',
          }),
      },
    },
    async handler(ctx) {
      const { paths, ...serviceInput } = parseInput(inputSchema, ctx.input);
      const goldenPath = findGoldenPath(
        options.goldenPaths,
        serviceInput.goldenPath,
      );
      const spec = toSpec(serviceInput, goldenPath);
      const files = buildManifests(spec, options.sloOptions);
      // The same reading of the repository as mesh:validate: Kubernetes manifests only.
      const loaded = await scanRepository(
        ctx.workspacePath,
        paths.map((path, i) =>
          workspaceFolder(ctx.workspacePath, path, `paths[${i}]`),
        ),
      );
      const analyzer = await sharedAnalyzer();
      const { compliance } = analyzer.analyze(loaded.objects, {
        rules: goldenPath.rules,
        ...platformAnalyzeOptions(
          goldenPath.defaults.platform,
          options.sloOptions,
        ),
      });
      const own = compliance.filter(
        r =>
          r.subject.name === spec.name &&
          r.subject.namespace === spec.namespace,
      );

      const body = [
        `# Onboard ${inlineCode(spec.name)} to the service mesh`,
        '',
        `Generated by Meshpath on the **${markdownText(
          goldenPath.name,
        )}** golden path${
          goldenPath.description
            ? ` (${markdownText(goldenPath.description)})`
            : ''
        }.`,
        '',
        '## Objects',
        '',
        ...files.flatMap(file =>
          file.objects.map(
            object =>
              `- ${inlineCode(object.kind)} ${inlineCode(
                object.metadata.namespace
                  ? `${object.metadata.namespace}/${object.metadata.name}`
                  : object.metadata.name,
              )} (${file.name})`,
          ),
        ),
        '',
        ...policiesSection(spec),
        '',
        '## Service level objectives',
        '',
        `- Availability: ${spec.slo.availability}% of requests succeed (HTTP 5xx and gRPC errors count as failures) over ${spec.slo.windowDays} days.`,
        `- Latency: ${spec.slo.latencyPercentile}% of requests complete within ${spec.slo.latencyThresholdMs} ms over ${spec.slo.windowDays} days.`,
        '- Alerts: multi-window multi-burn-rate (page at 14.4× over 1h/5m and 6× over 6h/30m; ticket at 3× over 1d/2h and 1× over 3d/6h).',
        '',
        '## Compliance',
        '',
        ...(own.length
          ? own.map(
              r =>
                `- ${r.passed ? '✅' : '❌'} ${r.code}: ${markdownText(
                  r.message,
                )}`,
            )
          : [
              '- No compliance result: the Service manifest of this service is not in the analysed folders.',
            ]),
        '',
      ].join('\n');
      ctx.output('body', body);
    },
  });
}
