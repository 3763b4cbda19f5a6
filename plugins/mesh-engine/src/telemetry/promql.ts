/**
 * A small, bounded reader of PromQL: the series selectors an expression reads
 * (metric and label matchers) and its top-level comparisons with a constant
 * threshold. Not a PromQL parser: enough to judge hand-written SLO rules.
 * Every step is one linear scan over the characters; no regex runs on the text.
 */

/** Longer expressions are not read: hand-written rules are far shorter. */
export const MAX_PROMQL_LENGTH = 16_384;
/** Nesting deeper than this is not read (constant arithmetic is recursive). */
const MAX_DEPTH = 64;

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  operator: MatchOperator;
  value: string;
}

export interface SeriesSelector {
  /** The metric name, or '' when only label matchers name the series. */
  metric: string;
  matchers: LabelMatcher[];
}

export type ComparisonOperator = '>' | '<' | '>=' | '<=' | '==' | '!=';

/** `<series side> <operator> <threshold>`, normalised so the series is on the left. */
export interface Comparison {
  operator: ComparisonOperator;
  threshold: number;
  /** The threshold as written, for messages. */
  thresholdText: string;
  /** Selectors of the side that is not the threshold. */
  selectors: SeriesSelector[];
  /** Whether that side is bounded by 1 as an error ratio is (see `isRatioSide`). */
  ratio: boolean;
}

export interface PromqlReading {
  selectors: SeriesSelector[];
  comparisons: Comparison[];
  /** Why the expression was not (fully) read, when it was not. */
  problem?: string;
}

const TWO_CHARACTER_OPERATORS = new Set(['>=', '<=', '==', '!=', '=~', '!~']);

type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'open' | 'close';
interface Token {
  kind: TokenKind;
  text: string;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);

/** Splits an expression into tokens; durations inside `[...]` become one token. */
function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      let end = i + 1;
      while (end < text.length && text[end] !== ch && text[end] !== '\\') end++;
      if (text[end] === ch) {
        // The common case, a value without escapes: one slice.
        tokens.push({ kind: 'string', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
      let value = text.slice(i + 1, end);
      let j = end;
      for (; j < text.length && text[j] !== ch; j++) {
        if (text[j] === '\\' && ch !== '`' && j + 1 < text.length) {
          j++;
          value += text[j] === 'n' ? '\n' : text[j];
        } else value += text[j];
      }
      if (j >= text.length) return `unterminated string at ${i}`;
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else if (isDigit(c) || (ch === '.' && isDigit(text.charCodeAt(i + 1)))) {
      let j = i;
      while (
        j < text.length &&
        (isIdentPart(text.charCodeAt(j)) || text[j] === '.') &&
        text[j] !== ':'
      ) {
        // An exponent's sign belongs to the number: 1e-3.
        if (
          (text[j] === 'e' || text[j] === 'E') &&
          (text[j + 1] === '-' || text[j + 1] === '+')
        )
          j++;
        j++;
      }
      tokens.push({ kind: 'number', text: text.slice(i, j) });
      i = j;
    } else if (isIdentStart(c)) {
      let j = i;
      while (j < text.length && isIdentPart(text.charCodeAt(j))) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j) });
      i = j;
    } else if (ch === '[') {
      // A range or subquery: `[5m]`, `[1h:5m]`; its content is not a selector.
      let j = i + 1;
      while (j < text.length && text[j] !== ']') j++;
      i = j + 1;
    } else if (ch === '(' || ch === '{') {
      tokens.push({ kind: 'open', text: ch });
      i++;
    } else if (ch === ')' || ch === '}') {
      tokens.push({ kind: 'close', text: ch });
      i++;
    } else {
      const two = text.slice(i, i + 2);
      if (TWO_CHARACTER_OPERATORS.has(two)) {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: ch });
        i++;
      }
    }
  }
  return tokens;
}

/** Keywords followed by a parenthesised list of label names, not of expressions. */
const LABEL_LIST_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);
const NON_SELECTOR_IDENTS = new Set([
  ...LABEL_LIST_KEYWORDS,
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'atan2',
  'inf',
  'nan',
]);
const MATCH_OPERATORS = new Set<string>(['=', '!=', '=~', '!~']);

/** Index just past the group that opens at `start`, or tokens.length if it never closes. */
function skipGroup(tokens: Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    if (tokens[i].kind === 'open') depth++;
    else if (tokens[i].kind === 'close' && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** Reads `{label op "value", ...}` from the token after `{`; returns where it ends. */
function readMatchers(
  tokens: Token[],
  start: number,
  selector: SeriesSelector,
): number {
  let i = start;
  while (i < tokens.length && tokens[i].text !== '}') {
    const name = tokens[i];
    const operator = tokens[i + 1];
    const value = tokens[i + 2];
    if (
      (name.kind === 'ident' || name.kind === 'string') &&
      operator?.kind === 'op' &&
      MATCH_OPERATORS.has(operator.text) &&
      value?.kind === 'string'
    ) {
      selector.matchers.push({
        label: name.text,
        operator: operator.text as MatchOperator,
        value: value.text,
      });
      i += 3;
    } else if (name.kind === 'string' && !selector.metric) {
      // Prometheus 3: a quoted metric name inside the braces.
      selector.metric = name.text;
      i++;
    } else i++;
  }
  const byName = selector.matchers.find(
    m => m.label === '__name__' && m.operator === '=',
  );
  if (!selector.metric && byName) selector.metric = byName.value;
  return i + 1;
}

/** The series selectors among `tokens`, in order. */
function selectorsOf(tokens: Token[]): SeriesSelector[] {
  const selectors: SeriesSelector[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (token.kind === 'ident' && LABEL_LIST_KEYWORDS.has(token.text)) {
      i = next?.text === '(' ? skipGroup(tokens, i + 1) : i + 1;
    } else if (
      token.kind === 'ident' &&
      (next?.text === '(' || next?.text === 'by' || next?.text === 'without')
    ) {
      i++; // a function or aggregation: its arguments are read in turn
    } else if (token.kind === 'ident' && NON_SELECTOR_IDENTS.has(token.text)) {
      i++;
    } else if (token.kind === 'ident') {
      const selector: SeriesSelector = { metric: token.text, matchers: [] };
      i = next?.text === '{' ? readMatchers(tokens, i + 2, selector) : i + 1;
      selectors.push(selector);
    } else if (token.text === '{') {
      const selector: SeriesSelector = { metric: '', matchers: [] };
      i = readMatchers(tokens, i + 1, selector);
      selectors.push(selector);
    } else i++;
  }
  return selectors;
}

/** Splits at depth 0 wherever `at(token)` holds. */
function splitTopLevel(
  tokens: Token[],
  at: (token: Token) => boolean,
): { parts: Token[][]; separators: Token[] } {
  const parts: Token[][] = [[]];
  const separators: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'open') depth++;
    if (token.kind === 'close') depth = Math.max(0, depth - 1);
    if (depth === 0 && at(token)) {
      separators.push(token);
      parts.push([]);
    } else parts[parts.length - 1].push(token);
  }
  return { parts, separators };
}

/** Reads constant arithmetic (numbers, + - * /, parentheses) by recursive descent, depth-capped. */
class ConstantReader {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  /** The whole token list's value, or undefined when it is not a constant. */
  read(): number | undefined {
    const value = this.expression(0);
    return this.i === this.tokens.length ? value : undefined;
  }

  private peek(): string | undefined {
    return this.tokens[this.i]?.text;
  }

  private expression(depth: number): number | undefined {
    let left = this.term(depth);
    while (left !== undefined && (this.peek() === '+' || this.peek() === '-')) {
      const op = this.tokens[this.i++].text;
      const right = this.term(depth);
      if (right === undefined) return undefined;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  }

  private term(depth: number): number | undefined {
    let left = this.factor(depth);
    while (left !== undefined && (this.peek() === '*' || this.peek() === '/')) {
      const op = this.tokens[this.i++].text;
      const right = this.factor(depth);
      if (right === undefined) return undefined;
      left = op === '*' ? left * right : left / right;
    }
    return left;
  }

  private factor(depth: number): number | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const token = this.tokens[this.i];
    if (!token) return undefined;
    if (token.text === '-' || token.text === '+') {
      this.i++;
      const value = this.factor(depth + 1);
      if (value === undefined) return undefined;
      return token.text === '-' ? -value : value;
    }
    if (token.kind === 'number') {
      this.i++;
      const value = Number(token.text);
      return Number.isFinite(value) ? value : undefined;
    }
    if (token.text !== '(') return undefined;
    this.i++;
    const value = this.expression(depth + 1);
    if (this.peek() !== ')') return undefined;
    this.i++;
    return value;
  }
}

/** The value of a constant arithmetic expression, or undefined. */
function constantValue(tokens: Token[]): number | undefined {
  return new ConstantReader(tokens).read();
}

/** Aggregations and functions that keep a value within the range of their input. */
const RANGE_KEEPING = new Set([
  'max',
  'min',
  'avg',
  'max_over_time',
  'min_over_time',
  'avg_over_time',
  'last_over_time',
  'quantile_over_time',
  'quantile',
  'topk',
  'bottomk',
  'abs',
  'clamp_min',
  'clamp_max',
]);

/** `errors / total` of one metric (or a histogram's `_bucket` over its `_count`). */
function isSameMetricDivision(side: Token[]): boolean {
  const { parts, separators } = splitTopLevel(side, t => t.text === '/');
  if (separators.length !== 1) return false;
  const family = (tokens: Token[]) => {
    const metrics = new Set(
      selectorsOf(tokens).map(s => s.metric.replace(/_(bucket|count)$/, '')),
    );
    return metrics.size === 1 ? [...metrics][0] : undefined;
  };
  const numerator = family(parts[0]);
  return numerator !== undefined && numerator === family(parts[1]);
}

/**
 * Whether a comparison side is an error ratio (never above 1): series named as
 * ratios (`…:ratio_rate1h`, `…_ratio`) read through range-keeping functions
 * only, or one metric divided by itself; never scaled by a number.
 */
function isRatioSide(side: Token[], selectors: SeriesSelector[]): boolean {
  if (selectors.length === 0) return false;
  if (side.some(t => t.kind === 'number')) return false;
  if (isSameMetricDivision(side)) return true;
  if (side.some(t => t.kind === 'op' && '+-*/%^'.includes(t.text)))
    return false;
  const functionsKeepRange = side.every(
    (t, i) =>
      t.kind !== 'ident' ||
      side[i + 1]?.text !== '(' ||
      RANGE_KEEPING.has(t.text) ||
      LABEL_LIST_KEYWORDS.has(t.text),
  );
  return (
    functionsKeepRange &&
    selectors.every(s => s.metric.toLowerCase().includes('ratio'))
  );
}

const SET_OPERATORS = new Set(['and', 'or', 'unless']);
const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);
const MIRRORED: Record<ComparisonOperator, ComparisonOperator> = {
  '>': '<',
  '<': '>',
  '>=': '<=',
  '<=': '>=',
  '==': '==',
  '!=': '!=',
};

/** One `and`/`or`/`unless` operand's comparison with a constant, if it is one. */
function comparisonOf(part: Token[]): Comparison | undefined {
  const { parts, separators } = splitTopLevel(
    part,
    t => t.kind === 'op' && COMPARISONS.has(t.text),
  );
  if (separators.length !== 1) return undefined;
  const [left, rawRight] = parts;
  // `> bool 1` compares too; the modifier changes the result, not the threshold.
  const right = rawRight[0]?.text === 'bool' ? rawRight.slice(1) : rawRight;
  const rightValue = constantValue(right);
  const leftValue = constantValue(left);
  const operator = separators[0].text as ComparisonOperator;
  let series = left;
  let threshold = rightValue;
  let thresholdTokens = right;
  let normalised = operator;
  if (threshold === undefined) {
    // Written threshold first: `1.44 < ratio` is `ratio > 1.44`.
    [series, threshold, thresholdTokens, normalised] = [
      right,
      leftValue,
      left,
      MIRRORED[operator],
    ];
  }
  if (threshold === undefined) return undefined;
  const selectors = selectorsOf(series);
  return {
    operator: normalised,
    threshold,
    thresholdText: thresholdTokens.map(t => t.text).join(' '),
    selectors,
    ratio: isRatioSide(series, selectors),
  };
}

/** Reads `expr`: its selectors and its top-level comparisons with constants. */
export function readPromql(
  expr: unknown,
  options: { comparisons?: boolean } = {},
): PromqlReading {
  if (typeof expr !== 'string') return { selectors: [], comparisons: [] };
  if (expr.length > MAX_PROMQL_LENGTH)
    return {
      selectors: [],
      comparisons: [],
      problem: `the expression is ${expr.length} characters long; only ${MAX_PROMQL_LENGTH} are read`,
    };
  const tokens = tokenize(expr);
  if (typeof tokens === 'string')
    return { selectors: [], comparisons: [], problem: tokens };
  const comparisons: Comparison[] = [];
  // Recording rules and canary queries need only their selectors.
  if (options.comparisons !== false) {
    const { parts } = splitTopLevel(
      tokens,
      t => t.kind === 'ident' && SET_OPERATORS.has(t.text),
    );
    for (const part of parts) {
      const comparison = comparisonOf(part);
      if (comparison) comparisons.push(comparison);
    }
  }
  return { selectors: selectorsOf(tokens), comparisons };
}

/**
 * The literal values a matcher admits: its value for `=`, the alternatives of
 * a regex made only of literal alternatives for `=~` (`a|b-primary`), else
 * undefined (the matcher is a pattern the engine does not expand).
 */
export function literalValues(matcher: LabelMatcher): string[] | undefined {
  if (matcher.operator === '=') return [matcher.value];
  if (matcher.operator !== '=~') return undefined;
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < matcher.value.length; i++) {
    const ch = matcher.value[i];
    if (ch === '|') {
      values.push(current);
      current = '';
    } else if (ch === '\\' && i + 1 < matcher.value.length) {
      current += matcher.value[++i];
    } else if ('.*+?()[]{}^$'.includes(ch)) return undefined;
    else current += ch;
  }
  values.push(current);
  return values;
}
