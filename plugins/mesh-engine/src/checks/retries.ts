import {
  retryBudgetProblem,
  worstCaseRetryMs,
} from '@meshpath/plugin-mesh-common';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

/** Envoy policies that also retry after the request reached the server (a reset or a per-try timeout). */
const RESENDING_POLICIES = ['5xx', 'gateway-error', 'reset'];
/** Methods a server must tolerate twice (RFC 9110 idempotent methods). */
const IDEMPOTENT_METHODS = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'PUT',
  'DELETE',
]);

/** A route's retry settings in the shape Istio gives both HTTPRoute and a Canary's service block. */
interface RetryingRoute {
  timeout?: unknown;
  retries?: { attempts?: unknown; perTryTimeout?: unknown; retryOn?: unknown };
  match?: unknown;
}

/** The resending policies of a retryOn list (`5xx,connect-failure`). */
function resendingPolicies(retryOn: unknown): string[] {
  if (typeof retryOn !== 'string') return [];
  return retryOn
    .split(',')
    .map(policy => policy.trim())
    .filter(policy => RESENDING_POLICIES.includes(policy));
}

/**
 * The methods a `method.regex` admits when it is a plain alternation of
 * method names (`GET|HEAD`, `^(GET|PUT)$`, `(?:GET|HEAD)`), else undefined:
 * Envoy matches the whole value, so anchors and one outer group change nothing.
 */
function regexMethods(regex: string): string[] | undefined {
  let body = regex;
  if (body.startsWith('^')) body = body.slice(1);
  if (body.endsWith('$')) body = body.slice(0, -1);
  if (body.startsWith('(?:') && body.endsWith(')')) body = body.slice(3, -1);
  else if (body.startsWith('(') && body.endsWith(')')) body = body.slice(1, -1);
  const methods = body.split('|');
  return methods.every(m => /^[A-Za-z]+$/.test(m)) ? methods : undefined;
}

/** The methods a match admits, when it restricts them readably (exact or a plain alternation). */
function matchMethods(match: unknown): string[] | undefined {
  if (!isRecord(match) || !isRecord(match.method)) return undefined;
  const { exact, regex } = match.method;
  if (typeof exact === 'string') return [exact];
  return typeof regex === 'string' ? regexMethods(regex) : undefined;
}

/** Whether every match of the route admits only idempotent methods: only such requests can be retried. */
function onlyIdempotentMethods(match: unknown): boolean {
  if (!Array.isArray(match) || match.length === 0) return false;
  return match.every(m => {
    const methods = matchMethods(m);
    return (
      methods !== undefined &&
      methods.every(method => IDEMPOTENT_METHODS.has(method.toUpperCase()))
    );
  });
}

/** MP1125 and MP1126 for one route (`where` names it in the message). */
function checkRoute(
  context: CheckContext,
  route: RetryingRoute,
  where: string,
  object: IndexedObject,
) {
  const retries = route.retries;
  if (!isRecord(retries)) return;
  const resending = resendingPolicies(retries.retryOn);
  if (
    resending.length > 0 &&
    Number(retries.attempts ?? 2) > 0 &&
    !onlyIdempotentMethods(route.match)
  ) {
    context.report.report(
      'MP1125',
      `${where} retries on ${resending.join(
        ', ',
      )}, which Envoy applies after a reset or a per-try timeout too and for any method: a non-idempotent request (POST) still running on the server is sent again`,
      object,
    );
  }
  // One truth for the budget: mesh-common's, which the golden paths check presets with.
  if (retryBudgetProblem(route as any)) {
    const attempts = Number(retries.attempts);
    const perTryTimeout = String(retries.perTryTimeout);
    context.report.report(
      'MP1126',
      `${where}: ${
        attempts + 1
      } tries of ${perTryTimeout} plus Envoy's back-off take up to ${worstCaseRetryMs(
        attempts,
        perTryTimeout,
      )} ms, more than the ${String(
        route.timeout,
      )} timeout: the last retries are cut off`,
      object,
    );
  }
}

const writtenByFlagger = (object: IndexedObject) => {
  const owners: unknown = object.object.metadata.ownerReferences;
  return (
    Array.isArray(owners) &&
    owners.some(owner => isRecord(owner) && owner.kind === 'Canary')
  );
};

/** MP1125 and MP1126: retry policies of VirtualService HTTP routes and Canary service blocks. */
export function checkRetryPolicies(context: CheckContext) {
  const { index } = context;
  for (const virtualService of index.istio('VirtualService')) {
    // Flagger writes its VirtualService from the Canary, which is reported instead.
    if (writtenByFlagger(virtualService)) continue;
    const http = virtualService.object.spec?.http;
    if (!Array.isArray(http)) continue;
    http.forEach((route: unknown, position: number) => {
      if (!isRecord(route)) return;
      const name = typeof route.name === 'string' ? ` (${route.name})` : '';
      checkRoute(context, route, `http[${position}]${name}`, virtualService);
    });
  }
  for (const canary of index.ofKind('flagger.app/Canary')) {
    const service = canary.object.spec?.service;
    if (isRecord(service)) checkRoute(context, service, 'service', canary);
  }
}
