import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/**
 * The YAML 1.2 core schema exactly as the `yaml` library resolves plain
 * scalars, so the fast and the precise parser read every value alike.
 */
const coreSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (text: string | null) =>
        text === null || /^(?:~|[Nn]ull|NULL)?$/.test(text),
      construct: () => null,
    }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (text: string | null) =>
        text !== null && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text),
      construct: (text: string) => text[0] === 't' || text[0] === 'T',
    }),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (text: string | null) =>
        text !== null && /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(text),
      construct: (text: string) => {
        if (text[1] === 'o') return parseInt(text.slice(2), 8);
        if (text[1] === 'x') return parseInt(text.slice(2), 16);
        return parseInt(text, 10);
      },
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (text: string | null) =>
        text !== null &&
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/.test(
          text,
        ),
      construct: (text: string) => {
        if (/nan$/i.test(text)) return NaN;
        if (/inf$/i.test(text)) return text[0] === '-' ? -Infinity : Infinity;
        return parseFloat(text);
      },
    }),
  ],
});

/**
 * What only the precise parser reads as the `yaml` library does: aliases
 * (expanded and bounded there), tags, keys that are collections or explicit.
 * Tabs and byte order marks too: where YAML allows them is subtle, and the
 * two libraries differ.
 * A false alarm (the characters inside a quoted string) only costs speed.
 */
const needsPreciseParser =
  /(?:^|[\s,[{])[*!&]|[\]}]\s*:(?:\s|$)|^[\s-]*\?(?:\s|$)|[\t\ufeff]|^(?:---|\.\.\.)(?:\S|[ ]+[^#\s])/m;

/**
 * One YAML document read fast, without positions, or undefined when it must
 * be read by the precise parser (anything above, or anything js-yaml refuses:
 * its error is then reported as the precise parser words it).
 */
export function fastDocument(text: string): { value: unknown } | undefined {
  if (needsPreciseParser.test(text) || hasMultilineQuote(text))
    return undefined;
  try {
    return { value: load(text, { schema: coreSchema }) };
  } catch {
    return undefined;
  }
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
