import type { GoldenPath, SloOptions } from '@meshpath/plugin-mesh-common';
import type { Analyzer } from '@meshpath/mesh-engine';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { findGoldenPath } from '../goldenPaths/findGoldenPath';
import {
  buildManifests,
  kustomization,
  serialise,
} from '../manifests/buildManifests';
import { workloadLabelsComponent } from '../manifests/workloadLabels';
import { workspaceFolder, writeFiles } from '../manifests/writeFiles';
import { examples } from './generate.examples';
import { parseInput } from './parseInput';
import { parameterText, serviceInputSchema } from './serviceInput';
import { describeSpec, toSpec } from './toSpec';
import { analyzerOnce } from './analyzerOnce';

/** What the generate action needs, built once by the module. */
export interface GenerateActionOptions {
  goldenPaths: Record<string, GoldenPath>;
  /** How SLOs are measured and alerted on (`mesh.slo`); the defaults when absent. */
  sloOptions?: SloOptions;
  analyzer: () => Promise<Analyzer>;
}

const inputSchema = {
  ...serviceInputSchema,
  targetPath: (z: typeof zod) =>
    parameterText(z, 'Folder of the workspace to write to', 1024).default(
      'deploy/mesh',
    ),
  kubernetesService: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Also write the Kubernetes Service, for a new service that is not delivered by Flagger (Flagger creates and owns its Services)',
      })
      .default(false),
};

/**
 * `mesh:generate`: writes a service's mesh onboarding manifests into the workspace.
 * @public
 */
export function createMeshGenerateAction(options: GenerateActionOptions) {
  const sharedAnalyzer = analyzerOnce(options.analyzer);
  return createTemplateAction({
    id: 'mesh:generate',
    description:
      'Generates the Istio and Flagger manifests that onboard a service to the mesh on a golden path: namespace enrolment, routing, mTLS, authorization, JWT, NetworkPolicy, canary and SLO rules.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Files written, relative to the workspace',
          }),
        summary: z =>
          z.string({ description: 'What the manifests do, in one paragraph' }),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input);
      const goldenPath = findGoldenPath(options.goldenPaths, input.goldenPath);
      const spec = toSpec(input, goldenPath);
      const folder = workspaceFolder(ctx.workspacePath, input.targetPath);

      const files = buildManifests(spec, options.sloOptions, {
        kubernetesService: input.kubernetesService,
      });
      const analyzer = await sharedAnalyzer();
      for (const file of files) {
        for (const object of file.objects) {
          const problems = analyzer.validateObjectSchema(object as any);
          if (problems.length > 0) {
            throw new Error(
              `Generated ${object.kind} ${
                object.metadata.name
              } does not match its CRD schema: ${problems.join('; ')}`,
            );
          }
        }
      }
      const contents = [
        ...files.map(file => ({ name: file.name, content: serialise(file) })),
        { name: 'kustomization.yaml', content: kustomization(files) },
        // For the service's own kustomization (components:), not a resource of this one.
        {
          name: 'workload-labels/kustomization.yaml',
          content: workloadLabelsComponent(spec),
        },
      ];
      const written = await writeFiles(ctx.workspacePath, folder, contents);
      const summary = describeSpec(spec, goldenPath.name);
      for (const file of written)
        ctx.logger.info(`${file.changed ? 'wrote' : 'unchanged'} ${file.path}`);
      ctx.logger.info(summary);
      ctx.output(
        'files',
        written.map(file => file.path),
      );
      ctx.output('summary', summary);
    },
  });
}
