import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import {
  boolValue,
  floatValue,
  intValue,
  isBool,
  isFloat,
  isInt,
  isNull,
} from './coreScalars';
import { setDataProperty } from './dataProperty';

/**
 * The YAML 1.2 core schema exactly as the `yaml` library resolves plain
 * scalars, so the fast and the precise parser read every value alike.
 */
const coreSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (text: string | null) => text === null || isNull(text),
      construct: () => null,
    }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (text: string | null) => text !== null && isBool(text),
      construct: boolValue,
    }),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (text: string | null) => text !== null && isInt(text),
      construct: intValue,
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (text: string | null) => text !== null && isFloat(text),
      construct: floatValue,
    }),
  ],
});

/**
 * What only the precise parser reads as the `yaml` library does: tags, keys
 * that are collections, explicit or aliases, an anchor that starts a line
 * (its node may start on the next) or has content after it on its line
 * (js-yaml reads `k: &a x: 1` as a nested mapping, YAML refuses it), content
 * on a `---` line. Tabs and byte
 * order marks too: where YAML allows them is subtle, and the two libraries
 * differ. A false alarm (the characters inside a quoted string) only costs
 * speed.
 */
const needsPreciseParserPattern =
  /(?:^|[\s,[{])!|^[ ]*&|(?:^|[\s,[{])&\S+[ ]+[^\s#]|\*[^\s,[\]{}]+[ ]*:(?:\s|$)|[\]}]\s*:(?:\s|$)|^[\s-]*\?(?:\s|$)|[\t\ufeff]|^(?:---|\.\.\.)(?:\S|[^\S\n]+[^#\s])/m;
/** A character every alternative of the pattern but the last needs: most documents have none, and a class scans fast. */
const patternCharacter = /[!&*\]}?\t\ufeff]/;
/** The pattern's last alternative: content on a `---` or `...` line, after any blanks (U+00A0 and the other Unicode spaces too). */
const contentOnMarkerLine = /^(?:---|\.\.\.)(?:\S|[^\S\n]+[^#\s])/m;
const needsPreciseParser = (text: string) =>
  patternCharacter.test(text)
    ? needsPreciseParserPattern.test(text)
    : contentOnMarkerLine.test(text);

/** Values an aliased document may expand to before the precise parser judges it (it allows at least this many). */
const EXPANSION_ALLOWANCE = 1_000;

/**
 * One YAML document read fast, without positions, or undefined when it must
 * be read by the precise parser (anything above, or anything js-yaml refuses:
 * its error is then reported as the precise parser words it).
 */
export function fastDocument(text: string): { value: unknown } | undefined {
  if (needsPreciseParser(text) || hasMultilineQuote(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: coreSchema });
  } catch {
    return undefined;
  }
  if (!text.includes('*')) return { value };
  // js-yaml shares an alias's node; the `yaml` library copies it, and bounds the copies.
  const budget = { left: EXPANSION_ALLOWANCE };
  const expanded = expandAliases(value, new Set(), budget);
  return budget.left < 0 ? undefined : { value: expanded };
}

/** A copy of the value with every shared node copied out, or stopping (budget below 0) at a cycle or too many values. */
function expandAliases(
  value: unknown,
  open: Set<unknown>,
  budget: { left: number },
): unknown {
  if (--budget.left < 0) return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (open.has(value)) {
    budget.left = -1;
    return undefined;
  }
  open.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    copy = value.map(item => expandAliases(item, open, budget));
  } else {
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      budget.left--;
      const item = expandAliases(
        (value as Record<string, unknown>)[key],
        open,
        budget,
      );
      setDataProperty(record, key, item);
    }
    copy = record;
  }
  open.delete(value);
  return copy;
}

const startsToken = (previous: string | undefined) =>
  previous === undefined || ' :[{,-'.includes(previous);

/**
 * Whether a quoted scalar runs past the end of its line: js-yaml accepts
 * continuation lines the `yaml` library refuses as under-indented.
 */
function hasMultilineQuote(text: string): boolean {
  if (!text.includes('"') && !text.includes("'")) return false;
  for (const line of text.split('\n')) {
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (quote === '"') {
        if (char === '\\') i++;
        else if (char === '"') quote = undefined;
      } else if (quote === "'") {
        if (char === "'" && line[i + 1] === "'") i++;
        else if (char === "'") quote = undefined;
      } else if (char === '#' && (i === 0 || line[i - 1] === ' ')) {
        break;
      } else if ((char === '"' || char === "'") && startsToken(line[i - 1])) {
        quote = char;
      }
    }
    if (quote) return true;
  }
  return false;
}
