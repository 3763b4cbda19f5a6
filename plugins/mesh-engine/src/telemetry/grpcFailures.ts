import {
  GRPC_STATUS_CODES,
  grpcFailureRegex,
  type GrpcStatusName,
} from '@meshpath/plugin-mesh-common';
import type { IndexedObject, MeshIndex, Workload } from '../analysis/meshIndex';
import type { Reporter } from '../analysis/report';
import { isGrpcCanary, isGrpcName } from './canaryGates';
import {
  literalValues,
  type LabelMatcher,
  type SeriesSelector,
} from './promql';
import { matcherValues, type QueryScope } from './queryScope';
import { namespaceOf } from './sloSelectors';
import type { TelemetryQuery } from './telemetryQueries';

const REQUESTS = 'istio_requests_total';
const STATUS = 'grpc_response_status';
const CODE_NAMES = Object.keys(GRPC_STATUS_CODES) as GrpcStatusName[];
const NAME_OF = new Map<number, string>(
  CODE_NAMES.map(name => [GRPC_STATUS_CODES[name], name]),
);
const ALL_CODES = CODE_NAMES.map(name => String(GRPC_STATUS_CODES[name]));

/** The codes (0–16, as text) one matcher admits, or undefined when its regex is not a literal list. */
function admittedBy(matcher: LabelMatcher): Set<string> | undefined {
  const listed =
    matcher.operator === '=' || matcher.operator === '!='
      ? [matcher.value]
      : literalValues({ ...matcher, operator: '=~' });
  if (!listed) return undefined;
  const negated = matcher.operator === '!=' || matcher.operator === '!~';
  return new Set(ALL_CODES.filter(code => listed.includes(code) !== negated));
}

/** The codes a selector's `grpc_response_status` matchers admit together, or undefined. */
function admittedCodes(selector: SeriesSelector): Set<string> | undefined {
  const matchers = selector.matchers.filter(m => m.label === STATUS);
  if (matchers.length === 0) return undefined;
  let admitted = new Set(ALL_CODES);
  for (const matcher of matchers) {
    const own = admittedBy(matcher);
    if (!own) return undefined;
    admitted = new Set([...admitted].filter(code => own.has(code)));
  }
  return admitted;
}

const describe = (codes: string[]) =>
  codes.map(code => `${NAME_OF.get(Number(code))} ${code}`).join(', ');

/**
 * MP1406: a request series that counts server faults and client-caused gRPC
 * codes together (`grpc_response_status!="0"`): a caller's NOT_FOUND or
 * INVALID_ARGUMENT spends the service's budget, while HTTP 4xx does not. A
 * series of client codes alone (a NOT_FOUND rate) is a measurement, not a
 * failure count, and is left alone.
 */
function clientCodesProblem(
  selector: SeriesSelector,
  failureCodes: readonly GrpcStatusName[],
): string | undefined {
  if (selector.metric !== REQUESTS) return undefined;
  const admitted = admittedCodes(selector);
  if (!admitted) return undefined;
  const faults = new Set(failureCodes.map(c => String(GRPC_STATUS_CODES[c])));
  const client = [...admitted].filter(c => c !== '0' && !faults.has(c));
  if (client.length === 0 || ![...admitted].some(c => faults.has(c)))
    return undefined;
  const written = selector.matchers
    .filter(m => m.label === STATUS)
    .map(m => `${STATUS}${m.operator}"${m.value}"`)
    .join(',');
  return `${REQUESTS} counts ${written} as failures, which takes in client-caused codes (${describe(
    client,
  )}): a caller's bad request spends this service's error budget, while HTTP 4xx does not; count only the server faults, ${STATUS}=~"${grpcFailureRegex(
    failureCodes,
  )}"`;
}

/** Whether a response_code matcher admits 5xx only (`5..`, `5\\d\\d`, `500|503`). */
const onlyServerErrors = (matcher: LabelMatcher) =>
  (matcher.operator === '=' || matcher.operator === '=~') &&
  matcher.value.split('|').every(part => part.startsWith('5'));

/** Whether the selector leaves gRPC out by `request_protocol`. */
function excludesGrpc(selector: SeriesSelector): boolean {
  const protocol = selector.matchers.find(m => m.label === 'request_protocol');
  if (!protocol) return false;
  const listed = literalValues({ ...protocol, operator: '=~' });
  if (protocol.operator === '=' || protocol.operator === '=~')
    return !!listed && !listed.includes('grpc');
  return !!listed?.includes('grpc');
}

const grpcPort = (port: any) =>
  port?.appProtocol === 'grpc' || isGrpcName(port?.name);

/** Which Services and workloads speak gRPC, worked out once per analysis. */
class GrpcServers {
  private workloadKeys?: Set<string>;

  constructor(private readonly index: MeshIndex) {}

  service(key: string): boolean {
    const ports = this.index.services.get(key)?.object.spec?.ports;
    return Array.isArray(ports) && ports.some(grpcPort);
  }

  workload(workload: Workload): boolean {
    if (!this.workloadKeys) {
      // Few Services name a gRPC port: mark the workloads behind those only.
      this.workloadKeys = new Set();
      for (const [key, service] of this.index.services)
        if (this.service(key))
          for (const w of this.index.workloadsOfService(service))
            this.workloadKeys.add(`${w.namespace}/${w.ref.name}`);
    }
    if (this.workloadKeys.has(`${workload.namespace}/${workload.ref.name}`))
      return true;
    const containers = workload.object.spec?.template?.spec?.containers;
    return (
      Array.isArray(containers) &&
      containers.some(c => Array.isArray(c?.ports) && c.ports.some(grpcPort))
    );
  }
}

/** The gRPC Service or workload a selector names, if it names one by literal values. */
function grpcTarget(
  index: MeshIndex,
  servers: GrpcServers,
  selector: SeriesSelector,
  scope: QueryScope,
): string | undefined {
  const namespace = namespaceOf(selector, scope);
  const workloads = matcherValues(
    selector,
    ['destination_workload'],
    scope,
  )?.values;
  if (workloads) {
    const named = index
      .workloadsIn(namespace)
      .find(w => workloads.includes(w.ref.name) && servers.workload(w));
    if (named) return `workload ${namespace}/${named.ref.name}`;
  }
  const apps = matcherValues(selector, ['destination_app'], scope)?.values;
  if (apps) {
    const app = index
      .workloadsIn(namespace)
      .find(w => apps.includes(w.labels.app) && servers.workload(w));
    if (app) return `app ${app.labels.app} in ${namespace}`;
  }
  const byService = matcherValues(
    selector,
    ['destination_service_name', 'destination_service'],
    scope,
  );
  for (const value of byService?.values ?? []) {
    const [name, ns] = value.split('.');
    const key =
      byService?.matcher.label === 'destination_service' && ns
        ? `${ns}/${name}`
        : `${namespace}/${value}`;
    if (servers.service(key)) return `Service ${key}`;
  }
  return undefined;
}

/** A request selector that counts HTTP 5xx as its failures, with that matcher. */
interface HttpFailureCount {
  selector: SeriesSelector;
  code: LabelMatcher;
}

/**
 * The selectors of a query that count only HTTP 5xx, when the query reads
 * grpc_response_status nowhere: read once per query, before any rendering.
 */
function httpOnlyFailureCounts(query: TelemetryQuery): HttpFailureCount[] {
  const { selectors } = query.reading;
  if (selectors.some(s => s.matchers.some(m => m.label === STATUS))) return [];
  const counts: HttpFailureCount[] = [];
  for (const selector of selectors) {
    if (selector.metric !== REQUESTS) continue;
    const code = selector.matchers.find(m => m.label === 'response_code');
    if (code && onlyServerErrors(code) && !excludesGrpc(selector))
      counts.push({ selector, code });
  }
  return counts;
}

/**
 * MP1407: an error count over a gRPC service that counts only HTTP 5xx.
 * gRPC failures arrive as HTTP 200 with a grpc-status, so the series reads
 * 100 % while every call fails. A query that reads grpc_response_status
 * anywhere, or leaves gRPC out by request_protocol, is left alone.
 */
function onlyHttpFailuresProblem(
  index: MeshIndex,
  servers: GrpcServers,
  counts: HttpFailureCount[],
  scope: QueryScope,
  failureCodes: readonly GrpcStatusName[],
): string | undefined {
  for (const { selector, code } of counts) {
    const target =
      scope.canary && isGrpcCanary(index, scope.canary)
        ? `Canary ${scope.canary.namespace}/${scope.canary.ref.name}`
        : grpcTarget(index, servers, selector, scope);
    if (!target) continue;
    return `${REQUESTS} counts only response_code${code.operator}"${
      code.value
    }" as failures, but ${target} speaks gRPC: gRPC failures arrive as HTTP 200 with a grpc-status, so the series misses every failed call; count also response_code!~"5..",${STATUS}=~"${grpcFailureRegex(
      failureCodes,
    )}" (the server faults), as the generated SLOs do`;
  }
  return undefined;
}

/** MP1406 and MP1407 over every query: how hand-written SLOs and gates count gRPC failures. */
export function checkGrpcFailures(
  index: MeshIndex,
  report: Reporter,
  queries: TelemetryQuery[],
  scopes: (query: TelemetryQuery) => QueryScope[],
  failureCodes: readonly GrpcStatusName[],
) {
  const servers = new GrpcServers(index);
  for (const query of queries) {
    const holder: IndexedObject = query.holder;
    for (const selector of query.reading.selectors) {
      const problem = clientCodesProblem(selector, failureCodes);
      if (problem) {
        report.report('MP1406', `${query.where}: ${problem}`, holder);
        break;
      }
    }
    const counts = httpOnlyFailureCounts(query);
    if (counts.length === 0) continue;
    for (const scope of scopes(query)) {
      const problem = onlyHttpFailuresProblem(
        index,
        servers,
        counts,
        scope,
        failureCodes,
      );
      if (!problem) continue;
      const forCanary = scope.canary
        ? ` (rendered for Canary ${scope.canary.namespace}/${scope.canary.ref.name})`
        : '';
      report.report('MP1407', `${query.where}${forCanary}: ${problem}`, holder);
      break;
    }
  }
}
