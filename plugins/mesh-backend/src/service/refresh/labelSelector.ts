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
