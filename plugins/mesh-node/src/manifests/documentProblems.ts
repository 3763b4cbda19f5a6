import {
  Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Node,
} from 'yaml';

/** Why a document that YAML accepts cannot be a Kubernetes object, and where. */
export interface DocumentProblem {
  offset: number;
  message: string;
}

/**
 * Finds what YAML allows but JSON (and so the API server) cannot hold:
 * duplicate keys, keys that are collections, and aliases inside their own
 * anchor (a cycle). One linear walk: the `yaml` library's own `uniqueKeys`
 * check compares every key with every other, which takes minutes on a
 * mapping of 50,000 keys.
 */
export function findDocumentProblem(
  document: Document.Parsed,
): DocumentProblem | undefined {
  // The node each anchor name points to so far, in document order, as aliases resolve.
  const anchors = new Map<string, Node>();
  const open = new Set<unknown>();
  const stack: Array<{ node: unknown; leave?: boolean }> = [
    { node: document.contents },
  ];
  while (stack.length > 0) {
    const { node, leave } = stack.pop()!;
    if (leave) {
      open.delete(node);
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target && open.has(target))
        return {
          offset: node.range?.[0] ?? 0,
          message: `Alias *${node.source} is inside its own anchor, a cycle JSON cannot hold`,
        };
      continue;
    }
    if (!isNode(node) && !isPair(node)) continue;
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      const problem = keyProblem(node.items, anchors);
      if (problem) return problem;
    }
    if (isMap(node) || isSeq(node)) {
      open.add(node);
      stack.push({ node, leave: true });
      // Reversed, so children are visited in document order (anchors before their aliases).
      for (let i = node.items.length - 1; i >= 0; i--)
        stack.push({ node: node.items[i] });
    } else if (isPair(node)) {
      stack.push({ node: node.value }, { node: node.key });
    }
  }
  return undefined;
}

/** The first duplicate or non-scalar key of a mapping, keyed as `toJS` names properties. */
function keyProblem(
  pairs: Array<{ key: unknown }>,
  anchors: Map<string, Node>,
): DocumentProblem | undefined {
  const seen = new Set<string>();
  for (const { key } of pairs) {
    const node = isAlias(key) ? anchors.get(key.source) : key;
    const offset = (isNode(key) && key.range?.[0]) || 0;
    const value = isScalar(node) ? node.value : node;
    if (value !== null && value !== undefined && typeof value === 'object')
      return {
        offset,
        message: 'A mapping key is a collection; JSON keys are strings',
      };
    const name = value === null || value === undefined ? '' : String(value);
    if (seen.has(name))
      return {
        offset,
        message: `Map keys must be unique: ${JSON.stringify(
          name.length > 60 ? `${name.slice(0, 60)}…` : name,
        )}`,
      };
    seen.add(name);
  }
  return undefined;
}
