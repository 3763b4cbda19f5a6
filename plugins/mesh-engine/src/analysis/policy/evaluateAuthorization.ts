import type {
  AuthorizationCondition,
  AuthorizationOperation,
  AuthorizationPolicySummary,
  AuthorizationRequest,
  AuthorizationRule,
  AuthorizationSource,
  AuthorizationVerdict,
  WorkloadAuthorization,
} from '@meshpath/plugin-mesh-common';
import { ztunnelRule } from './authorizationRules';
import { ipInBlock } from './ip';

/** Three-valued: a match can depend on what the request does not say. */
type Match = 'yes' | 'no' | 'unknown';

function and(a: Match, b: Match): Match {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes';
}
function or(a: Match, b: Match): Match {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'no';
}
const negations: Record<Match, Match> = {
  yes: 'no',
  no: 'yes',
  unknown: 'unknown',
};
const not = (a: Match): Match => negations[a];

/** Istio's string match: `*` any non-empty value, `*x` suffix, `x*` prefix, else exact. */
export function istioStringMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return value.length > 0;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}

const LOCAL_DOMAIN = 'cluster.local/';

function slashes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('/'); at !== -1; at = text.indexOf('/', at + 1))
    count++;
  return count;
}

/**
 * Istio's principal match: a policy principal in trust domain `cluster.local`
 * stands for the mesh's own trust domain (Istio's trustdomain.Bundle rewrites
 * it), so it matches the caller's principal whatever the mesh calls its domain.
 */
function principalMatches(pattern: string, principal: string): boolean {
  // `domain/ns/NS/sa/SA`, compared in place: asked per caller and policy, splitting made garbage.
  if (
    pattern.startsWith(LOCAL_DOMAIN) &&
    slashes(pattern) === 4 &&
    slashes(principal) === 4
  )
    return istioStringMatches(
      `${principal.slice(0, principal.indexOf('/'))}${pattern.slice(
        LOCAL_DOMAIN.length - 1,
      )}`,
      principal,
    );
  return istioStringMatches(pattern, principal);
}

/** Paths also take `{*}` (one segment) and `{**}` (the rest) templates. */
function pathMatches(pattern: string, path: string): boolean {
  if (!pattern.includes('{*')) return istioStringMatches(pattern, path);
  const expression = pattern
    .split(/(\{\*\*\}|\{\*\})/)
    .map(part => {
      if (part === '{**}') return '.*';
      if (part === '{*}') return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${expression}$`).test(path);
}

const hostMatches = (pattern: string, host: string) =>
  istioStringMatches(pattern.toLowerCase(), host.toLowerCase());

/** Whether the requests's attribute matches one of the patterns; `absent` when it is known not to exist. */
type Attribute = string | undefined | { absent: true };

interface Evaluation {
  request: AuthorizationRequest;
  /** What the request would need to say for a definite answer. */
  missing: Set<string>;
}

function anyOf(
  evaluation: Evaluation,
  name: string,
  patterns: string[] | undefined,
  value: Attribute,
  matches: (pattern: string, value: string) => boolean | undefined,
): Match {
  if (!patterns) return 'yes';
  if (typeof value === 'object') return 'no';
  if (value === undefined) {
    evaluation.missing.add(name);
    return 'unknown';
  }
  let result: Match = 'no';
  for (const pattern of patterns) {
    const matched = matches(pattern, value);
    if (matched === true) return 'yes';
    if (matched === undefined) {
      evaluation.missing.add(`${name} (unreadable ${pattern})`);
      result = 'unknown';
    }
  }
  return result;
}

function field(
  evaluation: Evaluation,
  name: string,
  positive: string[] | undefined,
  negative: string[] | undefined,
  value: Attribute,
  matches: (pattern: string, value: string) => boolean | undefined,
): Match {
  const yes = anyOf(evaluation, name, positive, value, matches);
  if (!negative) return yes;
  // A `not` field with the attribute absent (plaintext, no token) matches, as in Envoy.
  return and(yes, not(anyOf(evaluation, name, negative, value, matches)));
}

function peer(request: AuthorizationRequest) {
  if (request.mtls === false)
    return {
      principal: { absent: true } as Attribute,
      namespace: { absent: true } as Attribute,
      account: { absent: true } as Attribute,
    };
  const parsed = request.principal
    ? /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(request.principal)
    : null;
  return {
    principal: request.principal,
    namespace: request.namespace ?? (parsed ? parsed[1] : undefined),
    account: parsed ? `${parsed[1]}/${parsed[2]}` : undefined,
  };
}

function sourceMatches(
  evaluation: Evaluation,
  source: AuthorizationSource,
  policyNamespace: string,
): Match {
  const { request } = evaluation;
  const { principal, namespace, account } = peer(request);
  const serviceAccount = (pattern: string, value: string) =>
    (pattern.includes('/') ? pattern : `${policyNamespace}/${pattern}`) ===
    value;
  const cidr = (block: string, ip: string) => ipInBlock(ip, block);
  let result: Match = 'yes';
  result = and(
    result,
    field(
      evaluation,
      'principal',
      source.principals,
      source.notPrincipals,
      principal,
      principalMatches,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'source namespace',
      source.namespaces,
      source.notNamespaces,
      namespace,
      istioStringMatches,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'service account',
      source.serviceAccounts,
      source.notServiceAccounts,
      account,
      serviceAccount,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'source IP',
      source.ipBlocks,
      source.notIpBlocks,
      request.ipBlock,
      cidr,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'remote IP (X-Forwarded-For)',
      source.remoteIpBlocks,
      source.notRemoteIpBlocks,
      undefined,
      cidr,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'request principal (JWT)',
      source.requestPrincipals,
      source.notRequestPrincipals,
      request.requestPrincipal,
      istioStringMatches,
    ),
  );
  return result;
}

function operationMatches(
  evaluation: Evaluation,
  operation: AuthorizationOperation,
): Match {
  const { request } = evaluation;
  const port = request.port === undefined ? undefined : String(request.port);
  let result: Match = 'yes';
  result = and(
    result,
    field(
      evaluation,
      'host',
      operation.hosts,
      operation.notHosts,
      request.host,
      hostMatches,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'port',
      operation.ports,
      operation.notPorts,
      port,
      (p, v) => p === v,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'method',
      operation.methods,
      operation.notMethods,
      request.method,
      istioStringMatches,
    ),
  );
  result = and(
    result,
    field(
      evaluation,
      'path',
      operation.paths,
      operation.notPaths,
      request.path,
      pathMatches,
    ),
  );
  return result;
}

function conditionMatches(
  evaluation: Evaluation,
  condition: AuthorizationCondition,
): Match {
  const { request } = evaluation;
  const { principal, namespace } = peer(request);
  const cidr = (block: string, ip: string) => ipInBlock(ip, block);
  const check = (
    value: Attribute,
    matches: (p: string, v: string) => boolean | undefined,
  ) =>
    field(
      evaluation,
      `when ${condition.key}`,
      condition.values,
      condition.notValues,
      value,
      matches,
    );
  switch (condition.key) {
    case 'source.principal':
      return check(principal, principalMatches);
    case 'source.namespace':
      return check(namespace, istioStringMatches);
    case 'source.ip':
      return check(request.ipBlock, cidr);
    case 'destination.port':
      return check(
        request.port === undefined ? undefined : String(request.port),
        (p, v) => p === v,
      );
    case 'request.auth.principal':
      return check(request.requestPrincipal, istioStringMatches);
    default:
      evaluation.missing.add(`when ${condition.key}`);
      return 'unknown';
  }
}

function ruleMatches(
  evaluation: Evaluation,
  rule: AuthorizationRule,
  policyNamespace: string,
): Match {
  let from: Match = rule.from.length === 0 ? 'yes' : 'no';
  for (const source of rule.from)
    from = or(from, sourceMatches(evaluation, source, policyNamespace));
  let to: Match = rule.to.length === 0 ? 'yes' : 'no';
  for (const operation of rule.to)
    to = or(to, operationMatches(evaluation, operation));
  let when: Match = 'yes';
  for (const condition of rule.when)
    when = and(when, conditionMatches(evaluation, condition));
  return and(from, and(to, when));
}

/** The rules as the enforcing proxy sees them (ztunnel drops or strips L7 rules). */
export function enforcedRules(
  policy: AuthorizationPolicySummary,
): AuthorizationRule[] {
  if (policy.enforcement !== 'ztunnel') return policy.rules;
  return policy.rules
    .map(rule => ztunnelRule(rule, policy.action))
    .filter((rule): rule is AuthorizationRule => rule !== undefined);
}

export const isEnforced = (policy: AuthorizationPolicySummary) =>
  policy.enforcement === 'sidecar' ||
  policy.enforcement === 'ztunnel' ||
  policy.enforcement === 'waypoint';

/** The first policy that matches for sure, else the first that may match. */
function firstMatch(
  evaluation: Evaluation,
  policies: AuthorizationPolicySummary[],
): { match: Match; policy?: AuthorizationPolicySummary } {
  let maybe: AuthorizationPolicySummary | undefined;
  for (const policy of policies) {
    if (!isEnforced(policy)) continue;
    let match: Match = 'no';
    for (const rule of enforcedRules(policy))
      match = or(
        match,
        ruleMatches(evaluation, rule, policy.ref.namespace ?? ''),
      );
    if (match === 'yes') return { match, policy };
    if (match === 'unknown' && !maybe) maybe = policy;
  }
  return maybe ? { match: 'unknown', policy: maybe } : { match: 'no' };
}

const name = (policy: AuthorizationPolicySummary) =>
  `${policy.ref.namespace}/${policy.ref.name}`;

/**
 * How Istio would decide a request to a workload: CUSTOM policies first
 * (their external authorizer decides, which the engine cannot know), then
 * DENY, then ALLOW (allowed when no ALLOW policy applies, else only when one
 * matches). `unknown` when the outcome depends on an attribute the request
 * does not carry, with what is missing in the reason.
 * @public
 */
export function evaluateAuthorization(
  authorization: WorkloadAuthorization,
  request: AuthorizationRequest,
): AuthorizationVerdict {
  const evaluation: Evaluation = { request, missing: new Set() };
  const needs = () =>
    evaluation.missing.size > 0
      ? ` (depends on ${[...evaluation.missing].join(', ')})`
      : '';

  const deny = firstMatch(evaluation, authorization.deny);
  if (deny.match === 'yes')
    return {
      verdict: 'deny',
      decidedBy: deny.policy!.ref,
      reason: `DENY policy ${name(deny.policy!)} matches`,
    };

  const allowPolicies = authorization.allow.filter(isEnforced);
  let base: AuthorizationVerdict;
  if (allowPolicies.length === 0) {
    base = { verdict: 'allow', reason: 'no ALLOW policy applies' };
  } else {
    const allow = firstMatch(evaluation, allowPolicies);
    if (allow.match === 'yes')
      base = {
        verdict: 'allow',
        decidedBy: allow.policy!.ref,
        reason: `ALLOW policy ${name(allow.policy!)} matches`,
      };
    else if (allow.match === 'no')
      base = {
        verdict: 'deny',
        reason: `no rule of the ALLOW policies (${allowPolicies
          .map(name)
          .join(', ')}) matches`,
      };
    else
      base = {
        verdict: 'unknown',
        reason: `ALLOW policy ${name(allow.policy!)} may match${needs()}`,
      };
  }

  let result = base;
  if (deny.match === 'unknown' && base.verdict !== 'deny')
    result = {
      verdict: 'unknown',
      reason: `DENY policy ${name(deny.policy!)} may match${needs()}`,
    };

  const custom = firstMatch(evaluation, authorization.custom);
  if (custom.match !== 'no' && result.verdict !== 'deny') {
    const provider = custom.policy!.provider
      ? ` ${custom.policy!.provider}`
      : '';
    result = {
      verdict: 'unknown',
      decidedBy: custom.policy!.ref,
      reason: `CUSTOM policy ${name(custom.policy!)} ${
        custom.match === 'yes' ? 'sends' : 'may send'
      } it to the external authorizer${provider}, which decides${needs()}`,
    };
  }
  return result;
}
