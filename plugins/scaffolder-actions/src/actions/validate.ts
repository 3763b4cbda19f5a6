import type {
  Finding,
  GoldenPath,
  KubernetesObject,
  SloOptions,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
import {
  Analyzer,
  objectRef,
  platformAnalyzeOptions,
} from '@meshpath/mesh-engine';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { relative } from 'node:path';
import { findGoldenPath } from '../goldenPaths/findGoldenPath';
import { workspaceFolder } from '../manifests/writeFiles';
import {
  MeshContextSource,
  readMeshContext,
  REFERENCE_CODES,
} from '../repository/meshContext';
import { scanRepository } from '../repository/scanRepository';
import { parseInput } from './parseInput';
import { parameterText } from './serviceInput';
import { examples } from './validate.examples';
import { analyzerOnce } from './analyzerOnce';

/** @public */
export interface ValidateActionOptions {
  goldenPaths: Record<string, GoldenPath>;
  analyzer: () => Promise<Analyzer>;
  /** The live mesh around the service; without it, references out of the repository are assumptions. */
  meshContext?: MeshContextSource;
  /** `mesh.slo`: hand-written alerts and SLO rules are judged by the platform's severities and gRPC failure codes. */
  sloOptions?: SloOptions;
}

const refKey = (object: KubernetesObject) => {
  const ref = objectRef(object);
  return `${ref.apiVersion.split('/').slice(0, -1).join('/')}/${ref.kind}/${
    ref.namespace ?? ''
  }/${ref.name}`;
};

const inputSchema = {
  goldenPath: (z: typeof zod) =>
    parameterText(z, 'Golden path whose rule policy applies', 100),
  paths: (z: typeof zod) =>
    z
      .array(parameterText(z, undefined, 1024), {
        description:
          'Folders or files of the workspace to analyse together (the service manifests and the mesh config). Only Kubernetes manifests are analysed: other YAML is skipped, Helm charts and templated files are reported as not analysed. What the manifests refer to outside them comes from the live mesh when the mesh backend answers, and is otherwise an assumption (info).',
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

/** One finding on one line, its file relative to the workspace. */
function findingLine(f: Finding, workspacePath: string): string {
  const at = f.source
    ? `${relative(workspacePath, f.source.file)}:${f.source.line} `
    : '';
  const object = f.object ? `${f.object.kind} ${f.object.name}: ` : '';
  return `${f.code} ${at}${object}${f.message}`;
}

/**
 * `mesh:validate`: runs the analysis engine over workspace manifests.
 * @public
 */
export function createMeshValidateAction(options: ValidateActionOptions) {
  const sharedAnalyzer = analyzerOnce(options.analyzer);
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
        notes: z =>
          z.array(z.string(), {
            description:
              'What was not analysed (Helm charts, templates, kustomize patches, YAML that is not Kubernetes) and what was assumed, one line each',
          }),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input);
      const goldenPath = findGoldenPath(options.goldenPaths, input.goldenPath);
      const paths = input.paths.map((path, i) =>
        workspaceFolder(ctx.workspacePath, path, `paths[${i}]`),
      );
      const line = (f: Finding) => findingLine(f, ctx.workspacePath);
      const scan = await scanRepository(ctx.workspacePath, paths);
      const notes = [...scan.notes];
      const context = await readMeshContext(
        options.meshContext,
        scan.objects,
        notes,
      );
      const declared = new Set(scan.objects.map(item => refKey(item.object)));
      const world: Array<SourcedObject | KubernetesObject> = [
        ...scan.objects,
        // The repository is the desired state: its version of an object wins over the live one.
        ...(context?.objects ?? []).filter(o => !declared.has(refKey(o))),
      ];
      const analyzer = await sharedAnalyzer();
      const result = analyzer.analyze(world, {
        rules: goldenPath.rules,
        // Judged on the platform the golden path generates for.
        ...platformAnalyzeOptions(
          goldenPath.defaults.platform,
          options.sloOptions,
        ),
      });
      // Only what the repository declares is reported; the live objects are context.
      const ownFindings = result.findings.filter(f => f.source || !f.object);
      const assumed = (f: Finding) =>
        REFERENCE_CODES.has(f.code) && (!context || scan.partial);
      for (const f of ownFindings.filter(assumed))
        notes.push(`Assumed, not checked: ${line(f)}`);
      const findings = [
        ...scan.findings,
        ...ownFindings.filter(f => !assumed(f)),
      ];
      const errors = findings.filter(f => f.severity === 'error').map(line);
      const warnings = findings.filter(f => f.severity === 'warning').map(line);
      for (const warning of warnings) ctx.logger.warn(warning);
      const ownNamespaces = new Set(
        scan.objects.map(item => objectRef(item.object).namespace),
      );
      const passed = result.compliance
        .filter(r => r.passed && ownNamespaces.has(r.subject.namespace))
        .map(r => `${r.code} ${r.subject.name}: ${r.message}`);
      for (const note of notes) ctx.logger.info(note);
      ctx.logger.info(
        `${scan.objects.length} objects of the repository analysed${
          context
            ? ` with ${
                world.length - scan.objects.length
              } of the live mesh (${context.clusters.join(', ')})`
            : ''
        } on golden path ${goldenPath.name}: ${errors.length} errors, ${
          warnings.length
        } warnings, ${passed.length} compliance checks passed`,
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
      ctx.output('notes', notes);
    },
  });
}
