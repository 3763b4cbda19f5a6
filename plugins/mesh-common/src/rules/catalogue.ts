import {
  accessControlControls,
  availabilityMonitoringControls,
  changeManagementControls,
  endUserAuthenticationControls,
  networkSegmentationControls,
  resilienceControls,
  transportSecurityControls,
} from './controls';
import type { RuleDefinition, RuleMetadata } from './types';

/**
 * Every code of the rule catalogue, in catalogue order. The catalogue below
 * defines exactly these: the compiler rejects a missing or an extra entry.
 * @public
 */
export const MESH_RULE_CODES = [
  'MP0001',
  'MP0003',
  'MP0002',
  'MP0101',
  'MP0102',
  'MP0103',
  'MP1101',
  'MP1102',
  'MP1103',
  'MP1104',
  'MP1105',
  'MP1106',
  'MP1107',
  'MP1108',
  'MP1109',
  'MP1110',
  'MP1111',
  'MP1112',
  'MP1113',
  'MP1114',
  'MP1115',
  'MP1116',
  'MP1117',
  'MP1118',
  'MP1119',
  'MP1120',
  'MP1121',
  'MP1122',
  'MP1123',
  'MP1124',
  'MP1125',
  'MP1126',
  'MP1127',
  'MP1128',
  'MP1129',
  'MP1201',
  'MP1202',
  'MP1203',
  'MP1204',
  'MP1205',
  'MP1206',
  'MP1207',
  'MP1208',
  'MP1209',
  'MP1301',
  'MP1302',
  'MP1303',
  'MP1304',
  'MP1305',
  'MP1306',
  'MP1401',
  'MP1402',
  'MP1403',
  'MP1404',
  'MP1405',
  'MP1406',
  'MP1407',
  'MP2001',
  'MP2002',
  'MP2003',
  'MP2004',
  'MP2005',
  'MP2006',
  'MP2007',
  'MP2008',
  'MP2009',
] as const;

/**
 * A code of the rule catalogue, for example `MP1101`; a typo does not compile.
 * @public
 */
export type MeshRuleCode = (typeof MESH_RULE_CODES)[number];

/**
 * The code of a compliance rule (`MP2xxx`, category `compliance`), for example `MP2001`.
 * @public
 */
export type MeshComplianceRuleCode = Extract<MeshRuleCode, `MP2${string}`>;

/** A catalogue entry; its category follows from its code. */
type Entry<Code extends MeshRuleCode> = Omit<
  RuleMetadata,
  'category' | 'controls' | 'references'
> &
  Partial<Pick<RuleMetadata, 'controls' | 'references'>> & {
    category: Code extends MeshComplianceRuleCode ? 'compliance' : 'validation';
  };

const catalogue = {
  // Input
  MP0001: {
    category: 'validation',
    title: 'File does not parse as YAML',
    defaultSeverity: 'error',
    remediation: 'Fix the YAML syntax at the reported line.',
  },
  MP0003: {
    category: 'validation',
    title: 'Path cannot be read',
    defaultSeverity: 'error',
    remediation: 'Check that the file or folder exists and is readable.',
  },
  MP0002: {
    category: 'validation',
    title: 'Document is not a Kubernetes object',
    defaultSeverity: 'error',
    references: { istio: 'IST0106' },
    remediation: 'Every document needs apiVersion, kind and metadata.name.',
  },
  MP0101: {
    category: 'validation',
    title: 'Object does not match its CRD schema',
    defaultSeverity: 'error',
    references: { istio: 'IST0106' },
    remediation: 'Correct the field to the type and values the CRD allows.',
  },
  MP0102: {
    category: 'validation',
    title: 'Unknown field',
    defaultSeverity: 'error',
    references: { istio: 'IST0106' },
    remediation:
      'Remove the field or fix its spelling; Kubernetes would drop it silently.',
  },
  MP0103: {
    category: 'validation',
    title: 'API version is deprecated',
    defaultSeverity: 'warning',
    remediation:
      'Change apiVersion to the version the finding names; the object is checked as that version already.',
  },
  // Traffic routing
  MP1101: {
    category: 'validation',
    title:
      'Route destination matches no Service or ServiceEntry visible to the route, or no port of it',
    defaultSeverity: 'error',
    references: { istio: 'IST0101', kiali: 'KIA1101' },
    remediation:
      'Point the destination at an existing Service (short names resolve in the VirtualService namespace) or add a ServiceEntry for the external host.',
  },
  MP1102: {
    category: 'validation',
    title: 'Route destination subset is not defined',
    defaultSeverity: 'error',
    references: { istio: 'IST0101', kiali: 'KIA1107' },
    remediation:
      'Define the subset in a DestinationRule for that host, or remove it from the route.',
  },
  MP1103: {
    category: 'validation',
    title: 'VirtualService names a Gateway that does not exist',
    defaultSeverity: 'error',
    references: { istio: 'IST0101', kiali: 'KIA1102' },
    remediation:
      'Reference an existing Gateway as <namespace>/<name>, or "mesh" for sidecar traffic.',
  },
  MP1104: {
    category: 'validation',
    title: 'Two VirtualServices claim the same host on the same gateway',
    defaultSeverity: 'error',
    references: { istio: 'IST0109', kiali: 'KIA1106' },
    remediation:
      'Merge the routes into one VirtualService per host, or use delegation.',
  },
  MP1105: {
    category: 'validation',
    title: 'More than one DestinationRule for the same host and subset',
    defaultSeverity: 'warning',
    references: { kiali: 'KIA0201' },
    remediation:
      'Keep one DestinationRule per host; Istio merges them unpredictably.',
  },
  MP1106: {
    category: 'validation',
    title: 'DestinationRule subset has no labels',
    defaultSeverity: 'warning',
    references: { kiali: 'KIA0209' },
    remediation:
      'Give the subset labels that select its version of the workload.',
  },
  MP1107: {
    category: 'validation',
    title: 'DestinationRule subset labels match no workload',
    defaultSeverity: 'warning',
    references: { istio: 'IST0173', kiali: 'KIA0203' },
    remediation: 'Fix the subset labels or deploy the version they select.',
  },
  MP1108: {
    category: 'validation',
    title: 'DestinationRule host matches no Service or ServiceEntry',
    defaultSeverity: 'warning',
    references: { istio: 'IST0174', kiali: 'KIA0202' },
    remediation: 'Fix the host or remove the DestinationRule.',
  },
  MP1109: {
    category: 'validation',
    title: 'Destination port required: the Service has several ports',
    defaultSeverity: 'error',
    references: { istio: 'IST0112' },
    remediation: 'Set destination.port.number on the route.',
  },
  MP1110: {
    category: 'validation',
    title: 'Route made unreachable by an earlier route',
    defaultSeverity: 'warning',
    references: { istio: 'IST0130' },
    remediation:
      'Move the catch-all route to the end of the list, and remove routes whose matches an earlier route already has.',
  },
  MP1111: {
    category: 'validation',
    title: 'VirtualService host not exposed by its Gateway',
    defaultSeverity: 'warning',
    references: { istio: 'IST0132' },
    remediation:
      'Add the host to a server of the Gateway, or remove the Gateway from the VirtualService.',
  },
  MP1112: {
    category: 'validation',
    title: 'Service port protocol not recognised by Istio',
    defaultSeverity: 'info',
    references: { istio: 'IST0118', kiali: 'KIA0601' },
    remediation:
      'Name the port <protocol>[-suffix] (http, http2, grpc, tcp, tls, https, mongo, mysql, redis) or set appProtocol.',
  },
  MP1113: {
    category: 'validation',
    title: 'Namespace is not enrolled in the mesh',
    defaultSeverity: 'warning',
    references: { istio: 'IST0102' },
    remediation:
      'Label the namespace istio-injection=enabled (sidecars) or istio.io/dataplane-mode=ambient.',
  },
  MP1114: {
    category: 'validation',
    title: 'Policy selector matches no workload',
    defaultSeverity: 'warning',
    references: { istio: 'IST0127', kiali: 'KIA0004' },
    remediation:
      'Fix the selector labels so the policy applies to the intended workload.',
  },
  MP1115: {
    category: 'validation',
    title: 'TLS origination without CA verification',
    defaultSeverity: 'warning',
    references: { istio: 'IST0128' },
    remediation:
      'Set caCertificates (or credentialName) so the server certificate is verified.',
  },
  MP1116: {
    category: 'validation',
    title: 'Port-level TLS origination without CA verification',
    defaultSeverity: 'warning',
    references: { istio: 'IST0129' },
    remediation:
      'Set caCertificates (or credentialName) on the port-level TLS settings.',
  },
  MP1117: {
    category: 'validation',
    title: 'AuthorizationPolicy source namespace does not exist',
    defaultSeverity: 'warning',
    references: { istio: 'IST0101', kiali: 'KIA0101' },
    remediation: 'Fix the namespace name in from.source.namespaces.',
  },
  MP1118: {
    category: 'validation',
    title: 'AuthorizationPolicy has an invalid HTTP method',
    defaultSeverity: 'error',
    references: { kiali: 'KIA0102' },
    remediation:
      'Use upper-case HTTP methods: GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH.',
  },
  MP1119: {
    category: 'validation',
    title:
      'AuthorizationPolicy principal names a service account that does not exist',
    defaultSeverity: 'warning',
    references: { kiali: 'KIA0106' },
    remediation:
      'Fix the principal (cluster.local/ns/<namespace>/sa/<service account>).',
  },
  MP1120: {
    category: 'validation',
    title: 'JWT claim-based routing without a RequestAuthentication',
    defaultSeverity: 'error',
    references: { istio: 'IST0149' },
    remediation:
      'Add a RequestAuthentication for the gateway workload that validates the token.',
  },
  MP1121: {
    category: 'validation',
    title: 'Two Gateways bind the same port and host on one workload',
    defaultSeverity: 'error',
    references: { istio: 'IST0145', kiali: 'KIA0301' },
    remediation: 'Serve the host from one Gateway, or use different ports.',
  },
  MP1122: {
    category: 'validation',
    title:
      'HTTPRoute attaches to a Gateway that does not exist or does not admit it',
    defaultSeverity: 'error',
    references: { kiali: 'KIA1401' },
    remediation:
      "Fix parentRefs to name an existing Gateway whose listeners' allowedRoutes admit the route's namespace.",
  },
  MP1123: {
    category: 'validation',
    title:
      'HTTPRoute backend or parent Service does not exist or is not granted',
    defaultSeverity: 'error',
    references: { kiali: 'KIA1402' },
    remediation:
      'Fix backendRefs to name an existing Service; for a Service of another namespace, add a ReferenceGrant there.',
  },
  MP1124: {
    category: 'validation',
    title: 'Workload covered by no AuthorizationPolicy',
    defaultSeverity: 'warning',
    references: { kiali: 'KIA1301' },
    remediation:
      'Add a namespace default-deny AuthorizationPolicy and allow rules for the callers.',
  },
  MP1125: {
    category: 'validation',
    title:
      'Retries on 5xx, gateway errors or resets re-send requests of any method',
    defaultSeverity: 'warning',
    controls: resilienceControls,
    remediation:
      'Retry on connect-failure,refused-stream,unavailable,cancelled (failures before the request reached the server), or restrict the route that retries on 5xx, gateway-error or reset to idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE).',
  },
  MP1126: {
    category: 'validation',
    title: 'Retry budget longer than the route timeout',
    defaultSeverity: 'warning',
    controls: resilienceControls,
    remediation:
      "Make (attempts + 1) × perTryTimeout plus Envoy's back-off fit inside timeout: lower attempts or perTryTimeout, or raise the timeout.",
  },
  MP1127: {
    category: 'validation',
    title: 'Gateway server terminates TLS without a certificate',
    defaultSeverity: 'error',
    references: { istio: 'IST0106' },
    remediation:
      "Set tls.credentialName to the Secret that holds the certificate (in the gateway pods' namespace), or serverCertificate and privateKey (and caCertificates for MUTUAL) mounted in the gateway.",
  },
  MP1128: {
    category: 'validation',
    title:
      "AuthorizationPolicy principal names a trust domain that is not the mesh's",
    defaultSeverity: 'warning',
    controls: accessControlControls,
    remediation:
      "Write the principal in the mesh's trust domain (mesh.platform.trustDomain) or as cluster.local, which Istio reads as the mesh's own; for a migration, list the old domain in meshConfig.trustDomainAliases.",
  },
  MP1129: {
    category: 'validation',
    title:
      'Connection pool caps TCP connections but not requests on an HTTP/2 or gRPC port',
    defaultSeverity: 'warning',
    controls: resilienceControls,
    remediation:
      'Set connectionPool.http.http2MaxRequests (the cap on requests in flight, HTTP/1.1 and HTTP/2 alike) beside or instead of tcp.maxConnections.',
  },
  // Meshpath's own
  MP1201: {
    category: 'validation',
    fixable: true,
    title:
      'DestinationRule turns TLS off towards workloads that require STRICT mTLS',
    defaultSeverity: 'error',
    remediation:
      'Remove trafficPolicy.tls mode DISABLE (or set ISTIO_MUTUAL): the server rejects plaintext.',
  },
  MP1202: {
    category: 'validation',
    title: 'Flagger Canary targets a Deployment that does not exist',
    defaultSeverity: 'error',
    remediation: 'Fix spec.targetRef to name the service Deployment.',
  },
  MP1203: {
    category: 'validation',
    title: 'Hand-written VirtualService for a host a Canary manages',
    defaultSeverity: 'error',
    remediation:
      'Delete the VirtualService and move its settings into the Canary service block: Flagger overwrites it.',
  },
  MP1204: {
    category: 'validation',
    title: 'Flagger Canary without success-rate and latency gates',
    defaultSeverity: 'warning',
    remediation:
      "Gate spec.analysis.metrics on both request success rate and request duration, with thresholds: Flagger's built-in request-success-rate and request-duration, or MetricTemplates that query Istio's telemetry (istio_requests_total by response_code, istio_request_duration_milliseconds), as the golden-path SLO gates do.",
  },
  MP1205: {
    category: 'validation',
    title:
      'Policy covers a Canary target but not the primary Flagger creates, which then loses its callers',
    defaultSeverity: 'error',
    controls: accessControlControls,
    remediation:
      'Select the workload by a label Flagger does not rewrite (Flagger rewrites the first of app, name, app.kubernetes.io/name in the target selector to <value>-primary), or list both values with matchExpressions.',
  },
  MP1206: {
    category: 'validation',
    title: 'Policy covers a Canary target but not the primary Flagger creates',
    defaultSeverity: 'warning',
    remediation:
      'Select the workload by a label Flagger does not rewrite, or by both the target and the -primary value, so the policy applies to the pods that serve the traffic.',
  },
  MP1207: {
    category: 'validation',
    title: 'Git declares a Service that Flagger owns and rewrites',
    defaultSeverity: 'error',
    controls: changeManagementControls,
    remediation:
      'Remove the Service from Git and let the Canary generate it (spec.service carries its port and metadata), or declare exactly the selector and ports Flagger writes.',
  },
  MP1208: {
    category: 'validation',
    title:
      'Blue/green or A/B Canary without a load test: the canary gets no traffic during analysis',
    defaultSeverity: 'warning',
    controls: changeManagementControls,
    remediation:
      "Add a rollout webhook that runs load against <service>-canary (Flagger's load tester with metadata.cmd, sending the A/B match headers), or mirror traffic (analysis.mirror: true) for blue/green.",
  },
  MP1209: {
    category: 'validation',
    title: 'Canary for a TCP port without service.appProtocol: tcp',
    defaultSeverity: 'error',
    remediation:
      'Set spec.service.appProtocol: tcp: Flagger reads only that field to write TCP routes instead of HTTP ones.',
  },
  // Reachability: NetworkPolicy (L4) and Istio mTLS and authorization (L7) together
  MP1301: {
    category: 'validation',
    title: 'Prometheus cannot scrape the workload',
    defaultSeverity: 'error',
    controls: availabilityMonitoringControls,
    remediation:
      'Admit the monitoring namespace in the NetworkPolicy on the sidecar ports 15020 and 15090 (or the prometheus.io/port of a pod without a sidecar).',
  },
  MP1302: {
    category: 'validation',
    title: 'Ingress gateway pods cannot reach an exposed workload',
    defaultSeverity: 'error',
    controls: networkSegmentationControls,
    remediation:
      'Admit the namespace of the gateway pods (often istio-ingress, not the Gateway resource namespace) in the NetworkPolicy and the AuthorizationPolicy.',
  },
  MP1303: {
    category: 'validation',
    title: 'Declared caller cannot reach the workload',
    defaultSeverity: 'error',
    controls: networkSegmentationControls,
    remediation:
      'Admit the caller where it is blocked: its namespace in the NetworkPolicy on the workload port, a sidecar (mTLS) where mTLS is STRICT, or the policy on the pods Flagger generates.',
  },
  MP1304: {
    category: 'validation',
    title: 'Flagger load tester cannot reach the canary',
    defaultSeverity: 'error',
    controls: changeManagementControls,
    remediation:
      'Admit the load tester namespace and service account in the NetworkPolicy and the AuthorizationPolicy of the canary workload.',
  },
  MP1305: {
    category: 'validation',
    title: 'NetworkPolicy blocks ambient HBONE traffic (port 15008)',
    defaultSeverity: 'error',
    controls: networkSegmentationControls,
    remediation:
      'Admit TCP port 15008 from the callers in the NetworkPolicy: ambient mode delivers mesh traffic to the pod as HBONE on 15008, not on the application port.',
  },
  MP1306: {
    category: 'validation',
    title: 'Workload reachable by any caller despite its policies',
    defaultSeverity: 'warning',
    controls: networkSegmentationControls,
    remediation:
      'Narrow the NetworkPolicy ingress rule and the AuthorizationPolicy ALLOW rule to the declared callers.',
  },
  // Telemetry: hand-written SLO rules, alerts and canary gates
  MP1401: {
    category: 'validation',
    title:
      'SLO series select a Flagger-managed service by destination_service_name',
    defaultSeverity: 'warning',
    controls: availabilityMonitoringControls,
    remediation:
      'Select the server side by workload: destination_workload=~"<name>|<name>-primary" and destination_workload_namespace, as Flagger\'s own checks do.',
  },
  MP1402: {
    category: 'validation',
    title: 'SLO series read reporter="destination" for an ambient workload',
    defaultSeverity: 'error',
    controls: availabilityMonitoringControls,
    remediation:
      'Select reporter="waypoint" for a workload behind a waypoint; without one, add a waypoint (istio.io/use-waypoint) or measure TCP only (istio_tcp_*).',
  },
  MP1403: {
    category: 'validation',
    title:
      "Canary gates a gRPC service on Flagger's built-in request-success-rate",
    defaultSeverity: 'warning',
    controls: changeManagementControls,
    remediation:
      'Replace request-success-rate with a MetricTemplate that counts HTTP 5xx and the server-fault grpc_response_status codes (2, 4, 12, 13, 14, 15) as failures.',
  },
  MP1404: {
    category: 'validation',
    title: 'Burn-rate alert on an error ratio can never fire',
    defaultSeverity: 'error',
    controls: availabilityMonitoringControls,
    remediation:
      'Keep factor × (1 − target) below 1: lower the factor (a longer window), or raise the target above 1 − 1/factor (93.06 % for the 14.4× page).',
  },
  MP1405: {
    category: 'validation',
    title: 'Alert severity that Alertmanager does not route',
    defaultSeverity: 'warning',
    controls: availabilityMonitoringControls,
    remediation:
      "Use kube-prometheus' severities: critical for pages, warning for tickets, info for the rest, or the values your Alertmanager routes, declared in mesh.slo.alertSeverities (the portal and meshpath --config then accept them).",
  },
  MP1406: {
    category: 'validation',
    title: 'SLO or gate counts client-caused gRPC codes as failures',
    defaultSeverity: 'warning',
    controls: availabilityMonitoringControls,
    remediation:
      'Count only the server-fault codes, grpc_response_status=~"2|4|12|13|14|15" (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS), or the codes declared in mesh.slo.grpcFailureCodes; not grpc_response_status!="0".',
  },
  MP1407: {
    category: 'validation',
    title: 'SLO or gate on a gRPC service counts only HTTP 5xx as failures',
    defaultSeverity: 'warning',
    controls: availabilityMonitoringControls,
    remediation:
      'Count HTTP 5xx and, behind any other HTTP status, the server-fault gRPC codes: response_code=~"5.." or (response_code!~"5..", grpc_response_status=~"2|4|12|13|14|15"), as the generated SLOs and MetricTemplates do.',
  },
  // Compliance
  MP2001: {
    category: 'compliance',
    fixable: true,
    title: 'STRICT mTLS in effect for the workload',
    defaultSeverity: 'warning',
    controls: transportSecurityControls,
    remediation:
      'Apply a PeerAuthentication with mtls.mode STRICT (mesh-wide, namespace or workload) and no PERMISSIVE or DISABLE port override.',
  },
  MP2002: {
    category: 'compliance',
    fixable: true,
    title: 'Namespace default-deny AuthorizationPolicy and no allow-all rule',
    defaultSeverity: 'warning',
    controls: accessControlControls,
    remediation:
      'Add an AuthorizationPolicy with an empty spec to the namespace and allow named callers only.',
  },
  MP2003: {
    category: 'compliance',
    title: 'JWT required where the service is exposed through a Gateway',
    defaultSeverity: 'warning',
    controls: endUserAuthenticationControls,
    remediation:
      'Add a RequestAuthentication and an AuthorizationPolicy that requires requestPrincipals.',
  },
  MP2004: {
    category: 'compliance',
    title: 'Kubernetes NetworkPolicy default-deny in the namespace',
    defaultSeverity: 'warning',
    controls: networkSegmentationControls,
    remediation:
      'Add a NetworkPolicy with an empty podSelector and policyType Ingress and no ingress rules.',
  },
  MP2005: {
    category: 'compliance',
    fixable: true,
    title: 'Timeout on every HTTP route',
    defaultSeverity: 'warning',
    controls: resilienceControls,
    remediation:
      'Set timeout on each http route of the VirtualService (or the Canary service block).',
  },
  MP2006: {
    category: 'compliance',
    fixable: true,
    title: 'Retries bounded, with a per-try timeout',
    defaultSeverity: 'warning',
    controls: resilienceControls,
    remediation: 'Set retries.attempts (at most 3) and retries.perTryTimeout.',
  },
  MP2007: {
    category: 'compliance',
    fixable: true,
    title: 'Outlier detection and connection-pool limits',
    defaultSeverity: 'warning',
    controls: resilienceControls,
    remediation:
      'Set trafficPolicy.outlierDetection and trafficPolicy.connectionPool in the DestinationRule (or the Canary service block).',
  },
  MP2008: {
    category: 'compliance',
    title: 'Progressive delivery with health gates',
    defaultSeverity: 'warning',
    controls: changeManagementControls,
    remediation:
      'Deliver through a Flagger Canary with request-success-rate and request-duration gates.',
  },
  MP2009: {
    category: 'compliance',
    title: 'SLO declared',
    defaultSeverity: 'warning',
    controls: availabilityMonitoringControls,
    remediation:
      'Declare an SLO: a PrometheusRule labelled meshpath.io/slo=<service> or an OpenSLO document.',
  },
} as const satisfies { [Code in MeshRuleCode]: Entry<Code> };

/**
 * Every rule of the analysis engine, by code.
 * @public
 */
export const MESH_RULES: Readonly<Record<MeshRuleCode, RuleDefinition>> =
  Object.fromEntries(
    Object.entries(catalogue).map(([code, entry]) => [
      code,
      { code, references: {}, controls: [], ...entry },
    ]),
  ) as Record<MeshRuleCode, RuleDefinition>;

/**
 * Whether a string (from a file, a request or a stored row) is a rule code.
 * @public
 */
export function isMeshRuleCode(code: string): code is MeshRuleCode {
  return Object.prototype.hasOwnProperty.call(catalogue, code);
}

/**
 * The rule for a code; throws for a code that does not exist, so typos fail loudly.
 * @public
 */
export function meshRule(code: MeshRuleCode): RuleDefinition {
  if (!isMeshRuleCode(code))
    throw new Error(`Unknown Meshpath rule code ${code}`);
  return MESH_RULES[code];
}
