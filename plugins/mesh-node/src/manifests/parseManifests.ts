import type { Finding } from '@meshpath/plugin-mesh-common';
import { Composer, LineCounter, Parser } from 'yaml';
import { finding } from '../findings';
import { isRecord, looksLikeObject, SourcedObject } from '../objects';

/** Parsed objects and the findings for what could not be parsed. @public */
export interface ParsedManifests {
  objects: SourcedObject[];
  findings: Finding[];
}

/**
 * Parses multi-document YAML, keeping the file and line of each object.
 * A document that does not parse, or is not a Kubernetes object, becomes a
 * finding; the other documents are still returned. `List` kinds are unwrapped.
 * @public
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const lineCounter = new LineCounter();
  const result: ParsedManifests = { objects: [], findings: [] };
  // Documents are composed one at a time and dropped once converted, so a
  // large file never holds every YAML document tree in memory at once.
  const tokens = new Parser(lineCounter.addNewLine).parse(text);
  const documents = new Composer({ uniqueKeys: true }).compose(tokens);

  for (const document of documents) {
    const start = document.contents?.range?.[0] ?? document.range[0];
    const line = lineCounter.linePos(start).line;
    if (document.errors.length > 0) {
      const error = document.errors[0];
      const errorLine = lineCounter.linePos(error.pos[0]).line;
      // The finding points at the document; the message says where the parser gave up.
      const reason = error.message.split('\n')[0];
      result.findings.push(
        finding('MP0001', `YAML error at line ${errorLine}: ${reason}`, {
          source: { file, line },
        }),
      );
      continue;
    }
    const value = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue; // empty document
    if (isBuildConfiguration(value)) continue;
    if (
      isRecord(value) &&
      value.kind === 'List' &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item: unknown, index: number) =>
        addObject(item, `${file}`, line, result, `item ${index} of a List`),
      );
      continue;
    }
    addObject(value, file, line, result);
  }
  return result;
}

/** kustomization.yaml describes how to build manifests; it is not a cluster object. */
function isBuildConfiguration(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('kustomize.config.k8s.io/')
  );
}

function addObject(
  value: unknown,
  file: string,
  line: number,
  result: ParsedManifests,
  what = 'document',
) {
  if (looksLikeObject(value)) {
    result.objects.push({ object: value, source: { file, line } });
    return;
  }
  let missing = 'it is not a mapping';
  if (isRecord(value)) {
    const absent = ['apiVersion', 'kind', 'metadata.name'].filter(key =>
      key === 'metadata.name'
        ? !(isRecord(value.metadata) && value.metadata.name)
        : typeof value[key] !== 'string',
    );
    missing = `${absent.join(', ')} missing`;
  }
  result.findings.push(
    finding('MP0002', `The ${what} is not a Kubernetes object: ${missing}`, {
      source: { file, line },
    }),
  );
}
