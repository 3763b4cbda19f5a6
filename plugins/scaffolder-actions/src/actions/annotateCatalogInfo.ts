import { InputError } from '@backstage/errors';
import { MESH_ANNOTATIONS } from '@meshpath/plugin-mesh-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { lstat, readFile, writeFile } from 'node:fs/promises';
import { isMap, parseAllDocuments } from 'yaml';
import { isUnsafeText } from '../goldenPaths/checkParameters';
import { workspaceFolder } from '../manifests/writeFiles';
import { examples } from './annotateCatalogInfo.examples';

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
      input: {
        filePath: z =>
          z
            .string({ description: 'catalog-info.yaml in the workspace' })
            .default('catalog-info.yaml'),
        name: z =>
          z
            .string({
              description:
                'Component to annotate (metadata.name); the first Component when omitted',
            })
            .optional(),
        manifestsPath: z =>
          z.string({
            description:
              'Folder of the mesh manifests, relative to the repository root',
          }),
        goldenPath: z =>
          z.string({
            description: 'Golden path the service was onboarded with',
          }),
        kubernetesId: z =>
          z
            .string({ description: 'Value of backstage.io/kubernetes-id' })
            .optional(),
        namespace: z =>
          z
            .string({
              description: 'Value of backstage.io/kubernetes-namespace',
            })
            .optional(),
      },
      output: {
        changed: z => z.boolean({ description: 'Whether the file changed' }),
      },
    },
    async handler(ctx) {
      const filePath = ctx.input.filePath ?? 'catalog-info.yaml';
      const file = workspaceFolder(ctx.workspacePath, filePath, 'filePath');
      const info = await lstat(file).catch(() => undefined);
      if (!info)
        throw new InputError(
          `filePath: ${filePath} does not exist in the workspace`,
        );
      if (info.isSymbolicLink() || !info.isFile())
        throw new InputError(`filePath: ${filePath} is not a regular file`);

      const annotations: Record<string, string | undefined> = {
        [MESH_ANNOTATIONS.manifests]: ctx.input.manifestsPath,
        [MESH_ANNOTATIONS.goldenPath]: ctx.input.goldenPath,
        'backstage.io/kubernetes-id': ctx.input.kubernetesId,
        'backstage.io/kubernetes-namespace': ctx.input.namespace,
      };
      for (const [key, value] of Object.entries(annotations)) {
        if (
          value !== undefined &&
          (typeof value !== 'string' ||
            isUnsafeText(value) ||
            value.length > 253)
        ) {
          throw new InputError(
            `${key}: the value contains a control character, newline or template syntax`,
          );
        }
      }

      const before = await readFile(file, 'utf8');
      const documents = parseAllDocuments(before);
      if (
        !Array.isArray(documents) ||
        documents.some(d => d.errors.length > 0)
      ) {
        throw new InputError(`${filePath} is not valid YAML`);
      }
      const target = documents.find(document => {
        const value = document.toJS();
        return (
          value?.kind === 'Component' &&
          (!ctx.input.name || value?.metadata?.name === ctx.input.name)
        );
      });
      if (!target)
        throw new InputError(
          `${filePath} has no Component${
            ctx.input.name ? ` named ${ctx.input.name}` : ''
          }`,
        );
      if (
        !isMap(target.getIn(['metadata', 'annotations'])) &&
        target.getIn(['metadata', 'annotations']) !== undefined
      ) {
        throw new InputError(
          `${filePath}: metadata.annotations is not a mapping`,
        );
      }
      for (const [key, value] of Object.entries(annotations)) {
        if (value !== undefined)
          target.setIn(['metadata', 'annotations', key], value);
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
