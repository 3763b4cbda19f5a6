import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  COMPLIANCE_FRAMEWORK_NAMES,
  GoldenPath,
  MeshServiceSpec,
  meshRule,
  ruleRationale,
} from '@meshpath/plugin-mesh-common';
import { type Analyzer, platformAnalyzeOptions } from '@meshpath/mesh-engine';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { z as zod } from 'zod/v3';
import { findGoldenPath } from '../goldenPaths/findGoldenPath';
import { resolveSpec } from '../goldenPaths/resolveSpec';
import { workspaceFolder } from '../manifests/writeFiles';
import {
  applyFixes,
  Change,
  manifestText,
  REMEDIABLE_CODES,
  RemediableCode,
  RemediationTarget,
} from '../remediate/fixes';
import { readManifestFiles } from '../remediate/readManifests';
import { repositoryOf } from '../remediate/repositoryUrl';
import { ManifestFile } from '../remediate/yamlEdits';
import { scanRepository } from '../repository/scanRepository';
import { analyzerOnce } from './analyzerOnce';
import { inlineCode, markdownText } from './markdown';
import { parseInput } from './parseInput';
import { examples } from './remediate.examples';
import { parameterText } from './serviceInput';

/** What the remediate action needs, built once by the module. */
export interface RemediateActionOptions {
  goldenPaths: Record<string, GoldenPath>;
  analyzer: () => Promise<Analyzer>;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const FALLBACK_TRAFFIC: MeshServiceSpec['trafficPolicy'] = {
  timeout: '10s',
  retries: { attempts: 2, perTryTimeout: '3s' },
  connectionPool: { maxConnections: 100, http1MaxPendingRequests: 100 },
  outlierDetection: {
    consecutive5xxErrors: 5,
    interval: '30s',
    baseEjectionTime: '30s',
  },
};

const inputSchema = {
  entityRef: (z: typeof zod) =>
    parameterText(
      z,
      'The service, as an entity ref (component:default/payments)',
      255,
    ),
  codes: (z: typeof zod) =>
    z
      .array(parameterText(z, undefined, 10), {
        description: `Finding codes to fix: ${REMEDIABLE_CODES.join(', ')}`,
      })
      .min(1)
      .max(REMEDIABLE_CODES.length),
  goldenPath: (z: typeof zod) =>
    parameterText(
      z,
      "Golden path whose values the fixes write (the entity's meshpath.io/golden-path)",
      100,
    ).default('tier-2'),
  manifestsPath: (z: typeof zod) =>
    parameterText(
      z,
      "Folder of the service's mesh manifests (the entity's meshpath.io/manifests)",
      1024,
    ).default('deploy/mesh'),
  name: (z: typeof zod) =>
    parameterText(
      z,
      'Service name; the entity name when absent',
      63,
    ).optional(),
  namespace: (z: typeof zod) =>
    parameterText(
      z,
      "Kubernetes namespace; read from the service's manifests when absent",
      63,
    ).optional(),
  sourceLocation: (z: typeof zod) =>
    parameterText(
      z,
      "The entity's backstage.io/source-location, for the repoUrl and provider outputs",
      1024,
    ).optional(),
};

const isRemediable = (code: string): code is RemediableCode =>
  (REMEDIABLE_CODES as readonly string[]).includes(code);

/** The namespace the manifests put the service in: its Canary's, else the one most of them use. */
function namespaceOf(files: ManifestFile[], name: string): string | undefined {
  const objects = files.flatMap(f => f.objects().map(o => o.value));
  const own = objects.find(
    o => o.kind === 'Canary' && o.spec?.targetRef?.name === name,
  );
  if (own?.metadata?.namespace) return own.metadata.namespace;
  const counts = new Map<string, number>();
  for (const o of objects)
    if (o.metadata?.namespace)
      counts.set(
        o.metadata.namespace,
        (counts.get(o.metadata.namespace) ?? 0) + 1,
      );
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function describe(
  entityRef: string,
  codes: RemediableCode[],
  changes: Change[],
  refusals: Array<{ code: RemediableCode; why: string }>,
  stillFailing: string[],
): string {
  const sections = codes.flatMap(code => {
    const rule = meshRule(code);
    const own = changes.filter(c => c.code === code);
    const refused = refusals.find(r => r.code === code);
    return [
      `## ${code}: ${markdownText(rule.title)}`,
      '',
      `**Why it matters:** ${markdownText(ruleRationale(code))}`,
      '',
      ...(rule.controls.length
        ? [
            `**Controls:** ${rule.controls
              .map(
                c =>
                  `${markdownText(
                    COMPLIANCE_FRAMEWORK_NAMES[c.framework] ?? c.framework,
                  )} ${markdownText(c.control)}`,
              )
              .join('; ')}`,
            '',
          ]
        : []),
      '**Change:**',
      '',
      ...(own.length
        ? own.map(c => `- ${inlineCode(c.file)}: ${markdownText(c.what)}`)
        : [
            refused
              ? `- Not fixed: ${markdownText(refused.why)}.`
              : '- Nothing to change: the manifests already comply.',
          ]),
      '',
    ];
  });
  return [
    `# Fix ${codes.map(inlineCode).join(', ')} for ${inlineCode(entityRef)}`,
    '',
    "Opened by Meshpath's `mesh-remediate` template. Each change keeps the files' comments and formatting; the engine validated the result.",
    '',
    ...sections,
    ...(stillFailing.length
      ? [
          '## Still failing after the change',
          '',
          ...stillFailing.map(line => `- ${markdownText(line)}`),
          '',
        ]
      : []),
  ].join('\n');
}

/**
 * `mesh:remediate`: fixes findings in a service's declared manifests.
 * @public
 */
export function createMeshRemediateAction(options: RemediateActionOptions) {
  const sharedAnalyzer = analyzerOnce(options.analyzer);
  return createTemplateAction({
    id: 'mesh:remediate',
    description:
      "Fixes findings in a service's declared mesh manifests (STRICT mTLS, route timeout, bounded retries, outlier detection and connection pool, namespace default deny, DestinationRule TLS), keeping comments and formatting, validates the result with the engine and describes the change for a pull or merge request. A second run changes nothing.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        changed: z =>
          z.array(z.string(), {
            description:
              'Files changed or added, relative to the workspace; empty when nothing needed fixing',
          }),
        title: z => z.string({ description: 'Pull request title' }),
        body: z =>
          z.string({ description: 'Pull request description (Markdown)' }),
        branchName: z => z.string({ description: 'Branch for the change' }),
        repoUrl: z =>
          z.string({
            description:
              'The repository as publish steps take it (host?owner=…&repo=…); empty when unknown',
          }),
        provider: z => z.string({ description: 'github, gitlab or empty' }),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input);
      const unknown = input.codes.filter(code => !isRemediable(code));
      if (unknown.length > 0)
        throw new InputError(
          `codes: ${unknown
            .map(c => JSON.stringify(c))
            .join(
              ', ',
            )} cannot be fixed by mesh:remediate; it fixes ${REMEDIABLE_CODES.join(
            ', ',
          )}`,
        );
      const codes = [...new Set(input.codes as RemediableCode[])].sort();
      // kind:namespace/name, kind and namespace optional, as the catalog writes refs.
      const ref = /^(?:[^:/]+:)?(?:[^:/]+\/)?([^:/]+)$/.exec(input.entityRef);
      if (!ref)
        throw new InputError(
          `entityRef: ${JSON.stringify(
            input.entityRef,
          )} is not an entity ref such as component:default/payments`,
        );
      const entity = { name: ref[1] };
      const goldenPath = findGoldenPath(options.goldenPaths, input.goldenPath);
      const folder = workspaceFolder(
        ctx.workspacePath,
        input.manifestsPath,
        'manifestsPath',
      );
      const files = await readManifestFiles(ctx.workspacePath, folder);
      const name = input.name ?? entity.name;
      const namespace = input.namespace ?? namespaceOf(files, name) ?? name;
      for (const [field, value] of [
        ['name', name],
        ['namespace', namespace],
      ])
        if (!dnsLabel.test(value) || value.length > 63)
          throw new InputError(
            `${field}: ${JSON.stringify(value)} is not a DNS-1123 label`,
          );
      const spec = resolveSpec({ name, namespace }, goldenPath);
      // A preset without a traffic policy gets the catalogue's usual values.
      const traffic: Partial<MeshServiceSpec['trafficPolicy']> =
        spec.trafficPolicy ?? {};
      const target: RemediationTarget = {
        name,
        namespace,
        trafficPolicy: {
          timeout: traffic.timeout ?? FALLBACK_TRAFFIC.timeout,
          retries: { ...FALLBACK_TRAFFIC.retries, ...traffic.retries },
          connectionPool: {
            ...FALLBACK_TRAFFIC.connectionPool,
            ...traffic.connectionPool,
          },
          outlierDetection: {
            ...FALLBACK_TRAFFIC.outlierDetection,
            ...traffic.outlierDetection,
          },
        },
      };

      const added: ManifestFile[] = [];
      const workspace = {
        files,
        add(fileName: string, objects: object[]) {
          const taken = (path: string) => files.some(f => f.path === path);
          let path = relative(ctx.workspacePath, join(folder, fileName));
          if (taken(path))
            path = relative(
              ctx.workspacePath,
              join(folder, fileName.replace(/\.yaml$/, `-${name}.yaml`)),
            );
          const file = new ManifestFile(path, manifestText(objects));
          files.push(file);
          added.push(file);
          return file;
        },
      };
      const { changes, refusals } = applyFixes(workspace, target, codes);

      const changed = [
        ...added,
        ...files.filter(f => f.changed && !added.includes(f)),
      ];
      for (const file of changed) {
        const path = join(ctx.workspacePath, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
        ctx.logger.info(`changed ${file.path}`);
      }
      const addedPaths = added.map(f => f.path);
      await listInKustomization(ctx.workspacePath, folder, addedPaths, changed);

      // The engine judges the result: a code the change did not fix is said so.
      const scan = await scanRepository(ctx.workspacePath, [folder]);
      const analyzer = await sharedAnalyzer();
      const result = analyzer.analyze(scan.objects, {
        rules: goldenPath.rules,
        ...platformAnalyzeOptions(goldenPath.defaults.platform),
      });
      const asked = (code: string) => codes.includes(code as RemediableCode);
      const stillFailing = [
        ...result.compliance
          .filter(
            r =>
              asked(r.code) &&
              !r.passed &&
              r.subject.name === name &&
              r.subject.namespace === namespace,
          )
          .map(r => `${r.code} ${r.subject.name}: ${r.message}`),
        ...result.findings
          .filter(f => asked(f.code) && f.object?.namespace === namespace)
          .map(
            f => `${f.code} ${f.object!.kind} ${f.object!.name}: ${f.message}`,
          ),
      ];
      for (const line of stillFailing)
        ctx.logger.warn(`still failing: ${line}`);
      for (const refusal of refusals)
        ctx.logger.warn(`${refusal.code} not fixed: ${refusal.why}`);

      const repository = input.sourceLocation
        ? repositoryOf(input.sourceLocation)
        : undefined;
      ctx.output('changed', [...new Set(changed.map(f => f.path))]);
      ctx.output('title', `Fix ${codes.join(', ')} for ${name}`);
      ctx.output(
        'body',
        describe(input.entityRef, codes, changes, refusals, stillFailing),
      );
      ctx.output(
        'branchName',
        `meshpath/remediate-${name}-${codes.join('-').toLowerCase()}`,
      );
      ctx.output('repoUrl', repository?.repoUrl ?? '');
      ctx.output('provider', repository?.provider ?? '');
    },
  });
}

/** A new file joins the folder's kustomization.yaml, so kustomize applies it too. */
async function listInKustomization(
  workspacePath: string,
  folder: string,
  paths: string[],
  changed: ManifestFile[],
) {
  if (paths.length === 0) return;
  for (const fileName of ['kustomization.yaml', 'kustomization.yml']) {
    const path = join(folder, fileName);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const file = new ManifestFile(relative(workspacePath, path), text);
    for (const added of paths)
      file.append(
        0,
        ['resources'],
        relative(folder, join(workspacePath, added)),
      );
    if (file.changed) {
      await writeFile(path, file.content);
      changed.push(file);
    }
    return;
  }
}
