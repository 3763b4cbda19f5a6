import { InputError } from '@backstage/errors';
import { MESH_ANNOTATIONS } from '@meshpath/plugin-mesh-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { lstat, readFile, writeFile } from 'node:fs/promises';
import { isMap, parseAllDocuments, Scalar } from 'yaml';
import { quoteValue } from '../goldenPaths/checkParameters';
import { readsBackAsText } from '../manifests/yamlText';
import { workspaceFolder } from '../manifests/writeFiles';
import type { z as zod } from 'zod/v3';
import { examples } from './annotateCatalogInfo.examples';
import { parseInput } from './parseInput';
import { parameterText } from './serviceInput';

const inputSchema = {
  filePath: (z: typeof zod) =>
    parameterText(z, 'catalog-info.yaml in the workspace', 1024).default(
      'catalog-info.yaml',
    ),
  name: (z: typeof zod) =>
    parameterText(
      z,
      'Component to annotate (metadata.name); the first Component when omitted',
    ).optional(),
  manifestsPath: (z: typeof zod) =>
    parameterText(
      z,
      'Folder of the mesh manifests, relative to the repository root',
    ),
  goldenPath: (z: typeof zod) =>
    parameterText(z, 'Golden path the service was onboarded with'),
  kubernetesId: (z: typeof zod) =>
    parameterText(z, 'Value of backstage.io/kubernetes-id').optional(),
  namespace: (z: typeof zod) =>
    parameterText(z, 'Value of backstage.io/kubernetes-namespace').optional(),
};

/**
 * `mesh:catalog:annotate`: adds Meshpath's annotations to catalog-info.yaml,
 * keeping its comments, order and every other field.
 * @public
 */
export function createMeshAnnotateCatalogInfoAction() {
  return createTemplateAction({
    id: 'mesh:catalog:annotate',
    description:
      "Adds or updates the Meshpath annotations on the service's Component in catalog-info.yaml, keeping the file's comments and everything else intact.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        changed: z => z.boolean({ description: 'Whether the file changed' }),
      },
    },
    async handler(ctx) {
      const input = parseInput(inputSchema, ctx.input);
      const filePath = input.filePath;
      const file = workspaceFolder(ctx.workspacePath, filePath, 'filePath');
      const info = await lstat(file).catch(() => undefined);
      if (!info)
        throw new InputError(
          `filePath: ${quoteValue(filePath)} does not exist in the workspace`,
        );
      if (info.isSymbolicLink() || !info.isFile())
        throw new InputError(
          `filePath: ${quoteValue(filePath)} is not a regular file`,
        );

      const annotations: Record<string, string | undefined> = {
        [MESH_ANNOTATIONS.manifests]: input.manifestsPath,
        [MESH_ANNOTATIONS.goldenPath]: input.goldenPath,
        'backstage.io/kubernetes-id': input.kubernetesId,
        'backstage.io/kubernetes-namespace': input.namespace,
      };

      const before = await readFile(file, 'utf8');
      const documents = parseAllDocuments(before);
      if (
        !Array.isArray(documents) ||
        documents.some(d => d.errors.length > 0)
      ) {
        throw new InputError(`${quoteValue(filePath)} is not valid YAML`);
      }
      const target = documents.find(document => {
        let value;
        try {
          value = document.toJS();
        } catch {
          // An alias bomb, or an alias to nothing.
          throw new InputError(`${quoteValue(filePath)} is not valid YAML`);
        }
        return (
          value?.kind === 'Component' &&
          (!input.name || value?.metadata?.name === input.name)
        );
      });
      if (!target)
        throw new InputError(
          `${quoteValue(filePath)} has no Component${
            input.name ? ` named ${quoteValue(input.name)}` : ''
          }`,
        );
      if (
        !isMap(target.getIn(['metadata', 'annotations'])) &&
        target.getIn(['metadata', 'annotations']) !== undefined
      ) {
        throw new InputError(
          `${quoteValue(filePath)}: metadata.annotations is not a mapping`,
        );
      }
      for (const [key, value] of Object.entries(annotations)) {
        if (value === undefined) continue;
        const scalar = target.createNode(value) as Scalar;
        // `yes` or `010` written plain would not read back as text everywhere.
        if (!readsBackAsText(value)) scalar.type = Scalar.QUOTE_DOUBLE;
        target.setIn(['metadata', 'annotations', key], scalar);
      }
      const after = documents.map(document => document.toString()).join('');
      const changed = after !== before;
      if (changed) await writeFile(file, after, 'utf8');
      ctx.logger.info(
        changed
          ? `annotated ${filePath}`
          : `${filePath} already has the annotations`,
      );
      ctx.output('changed', changed);
    },
  });
}
