import { InputError } from '@backstage/errors';

/** One requirement of a Kubernetes label selector, as the API server reads it. */
export type LabelRequirement =
  | { key: string; operator: 'exists' | 'absent' }
  | { key: string; operator: 'in' | 'notin'; values: string[] };

// Entity authors write the selector annotation: bound what a refresh parses and matches.
const MAX_SELECTOR_LENGTH = 1024;
const MAX_REQUIREMENTS = 32;
const KEY =
  /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

const own = (labels: Record<string, unknown>, key: string) =>
  Object.prototype.hasOwnProperty.call(labels, key);

const short = (text: string) =>
  JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text).slice(
    1,
    -1,
  );

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new InputError(`invalid label key "${short(key)}"`);
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value))
    throw new InputError(`invalid label value "${short(value)}"`);
  return value;
}

/** Splits on commas outside parentheses: `a in (x,y),b` is two requirements. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) throw new InputError('unbalanced parentheses');
  }
  if (depth !== 0) throw new InputError('unbalanced parentheses');
  parts.push(text.slice(start));
  return parts.map(p => p.trim());
}

function parseRequirement(part: string): LabelRequirement {
  if (!part) throw new InputError('empty requirement');
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(',').map(v => checkValue(v.trim()));
    return {
      key: checkKey(set[1]),
      operator: set[2] as 'in' | 'notin',
      values,
    };
  }
  const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
  if (equality) {
    return {
      key: checkKey(equality[1]),
      operator: equality[2] === '!=' ? 'notin' : 'in',
      values: [checkValue(equality[3])],
    };
  }
  if (part.startsWith('!'))
    return { key: checkKey(part.slice(1).trim()), operator: 'absent' };
  return { key: checkKey(part), operator: 'exists' };
}

/**
 * Parses a label selector string (`app=a,tier in (web,api),!legacy`) the way
 * the Kubernetes API server reads `labelSelector`. Throws an InputError on
 * anything else.
 */
export function parseLabelSelector(text: string): LabelRequirement[] {
  if (text.length > MAX_SELECTOR_LENGTH)
    throw new InputError(
      `label selector longer than ${MAX_SELECTOR_LENGTH} characters`,
    );
  const parts = splitRequirements(text.trim());
  if (parts.length > MAX_REQUIREMENTS)
    throw new InputError(
      `label selector with more than ${MAX_REQUIREMENTS} requirements`,
    );
  return parts.map(parseRequirement);
}

/** Whether labels satisfy every requirement; an empty selector matches everything. */
export function matchesRequirements(
  labels: Record<string, unknown> | undefined,
  requirements: LabelRequirement[],
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const present = own(l, r.key);
    switch (r.operator) {
      case 'exists':
        return present;
      case 'absent':
        return !present;
      case 'in':
        return present && r.values.includes(String(l[r.key]));
      default:
        return !present || !r.values.includes(String(l[r.key]));
    }
  });
}

/**
 * Whether labels match a Kubernetes `LabelSelector` object (`matchLabels` and
 * `matchExpressions`), as NetworkPolicies and Gateway API objects carry them.
 * An empty selector matches everything; a malformed one matches nothing.
 */
export function matchesLabelSelector(
  labels: Record<string, unknown> | undefined,
  selector: unknown,
): boolean {
  if (selector === undefined || selector === null) return true;
  if (typeof selector !== 'object' || Array.isArray(selector)) return false;
  const { matchLabels, matchExpressions } = selector as Record<string, any>;
  const requirements: LabelRequirement[] = [];
  if (matchLabels !== undefined) {
    if (typeof matchLabels !== 'object' || matchLabels === null) return false;
    for (const [key, value] of Object.entries(matchLabels))
      requirements.push({ key, operator: 'in', values: [String(value)] });
  }
  if (matchExpressions !== undefined) {
    if (!Array.isArray(matchExpressions)) return false;
    for (const e of matchExpressions) {
      const op = String(e?.operator ?? '');
      const values = Array.isArray(e?.values) ? e.values.map(String) : [];
      if (typeof e?.key !== 'string') return false;
      if (op === 'In')
        requirements.push({ key: e.key, operator: 'in', values });
      else if (op === 'NotIn')
        requirements.push({ key: e.key, operator: 'notin', values });
      else if (op === 'Exists')
        requirements.push({ key: e.key, operator: 'exists' });
      else if (op === 'DoesNotExist')
        requirements.push({ key: e.key, operator: 'absent' });
      else return false;
    }
  }
  return matchesRequirements(labels, requirements);
}
