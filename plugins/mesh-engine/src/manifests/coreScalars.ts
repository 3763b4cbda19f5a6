/**
 * Plain scalars as the YAML 1.2 core schema resolves them, exactly as the
 * `yaml` library (the precise parser) does: one truth for both fast readers.
 */

// Plain scalars are mostly names: a look at the first character's code spares the patterns.
/** `~`, `n` or `N`: what a null starts with. */
const startsNull = (text: string) => {
  const code = text.charCodeAt(0);
  return code === 126 || code === 110 || code === 78;
};
/** `t`, `T`, `f` or `F`: what a boolean starts with. */
const startsBool = (text: string) => {
  const code = text.charCodeAt(0);
  return code === 116 || code === 84 || code === 102 || code === 70;
};
/** `-`, `+`, `.` or a digit: what a number starts with. */
const startsNumber = (text: string) => {
  const code = text.charCodeAt(0);
  return (
    (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 46
  );
};

export const isNull = (text: string) =>
  text === '' || (startsNull(text) && /^(?:~|[Nn]ull|NULL)$/.test(text));

export const isBool = (text: string) =>
  startsBool(text) && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text);
export const boolValue = (text: string) => text[0] === 't' || text[0] === 'T';

export const isInt = (text: string) =>
  startsNumber(text) && /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(text);
export const intValue = (text: string) => {
  if (text[1] === 'o') return parseInt(text.slice(2), 8);
  if (text[1] === 'x') return parseInt(text.slice(2), 16);
  return parseInt(text, 10);
};

export const isFloat = (text: string) =>
  startsNumber(text) &&
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/.test(
    text,
  );
export const floatValue = (text: string) => {
  if (/nan$/i.test(text)) return NaN;
  if (/inf$/i.test(text)) return text[0] === '-' ? -Infinity : Infinity;
  return parseFloat(text);
};

/** The value of a plain scalar: null, boolean, integer, float, else the text itself. */
export function plainScalar(text: string): unknown {
  if (isNull(text)) return null;
  if (isBool(text)) return boolValue(text);
  if (isInt(text)) return intValue(text);
  if (isFloat(text)) return floatValue(text);
  return text;
}
