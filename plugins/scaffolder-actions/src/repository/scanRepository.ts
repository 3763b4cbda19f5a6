import type { Finding, SourcedObject } from '@meshpath/plugin-mesh-common';
import { objectRef, parseManifests } from '@meshpath/mesh-engine';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import {
  Kustomization,
  kustomizationNames,
  readKustomization,
} from './kustomize';
import { isTemplated } from './templated';

/** What a repository holds for the analysis, and what was left out of it. */
export interface RepositoryScan {
  /** The repository's Kubernetes objects, each once, namespaces from kustomize applied. */
  objects: SourcedObject[];
  /** Problems of the Kubernetes manifests themselves: YAML errors, documents that are not objects. */
  findings: Finding[];
  /** What was skipped or not analysed, and why, one line each. */
  notes: string[];
  /** Something that may declare objects was not analysed (a Helm chart, a template). */
  partial: boolean;
}

const isInside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..');
};

/** YAML files under the given paths, each once, links followed only while they stay in the workspace. */
async function listFiles(
  paths: string[],
  workspace: string,
  notes: string[],
): Promise<string[]> {
  const realWorkspace = await realpath(workspace);
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = async (path: string, given: boolean): Promise<void> => {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      notes.push(`${relative(workspace, path)}: cannot be read, skipped`);
      return;
    }
    // Repositories come from anyone: a link must not read the host's files.
    if (!isInside(realWorkspace, real)) {
      notes.push(
        `${relative(
          workspace,
          path,
        )}: a link leading outside the workspace, skipped`,
      );
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    const info = await lstat(real);
    if (info.isDirectory()) {
      const name = basename(path);
      if (!given && (name === 'node_modules' || name.startsWith('.'))) return;
      const entries = (await readdir(real)).sort();
      for (const entry of entries) await visit(join(path, entry), false);
    } else if (info.isFile()) {
      const name = basename(path);
      if (
        given ||
        ['.yaml', '.yml'].includes(extname(name)) ||
        kustomizationNames.has(name)
      )
        files.push(path);
    }
  };
  for (const path of paths) await visit(path, true);
  return files;
}

/** Where a file sits in a Helm chart (a folder with Chart.yaml), if it does. */
function chartOf(file: string, charts: string[]): string | undefined {
  return charts
    .filter(chart => isInside(chart, file))
    .sort((a, b) => b.length - a.length)[0];
}

/** The namespace a kustomization gives a file that does not name one. */
function kustomizedNamespace(
  file: string,
  kustomizations: Kustomization[],
): string | undefined {
  for (const k of kustomizations) {
    if (k.namespace?.resources.some(resource => isInside(resource, file)))
      return k.namespace.name;
  }
  return undefined;
}

const identity = (object: SourcedObject['object']) => {
  const ref = objectRef(object);
  const group = ref.apiVersion.includes('/')
    ? ref.apiVersion.split('/')[0]
    : '';
  return `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
};

/**
 * Reads a service's repository as the analysis needs it: its Kubernetes
 * manifests only. YAML that is not Kubernetes (docker-compose, CI, Helm
 * values) is skipped; Helm chart templates and other templated files are not
 * analysed, and said so; kustomize patches are left to kustomize, the
 * namespace a kustomization sets is applied to the files it lists, and an
 * object declared twice (a base and an overlay's copy) is analysed once.
 */
export async function scanRepository(
  workspace: string,
  paths: string[],
): Promise<RepositoryScan> {
  const scan: RepositoryScan = {
    objects: [],
    findings: [],
    notes: [],
    partial: false,
  };
  const files = await listFiles(paths, workspace, scan.notes);
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file, await readFile(file, 'utf8'));
  const rel = (file: string) => relative(workspace, file);

  const charts = files
    .filter(file => basename(file) === 'Chart.yaml')
    .map(file => dirname(file));
  const kustomizations = files
    .filter(file => kustomizationNames.has(basename(file)))
    .flatMap(file => readKustomization(texts.get(file)!, file) ?? []);
  const patches = new Set(kustomizations.flatMap(k => k.patches));

  const chartTemplates = new Map<string, number>();
  const notKubernetes: string[] = [];
  const declared = new Map<string, string>();
  for (const file of files) {
    const text = texts.get(file)!;
    if (kustomizationNames.has(basename(file))) continue;
    const chart = chartOf(file, charts);
    if (chart) {
      const [top] = relative(chart, file).split(sep);
      if (top === 'templates' || top === 'charts')
        chartTemplates.set(chart, (chartTemplates.get(chart) ?? 0) + 1);
      continue;
    }
    if (patches.has(file)) {
      scan.notes.push(
        `${rel(
          file,
        )}: a kustomize patch, applied by kustomize to its base; not analysed on its own`,
      );
      continue;
    }
    if (isTemplated(text)) {
      scan.notes.push(`${rel(file)}: a template ({{ }}), not analysed`);
      scan.partial = true;
      continue;
    }
    const parsed = parseManifests(text, file);
    if (
      parsed.objects.length === 0 &&
      parsed.findings.length > 0 &&
      parsed.findings.every(f => f.code === 'MP0002')
    ) {
      notKubernetes.push(rel(file));
      continue;
    }
    scan.findings.push(...parsed.findings);
    const namespace = kustomizedNamespace(file, kustomizations);
    for (const item of parsed.objects) {
      const object =
        namespace &&
        !item.object.metadata.namespace &&
        objectRef(item.object).namespace
          ? {
              ...item.object,
              metadata: { ...item.object.metadata, namespace },
            }
          : item.object;
      const key = identity(object);
      const first = declared.get(key);
      if (first) {
        scan.notes.push(
          `${rel(file)}:${item.source?.line ?? 1}: ${object.kind} ${
            object.metadata.name
          } is also declared in ${first}; analysed once`,
        );
        continue;
      }
      declared.set(key, rel(file));
      scan.objects.push({ object, source: item.source });
    }
  }
  for (const [chart, count] of chartTemplates) {
    scan.partial = true;
    scan.notes.push(
      `${
        rel(chart) || '.'
      }: a Helm chart; its ${count} template file(s) are not analysed (render them with \`helm template\` and validate the output)`,
    );
  }
  if (notKubernetes.length > 0)
    scan.notes.push(
      `Skipped ${
        notKubernetes.length
      } YAML file(s) that are not Kubernetes manifests: ${notKubernetes.join(
        ', ',
      )}`,
    );
  return scan;
}
