import type {
  AuthorizationCondition,
  AuthorizationOperation,
  AuthorizationRule,
  AuthorizationSource,
} from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';

const sourceFields = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'requestPrincipals',
  'notRequestPrincipals',
] as const;

const operationFields = [
  'hosts',
  'notHosts',
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;

/** Source fields only an HTTP proxy can see (Istio's ambient conversion lists the same). */
const l7SourceFields = new Set<string>([
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'requestPrincipals',
  'notRequestPrincipals',
]);

/** Operation fields only an HTTP proxy can see. */
const l7OperationFields = new Set<string>([
  'hosts',
  'notHosts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
]);

/** `when` keys ztunnel can evaluate; any other key needs an HTTP proxy. */
const l4ConditionKeys = new Set([
  'source.ip',
  'source.namespace',
  'source.principal',
  'destination.ip',
  'destination.port',
]);

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value
    .filter(item => item !== null && item !== undefined)
    .map(item => String(item));
  return list.length > 0 ? list : undefined;
}

function pick<F extends string>(
  value: unknown,
  fields: readonly F[],
): Partial<Record<F, string[]>> {
  const result: Partial<Record<F, string[]>> = {};
  if (!isRecord(value)) return result;
  for (const field of fields) {
    const list = strings(value[field]);
    if (list) result[field] = list;
  }
  return result;
}

/** Whether a source, operation or condition uses something only an HTTP proxy sees. */
function sourceIsL7(source: AuthorizationSource): boolean {
  return Object.keys(source).some(field => l7SourceFields.has(field));
}
function operationIsL7(operation: AuthorizationOperation): boolean {
  return Object.keys(operation).some(field => l7OperationFields.has(field));
}
function conditionIsL7(condition: AuthorizationCondition): boolean {
  return !l4ConditionKeys.has(condition.key);
}

/** A rule whose sources, operations and conditions are all empty matches every request. */
function isEmptyMatch(
  from: AuthorizationSource[],
  to: AuthorizationOperation[],
  when: AuthorizationCondition[],
): boolean {
  return (
    from.every(source => Object.keys(source).length === 0) &&
    to.every(operation => Object.keys(operation).length === 0) &&
    when.length === 0
  );
}

function describe(parts: Record<string, string[] | undefined>): string {
  return Object.entries(parts)
    .filter(([, values]) => values && values.length > 0)
    .map(([field, values]) => `${field} ${values!.join(', ')}`)
    .join(' and ');
}

function ruleText(rule: Omit<AuthorizationRule, 'text'>): string {
  if (rule.matchesAll) return 'any request';
  const who =
    rule.from.length === 0
      ? 'anyone'
      : rule.from
          .map(source => describe({ ...source }) || 'anyone')
          .join(' or ');
  const what =
    rule.to.length === 0
      ? 'anything'
      : rule.to
          .map(operation => describe({ ...operation }) || 'anything')
          .join(' or ');
  const when = rule.when
    .map(condition =>
      [
        condition.values
          ? `${condition.key} in ${condition.values.join(', ')}`
          : '',
        condition.notValues
          ? `${condition.key} not in ${condition.notValues.join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join(' and '),
    )
    .filter(Boolean)
    .join(' and ');
  return `from ${who} → to ${what}${when ? ` → when ${when}` : ''}`;
}

/**
 * Summarises one AuthorizationPolicy rule as who → what → when, keeping
 * every positive and `not` field as written.
 */
export function summariseRule(rule: unknown): AuthorizationRule {
  const record = isRecord(rule) ? rule : {};
  const from: AuthorizationSource[] = (
    Array.isArray(record.from) ? record.from : []
  ).map((item: unknown) =>
    pick(isRecord(item) ? item.source : undefined, sourceFields),
  );
  const to: AuthorizationOperation[] = (
    Array.isArray(record.to) ? record.to : []
  ).map((item: unknown) =>
    pick(isRecord(item) ? item.operation : undefined, operationFields),
  );
  const when: AuthorizationCondition[] = (
    Array.isArray(record.when) ? record.when : []
  )
    .filter((item: unknown) => isRecord(item) && typeof item.key === 'string')
    .map((item: Record<string, unknown>) => ({
      key: item.key as string,
      ...pick(item, ['values', 'notValues'] as const),
    }));
  const summary = {
    from,
    to,
    when,
    matchesAll: isEmptyMatch(from, to, when),
    l7:
      from.some(sourceIsL7) ||
      to.some(operationIsL7) ||
      when.some(conditionIsL7),
  };
  return { ...summary, text: ruleText(summary) };
}

/**
 * The rule a ztunnel enforces, as Istio converts it for ambient: within an
 * ALLOW policy a rule with HTTP attributes is dropped (it never matches);
 * within a DENY policy the HTTP attributes are dropped and the rest kept
 * (it matches more). Both fail closed.
 */
export function ztunnelRule(
  rule: AuthorizationRule,
  action: string,
): AuthorizationRule | undefined {
  if (!rule.l7) return rule;
  if (action === 'ALLOW') return undefined;
  const from = rule.from.map(source =>
    Object.fromEntries(
      Object.entries(source).filter(([field]) => !l7SourceFields.has(field)),
    ),
  );
  const to = rule.to.map(operation =>
    Object.fromEntries(
      Object.entries(operation).filter(
        ([field]) => !l7OperationFields.has(field),
      ),
    ),
  );
  const when = rule.when.filter(condition => !conditionIsL7(condition));
  const stripped = {
    from,
    to,
    when,
    l7: false,
    matchesAll: isEmptyMatch(from, to, when),
  };
  return { ...stripped, text: ruleText(stripped) };
}
