import type {
  Finding,
  SourceLocation,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
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
import { contentLine, documentChunks, isSplittable } from './documentChunks';
import { prepareDocument } from './documentProblems';
import { readBlockDocument } from './blockDocument';
import { fastDocument } from './fastDocument';
import { inlineSuppressions, InlineSuppression } from './inlineSuppressions';
import { isRecord, looksLikeObject } from '../objects';

/** Parsed objects and the findings for what could not be parsed. @public */
export interface ParsedManifests {
  objects: SourcedObject[];
  findings: Finding[];
  /** `# meshpath:ignore CODE reason` comments, each at the object it is on. */
  suppressions: InlineSuppression[];
}

/**
 * Parses multi-document YAML, keeping the file and line of each object.
 * A document that does not parse, or is not a Kubernetes object, becomes a
 * finding; the other documents are still returned. `List` kinds are unwrapped.
 * Documents are read fast, without positions (plain block YAML by a line
 * reader, the rest by js-yaml; the line of a document is found in its
 * text), and only those that need more (tags, a List's item lines, or an
 * error to word) by the positional parser.
 * @public
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  return parseDocuments(text, file, true);
}

/**
 * Every document through the positional parser, cut at the same `---` lines:
 * what the fast path must always agree with (a test compares them).
 */
export function parseManifestsPrecisely(
  text: string,
  file: string,
): ParsedManifests {
  return parseDocuments(text, file, false);
}

function parseDocuments(
  text: string,
  file: string,
  fast: boolean,
): ParsedManifests {
  // A byte order mark starts the stream only; it is not content.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!isSplittable(body)) return parsePrecisely(body, file, 0);
  const result: ParsedManifests = {
    objects: [],
    findings: [],
    suppressions: [],
  };
  for (const chunk of documentChunks(body)) {
    const read = fast
      ? readBlockDocument(chunk.text) ?? fastDocument(chunk.text)
      : undefined;
    const value = read?.value;
    if (!read || isList(value)) {
      // Cut at `---` lines, a quote left open ends with its document (YAML forbids `---` inside one).
      const parsed = parsePrecisely(chunk.text, file, chunk.line - 1);
      result.objects.push(...parsed.objects);
      result.findings.push(...parsed.findings);
      result.suppressions.push(...parsed.suppressions);
      continue;
    }
    if (value === null || value === undefined || isBuildConfiguration(value))
      continue;
    const source = { file, line: contentLine(chunk) };
    if (addObject(value, source, result))
      result.suppressions.push(...inlineSuppressions(chunk.text, [source]));
  }
  return result;
}

/**
 * The `yaml` library's parse with positions: the line of every object and
 * List item, and the exact place of every error. `lineOffset` is the line of
 * the text in its file, less one.
 */
function parsePrecisely(
  text: string,
  file: string,
  lineOffset: number,
): ParsedManifests {
  const lineCounter = new LineCounter();
  const result: ParsedManifests = {
    objects: [],
    findings: [],
    suppressions: [],
  };
  const lineAt = (offset: number) =>
    lineCounter.linePos(offset).line + lineOffset;
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
    const sources: SourceLocation[] = [];
    if (isList(value)) {
      const itemNodes = listItemNodes(document);
      value.items.forEach((item: unknown, index: number) => {
        const itemStart = itemNodes[index]?.range?.[0];
        const source = {
          file,
          line: itemStart === undefined ? line : lineAt(itemStart),
        };
        if (addObject(item, source, result, `item ${index} of a List`))
          sources.push(source);
      });
    } else if (addObject(value, { file, line }, result)) {
      sources.push({ file, line });
    }
    const [from, , to] = document.range;
    result.suppressions.push(
      ...inlineSuppressions(text.slice(from, to), sources),
    );
  }
  return result;
}

function isList(value: unknown): value is { kind: 'List'; items: unknown[] } {
  return isRecord(value) && value.kind === 'List' && Array.isArray(value.items);
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

/** Adds the object, or a finding saying why it is not one; true for an object. */
function addObject(
  value: unknown,
  source: SourceLocation,
  result: ParsedManifests,
  what = 'document',
): boolean {
  if (looksLikeObject(value)) {
    result.objects.push({ object: value, source });
    return true;
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
      source,
    }),
  );
  return false;
}
