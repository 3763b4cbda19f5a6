import type { GoldenPath } from '@meshpath/plugin-mesh-common';
import { Analyzer, loadManifests } from '@meshpath/mesh-engine';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { relative } from 'node:path';
import { findGoldenPath } from '../goldenPaths/findGoldenPath';
import { workspaceFolder } from '../manifests/writeFiles';
import { parseInput } from './parseInput';
import { parameterText } from './serviceInput';
import { examples } from './validate.examples';

/** @public */
export interface ValidateActionOptions {
  goldenPaths: Record<string, GoldenPath>;
  analyzer: () => Promise<Analyzer>;
}

const inputSchema = {
  goldenPath: (z: typeof zod) =>
    parameterText(z, 'Golden path whose rule policy applies', 100),
  paths: (z: typeof zod) =>
    z
      .array(parameterText(z, undefined, 1024), {
        description:
          'Folders or files of the workspace to analyse together (the service manifests and the mesh config). The whole set is the world: a reference to something not in it is missing.',
      })
      .max(50)
      .default(['.']),
  failOnErrors: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Fail the task when there are errors (the default). When false, errors are logged and counted in the `errors` output, so a later step can act on them (for example `if: ${{ steps.validate.output.errors > 0 }}`).',
      })
      .default(true),
};

/**
 * `mesh:validate`: runs the analysis engine over workspace manifests.
 * @public
 */
export function createMeshValidateAction(options: ValidateActionOptions) {
  return createTemplateAction({
    id: 'mesh:validate',
    description:
      'Analyses the workspace manifests with the Meshpath engine and the golden path rule policy. Errors fail the task (unless failOnErrors is false: then they are logged and counted); warnings are logged and returned.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        errors: z =>
          z.number({
            description:
              'Number of error findings (only ever above 0 when failOnErrors is false: otherwise errors fail the task)',
          }),
        errorFindings: z =>
          z.array(z.string(), { description: 'Errors, one line each' }),
        warnings: z =>
          z.array(z.string(), { description: 'Warnings, one line each' }),
        compliance: z =>
          z.array(z.string(), {
            description: 'Compliance checks passed, one line each',
          }),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input);
      const goldenPath = findGoldenPath(options.goldenPaths, input.goldenPath);
      const paths = input.paths.map((path, i) =>
        workspaceFolder(ctx.workspacePath, path, `paths[${i}]`),
      );
      const loaded = await loadManifests(paths);
      const analyzer = await options.analyzer();
      const result = analyzer.analyze(loaded.objects, {
        rules: goldenPath.rules,
      });
      const findings = [...loaded.findings, ...result.findings];
      const line = (f: (typeof findings)[number]) =>
        `${f.code} ${
          f.source
            ? `${relative(ctx.workspacePath, f.source.file)}:${f.source.line} `
            : ''
        }${f.object ? `${f.object.kind} ${f.object.name}: ` : ''}${f.message}`;

      const errors = findings.filter(f => f.severity === 'error').map(line);
      const warnings = findings.filter(f => f.severity === 'warning').map(line);
      for (const warning of warnings) ctx.logger.warn(warning);
      const passed = result.compliance
        .filter(r => r.passed)
        .map(r => `${r.code} ${r.subject.name}: ${r.message}`);
      ctx.logger.info(
        `${loaded.objects.length} objects analysed on golden path ${goldenPath.name}: ${errors.length} errors, ${warnings.length} warnings, ${passed.length} compliance checks passed`,
      );
      if (errors.length > 0 && input.failOnErrors) {
        // The author can fix the manifests: a refusal, not a failure of the action.
        throw new InputError(
          `The mesh manifests have ${errors.length} error(s):\n${errors
            .map(e => `- ${e}`)
            .join('\n')}`,
        );
      }
      for (const error of errors) ctx.logger.error(error);
      ctx.output('errors', errors.length);
      ctx.output('errorFindings', errors);
      ctx.output('warnings', warnings);
      ctx.output('compliance', passed);
    },
  });
}
