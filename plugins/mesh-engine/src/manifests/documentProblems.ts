import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  Node,
} from 'yaml';

/** Why a document that YAML accepts cannot be a Kubernetes object, and where. */
export interface DocumentProblem {
  offset: number;
  message: string;
}

/** Aliases may expand a document to this many values, plus ten per value written. */
const EXPANSION_ALLOWANCE = 1_000;
const EXPANSION_FACTOR = 10;

/**
 * Checks what YAML allows but JSON (and so the API server) cannot hold:
 * duplicate keys, keys that are collections, aliases without an anchor or
 * inside their own anchor (a cycle). Then replaces each alias by its anchor's
 * node and refuses a document whose aliases expand too far (an alias bomb).
 * Linear in the document: the `yaml` library's own `uniqueKeys` check and
 * alias resolution compare every key or alias with the ones before it, which
 * takes minutes on 50,000 keys or anchors.
 */
export function prepareDocument(
  document: Document.Parsed,
): DocumentProblem | undefined {
  // The node each anchor name points to so far, in document order.
  const anchors = new Map<string, Node>();
  const open = new Set<unknown>();
  let nodes = 0;
  let aliases = 0;
  type Visit = {
    node: unknown;
    leave?: boolean;
    replace?: (target: Node) => void;
  };
  const stack: Visit[] = [{ node: document.contents }];
  while (stack.length > 0) {
    const { node, leave, replace } = stack.pop()!;
    if (leave) {
      open.delete(node);
      // Keys are checked once their aliases are replaced.
      const problem = isMap(node) ? keyProblem(node.items) : undefined;
      if (problem) return problem;
    } else if (isAlias(node)) {
      // Aliases resolve in document order, to the last anchor of that name before them.
      aliases++;
      const target = anchors.get(node.source);
      const offset = node.range?.[0] ?? 0;
      if (!target)
        return {
          offset,
          message: `Alias *${node.source} has no anchor before it`,
        };
      if (open.has(target))
        return {
          offset,
          message: `Alias *${node.source} is inside its own anchor, a cycle JSON cannot hold`,
        };
      replace?.(target);
    } else if (isNode(node)) {
      nodes++;
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) {
        open.add(node);
        stack.push({ node, leave: true });
        const items = node.items as unknown[];
        // Reversed, so children are visited in document order.
        for (let i = items.length - 1; i >= 0; i--) {
          const item = items[i];
          if (isPair(item))
            stack.push(
              { node: item.value, replace: target => (item.value = target) },
              { node: item.key, replace: target => (item.key = target) },
            );
          else
            stack.push({ node: item, replace: target => (items[i] = target) });
        }
      }
    }
  }
  if (aliases === 0) return undefined;
  const limit = EXPANSION_ALLOWANCE + EXPANSION_FACTOR * nodes;
  if (expandsBeyond(document.contents, limit))
    return {
      offset: document.contents?.range?.[0] ?? 0,
      message: `Aliases expand the document beyond ${limit} values, refused as an alias bomb`,
    };
  return undefined;
}

/** Counts values as `toJS` would copy them, stopping at the limit. */
function expandsBeyond(root: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (++count > limit) return true;
    // One at a time: spreading 100,000 items as arguments overflows the stack.
    if (isCollection(node)) for (const item of node.items) stack.push(item);
  }
  return false;
}

/** The first duplicate or non-scalar key of a mapping, keyed as `toJS` names properties. */
function keyProblem(
  pairs: Array<{ key: unknown }>,
): DocumentProblem | undefined {
  const seen = new Set<string>();
  for (const { key } of pairs) {
    const offset = (isNode(key) && key.range?.[0]) || 0;
    const value = isScalar(key) ? key.value : key;
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
