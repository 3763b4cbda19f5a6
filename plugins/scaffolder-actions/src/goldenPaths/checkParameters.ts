import { InputError } from '@backstage/errors';
import {
  ISTIO_DURATION_BUCKETS_MS,
  isIstioDurationBucket,
  isRefusedNamespace,
  loadTesterProblem,
  retryBudgetProblem,
  type MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';

const templateSyntax = /\$\{\{|\{\{|\}\}|\{%|%\}/;
// Controls (C0, C1, newlines), format characters (bidi overrides, zero-width),
// lone surrogates, private use and line/paragraph separators.
const invisibleCharacter = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/** Control or invisible characters (newlines included) or template syntax: what could change a document's shape or hide what it says. */
export function isUnsafeText(value: string): boolean {
  return invisibleCharacter.test(value) || templateSyntax.test(value);
}

/** A parameter's value in a message: quoted, escaped and cut short. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain =
  /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const duration = /^\d+(\.\d+)?(ms|s|m|h)$/;
const labelValue = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const headerName = /^[A-Za-z0-9-]+$/;

class Problems {
  readonly list: string[] = [];
  add(parameter: string, why: string) {
    this.list.push(`${parameter}: ${why}`);
  }
}

function text(
  problems: Problems,
  parameter: string,
  value: unknown,
  pattern: RegExp,
  expected: string,
  maxLength = 253,
) {
  if (typeof value !== 'string') {
    problems.add(
      parameter,
      `must be text, got ${value === undefined ? 'nothing' : typeof value}`,
    );
  } else if (isUnsafeText(value)) {
    problems.add(
      parameter,
      'contains a control character, newline or template syntax',
    );
  } else if (value.length > maxLength || !pattern.test(value)) {
    problems.add(parameter, `${quoteValue(value)} is not ${expected}`);
  }
}

function number(
  problems: Problems,
  parameter: string,
  value: unknown,
  min: number,
  max: number,
  integer = true,
) {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    (integer && !Number.isInteger(value))
  ) {
    problems.add(
      parameter,
      `must be ${integer ? 'a whole number' : 'a number'}`,
    );
  } else if (value < min || value > max) {
    problems.add(parameter, `${value} is outside ${min}–${max}`);
  }
}

function httpsUrl(problems: Problems, parameter: string, value: unknown) {
  if (typeof value !== 'string' || isUnsafeText(value)) {
    problems.add(
      parameter,
      'must be an https URL without control characters or template syntax',
    );
    return;
  }
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || url.username || url.password)
      problems.add(
        parameter,
        `${quoteValue(value)} must be an https URL without credentials`,
      );
  } catch {
    problems.add(parameter, `${quoteValue(value)} is not a URL`);
  }
}

/** A `field: reason` problem as the parameter and its reason. */
const splitProblem = (problem: string): [string, string] => {
  const at = problem.indexOf(': ');
  return [problem.slice(0, at), problem.slice(at + 2)];
};

/**
 * Checks every parameter before anything is written. Each refusal names the
 * parameter and why; all of them are reported at once.
 */
export function checkParameters(spec: MeshServiceSpec): void {
  const p = new Problems();
  text(
    p,
    'name',
    spec.name,
    dnsLabel,
    'a DNS-1123 label (lower-case letters, digits and -)',
    63,
  );
  text(
    p,
    'namespace',
    spec.namespace,
    dnsLabel,
    'a DNS-1123 label (lower-case letters, digits and -)',
    63,
  );
  if (
    typeof spec.namespace === 'string' &&
    isRefusedNamespace(spec.platform, spec.namespace)
  )
    p.add(
      'namespace',
      `${quoteValue(
        spec.namespace,
      )} belongs to the platform (refused: ${spec.platform.refusedNamespaces.join(
        ', ',
      )}); its namespace-wide deny-all and default-deny would reach the platform's own workloads`,
    );
  if (!['sidecar', 'ambient'].includes(spec.dataplane))
    p.add('dataplane', 'must be sidecar or ambient');
  if (!['v1', 'v1beta1'].includes(spec.istioApiVersion))
    p.add('istioApiVersion', 'must be v1 or v1beta1');

  if (!Array.isArray(spec.ports) || spec.ports.length === 0)
    p.add('ports', 'at least one port is needed');
  (spec.ports ?? []).forEach((port, i) => {
    number(p, `ports[${i}].port`, port.port, 1, 65535);
    if (port.targetPort !== undefined)
      number(p, `ports[${i}].targetPort`, port.targetPort, 1, 65535);
    if (!['http', 'http2', 'grpc', 'tcp'].includes(port.protocol))
      p.add(`ports[${i}].protocol`, 'must be http, http2, grpc or tcp');
  });
  if (!Array.isArray(spec.versions) || spec.versions.length === 0)
    p.add('versions', 'at least one version is needed');
  (spec.versions ?? []).forEach((v, i) =>
    text(p, `versions[${i}]`, v, labelValue, 'a label value', 63),
  );

  spec.callers.serviceAccounts.forEach((account, i) =>
    text(
      p,
      `callers.serviceAccounts[${i}]`,
      account,
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/,
      'namespace/serviceaccount',
    ),
  );
  spec.callers.namespaces.forEach((namespace, i) =>
    text(
      p,
      `callers.namespaces[${i}]`,
      namespace,
      dnsLabel,
      'a namespace name',
      63,
    ),
  );

  if (!['mesh-internal', 'gateway'].includes(spec.exposure.mode))
    p.add('exposure.mode', 'must be mesh-internal or gateway');
  if (spec.exposure.mode === 'gateway') {
    text(
      p,
      'exposure.gateway',
      spec.exposure.gateway,
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/,
      'namespace/name of a Gateway',
    );
    if (!spec.exposure.hosts?.length)
      p.add(
        'exposure.hosts',
        'a service exposed through a Gateway needs at least one host',
      );
    (spec.exposure.hosts ?? []).forEach((host, i) =>
      text(p, `exposure.hosts[${i}]`, host, dnsSubdomain, 'a DNS host name'),
    );
    if (spec.exposure.tlsCredential !== undefined)
      text(
        p,
        'exposure.tlsCredential',
        spec.exposure.tlsCredential,
        dnsSubdomain,
        'a secret name',
      );
    if (!spec.exposure.jwt)
      p.add(
        'exposure.jwt',
        'a service exposed through a Gateway needs a JWT issuer and JWKS URL',
      );
    else {
      if (
        typeof spec.exposure.jwt.issuer !== 'string' ||
        !spec.exposure.jwt.issuer ||
        isUnsafeText(spec.exposure.jwt.issuer)
      ) {
        p.add(
          'exposure.jwt.issuer',
          'must be text without control characters or template syntax',
        );
      }
      httpsUrl(p, 'exposure.jwt.jwksUri', spec.exposure.jwt.jwksUri);
    }
  }

  const traffic = spec.trafficPolicy;
  text(
    p,
    'trafficPolicy.timeout',
    traffic.timeout,
    duration,
    'a duration such as 3s or 500ms',
    20,
  );
  number(p, 'trafficPolicy.retries.attempts', traffic.retries.attempts, 0, 10);
  text(
    p,
    'trafficPolicy.retries.perTryTimeout',
    traffic.retries.perTryTimeout,
    duration,
    'a duration such as 1s',
    20,
  );
  number(
    p,
    'trafficPolicy.connectionPool.maxConnections',
    traffic.connectionPool.maxConnections,
    1,
    1_000_000,
  );
  number(
    p,
    'trafficPolicy.connectionPool.http1MaxPendingRequests',
    traffic.connectionPool.http1MaxPendingRequests,
    1,
    1_000_000,
  );
  number(
    p,
    'trafficPolicy.outlierDetection.consecutive5xxErrors',
    traffic.outlierDetection.consecutive5xxErrors,
    1,
    1000,
  );
  text(
    p,
    'trafficPolicy.outlierDetection.interval',
    traffic.outlierDetection.interval,
    duration,
    'a duration such as 10s',
    20,
  );
  text(
    p,
    'trafficPolicy.outlierDetection.baseEjectionTime',
    traffic.outlierDetection.baseEjectionTime,
    duration,
    'a duration such as 30s',
    20,
  );

  if (
    !['canary', 'blue-green', 'ab-testing', 'none'].includes(
      spec.delivery.strategy,
    )
  ) {
    p.add(
      'delivery.strategy',
      'must be canary, blue-green, ab-testing or none',
    );
  }
  if (spec.delivery.strategy === 'ab-testing')
    text(
      p,
      'delivery.abHeader',
      spec.delivery.abHeader,
      headerName,
      'an HTTP header name',
      100,
    );
  if (spec.delivery.stepWeight !== undefined)
    number(p, 'delivery.stepWeight', spec.delivery.stepWeight, 1, 100);
  if (spec.delivery.maxWeight !== undefined)
    number(p, 'delivery.maxWeight', spec.delivery.maxWeight, 1, 100);

  const budget = retryBudgetProblem(traffic);
  if (budget) p.add(...splitProblem(budget));
  const loadTester = loadTesterProblem(
    spec.delivery.strategy,
    spec.platform.loadTester,
  );
  if (loadTester) p.add(...splitProblem(loadTester));
  const tcpOnly =
    Array.isArray(spec.ports) &&
    spec.ports.length > 0 &&
    spec.ports.every(port => port.protocol === 'tcp');
  if (tcpOnly && ['blue-green', 'ab-testing'].includes(spec.delivery.strategy))
    p.add(
      'delivery.strategy',
      `${spec.delivery.strategy} needs HTTP: the load tester and header routing cannot drive a TCP-only service (use canary or none)`,
    );
  if (tcpOnly && spec.exposure.mode === 'gateway')
    p.add(
      'exposure.mode',
      'a TCP-only service cannot be exposed with a JWT through the HTTP ingress',
    );

  number(p, 'slo.availability', spec.slo.availability, 50, 99.999, false);
  number(
    p,
    'slo.latencyPercentile',
    spec.slo.latencyPercentile,
    50,
    99.99,
    false,
  );
  if (!isIstioDurationBucket(spec.slo.latencyThresholdMs)) {
    p.add(
      'slo.latencyThresholdMs',
      `${
        spec.slo.latencyThresholdMs
      } is not an Istio histogram bucket edge (${ISTIO_DURATION_BUCKETS_MS.filter(
        b => b >= 10 && b <= 10000,
      ).join(', ')} ms …)`,
    );
  }
  if (![28, 30].includes(spec.slo.windowDays))
    p.add('slo.windowDays', 'must be 28 or 30');

  if (p.list.length > 0) {
    throw new InputError(
      `Refused ${p.list.length} parameter(s):\n- ${p.list.join('\n- ')}`,
    );
  }
}
