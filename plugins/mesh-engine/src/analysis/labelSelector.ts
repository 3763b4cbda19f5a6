import { isRecord } from '../objects';

/**
 * Whether labels satisfy an equality selector (`matchLabels`, a Service's
 * `selector`, a Sidecar's `workloadSelector.labels`): every key present with
 * the same value. An empty or absent selector selects everything.
 * @public
 */
export function selectorMatches(
  selector: Record<string, unknown> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return true;
  for (const key in selector) {
    if (!Object.prototype.hasOwnProperty.call(selector, key)) continue;
    if (labels?.[key] !== String(selector[key])) return false;
  }
  return true;
}

/**
 * Whether labels satisfy a Kubernetes LabelSelector (`matchLabels` and
 * `matchExpressions`, ANDed). An empty selector selects everything; a
 * malformed expression selects nothing, as the API server would refuse it.
 * @public
 */
export function labelSelectorMatches(
  selector: unknown,
  labels: Record<string, string> | undefined,
): boolean {
  if (!isRecord(selector)) return true;
  if (
    isRecord(selector.matchLabels) &&
    !selectorMatches(selector.matchLabels, labels)
  )
    return false;
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  return expressions.every(expression => {
    if (!isRecord(expression) || typeof expression.key !== 'string')
      return false;
    const value = labels?.[expression.key];
    const values: unknown[] = Array.isArray(expression.values)
      ? expression.values
      : [];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
}

/** Whether a LabelSelector has no requirement at all (selects every pod). */
export function selectsEverything(selector: unknown): boolean {
  if (!isRecord(selector)) return true;
  const matchLabels = isRecord(selector.matchLabels)
    ? Object.keys(selector.matchLabels)
    : [];
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  return matchLabels.length === 0 && expressions.length === 0;
}
