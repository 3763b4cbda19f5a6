import type { Finding, SourcedObject } from '@meshpath/plugin-mesh-common';
import {
  Composer,
  Document,
  isMap,
  isSeq,
  LineCounter,
  Parser,
  Range,
} from 'yaml';
import { finding } from '../ruleFinding';
import { prepareDocument } from './documentProblems';
import { isRecord, looksLikeObject } from '../objects';

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
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const yamlError = (line: number, errorOffset: number, reason: string) =>
    // The finding points at the document; the message says where the parser gave up.
    result.findings.push(
      finding(
        'MP0001',
        `YAML error at line ${lineAt(errorOffset)}: ${firstLine(reason)}`,
        { source: { file, line } },
      ),
    );
  // Documents are composed one at a time and dropped once converted, so a
  // large file never holds every YAML document tree in memory at once.
  const tokens = new Parser(lineCounter.addNewLine).parse(text);
  // Duplicate keys are found by prepareDocument, in linear time.
  const documents = new Composer({ uniqueKeys: false }).compose(tokens);

  for (const document of documents) {
    const start = document.contents?.range?.[0] ?? document.range[0];
    const line = lineAt(start);
    if (document.errors.length > 0) {
      const error = document.errors[0];
      yamlError(line, error.pos[0], error.message);
      continue;
    }
    let value: unknown;
    try {
      const problem = prepareDocument(document);
      if (problem) {
        yamlError(line, problem.offset, problem.message);
        continue;
      }
      // No aliases are left, and what they expanded to is bounded.
      value = document.toJS();
    } catch (error) {
      // Nesting too deep for the stack.
      yamlError(
        line,
        start,
        error instanceof Error ? error.message : String(error),
      );
      continue;
    }
    if (value === null || value === undefined) continue; // empty document
    if (isBuildConfiguration(value)) continue;
    if (
      isRecord(value) &&
      value.kind === 'List' &&
      Array.isArray(value.items)
    ) {
      const itemNodes = listItemNodes(document);
      value.items.forEach((item: unknown, index: number) => {
        const itemStart = itemNodes[index]?.range?.[0];
        const itemLine = itemStart === undefined ? line : lineAt(itemStart);
        addObject(item, file, itemLine, result, `item ${index} of a List`);
      });
      continue;
    }
    addObject(value, file, line, result);
  }
  return result;
}

/** One short line: parser messages quote the input, which may hold line breaks or terminal controls. */
function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function listItemNodes(
  document: Document.Parsed,
): Array<{ range?: Range | null }> {
  const items = isMap(document.contents)
    ? document.contents.get('items', true)
    : undefined;
  return isSeq(items) ? (items.items as Array<{ range?: Range | null }>) : [];
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
        ? !(
            isRecord(value.metadata) &&
            typeof value.metadata.name === 'string' &&
            value.metadata.name
          )
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
