import type { MeshRuleCode } from '../rules';

/**
 * Why each rule matters, for the rule catalogue page (docs/rules.md). Typed by
 * code, so a rule added to the catalogue without its reason does not compile.
 */
export const RULE_RATIONALE: Readonly<Record<MeshRuleCode, string>> = {
  MP0001:
    'Nothing in the file reaches the cluster or the analysis; the other files are still checked, so what it declares shows up as missing.',
  MP0003:
    'What cannot be read is not analysed: without this finding the result would look complete when it is not.',
  MP0002:
    'The API server rejects a document without apiVersion, kind and metadata.name, so the apply or the GitOps sync fails.',
  MP0101:
    'The API server rejects the object, so the change never takes effect and the sync stalls on it.',
  MP0102:
    'Fields a CRD does not define are pruned when the object is stored (unless the client asks for strict field validation), so a misspelt setting is silently not in force.',
  MP0103:
    'A deprecated version stops being served in a later release of its project: applying the object then fails, although nothing in it changed.',
  MP1101:
    'The mesh has no endpoint for the host (or none visible from the route, or no such port): requests on that route fail instead of reaching a service.',
  MP1102:
    'The proxy has no endpoints for an undefined subset, so requests on that route fail until a DestinationRule defines it.',
  MP1103:
    'The routes are bound to a Gateway that is not there, so the traffic they were written for is not served by them.',
  MP1104:
    'Istio uses one VirtualService per host and gateway, so one of the two sets of routes is silently ignored.',
  MP1105:
    'Which of the DestinationRules applies is not what either file says: TLS, subsets and limits may not be the ones intended.',
  MP1106:
    'A subset without labels selects every endpoint of the host, so a route meant for one version reaches all of them.',
  MP1107: 'The subset has no endpoints: requests routed to it fail.',
  MP1108:
    'The DestinationRule applies to nothing, so the TLS, connection-pool and outlier settings it was written for are not in force.',
  MP1109:
    'Istio cannot tell which of the Service ports the route means, so the route does not carry the traffic it was written for.',
  MP1110:
    'Routes are matched in order: an earlier catch-all or an earlier route with the same match takes the requests, so the later route (often a canary or header rule) never applies.',
  MP1111:
    'The Gateway does not accept the host, so the route is never used for traffic through that Gateway.',
  MP1112:
    'Istio cannot tell the protocol from the port name, so HTTP routing, retries, timeouts and request telemetry may not apply to it.',
  MP1113:
    'Workloads there run without a sidecar or ztunnel: no mTLS, no authorization policy and no telemetry, and mesh policy written for them does nothing.',
  MP1114:
    'The policy protects nothing; the workload it was written for runs under the namespace or mesh-wide defaults.',
  MP1115:
    'The proxy accepts any server certificate: the connection is encrypted but open to a machine in the middle.',
  MP1116:
    'The proxy accepts any server certificate on that port: the connection is encrypted but open to a machine in the middle.',
  MP1117:
    'The rule matches no caller from a namespace that does not exist: an ALLOW rule lets nobody in, a DENY rule blocks nobody.',
  MP1118:
    'Methods are matched exactly, so a misspelt or lower-case method never matches and the rule does not apply to the requests it names.',
  MP1119:
    'The principal matches no workload identity: an ALLOW rule lets nobody in, a DENY rule blocks nobody.',
  MP1120:
    'Claims exist only for tokens a RequestAuthentication validated, so routing on them without one does not work as written.',
  MP1121:
    'The gateway workload can serve only one of the conflicting servers; the other host settings are ignored.',
  MP1122:
    'The route is attached to nothing (or to a Gateway that does not admit it), so its traffic is not served.',
  MP1123:
    'Requests that match the rule fail: Gateway API answers them with an error instead of a backend (a Service of another namespace is refused without a ReferenceGrant).',
  MP1124:
    'With no AuthorizationPolicy Istio allows every request: any workload in the mesh can call it.',
  MP1125:
    "Envoy's 5xx, gateway-error and reset policies also retry after a reset or a per-try timeout, when the server may still be processing the request: a POST that charges a card or creates an order runs twice.",
  MP1126:
    'The route timeout cuts the request off before its retries are spent: the last retries never complete, and the caller waits the whole timeout for a failure the budget was meant to absorb.',
  MP1127:
    "Istio's validation rejects a SIMPLE or MUTUAL server with neither credentialName nor certificate files, so the Gateway is not applied and the host it was to serve over TLS is not served.",
  MP1128:
    "Istio rewrites principals in the mesh's trust domain, its aliases and cluster.local, and keeps any other as written: no workload of the mesh has that identity, so the callers it names are denied (a 403, which a 5xx-based availability SLO does not count).",
  MP1129:
    "Envoy sends every HTTP/2 request to a host over one connection, so a connection cap never triggers: an overloaded service gets every request instead of a fast 503, and the circuit breaker the policy seems to set does not exist (Envoy's maximum-requests breaker is the one that applies to HTTP/2).",
  MP1201:
    'The server accepts only mutual TLS and the client sends plaintext, so every call on that path fails.',
  MP1202:
    'Flagger cannot start the canary: there is no primary and no guarded rollout for the service.',
  MP1203:
    'Flagger generates and rewrites the VirtualService of that host during every rollout; a hand-written one conflicts with it or is overwritten.',
  MP1204:
    'Without success-rate and latency checks Flagger promotes a failing version: the rollout is gradual but not guarded.',
  MP1205:
    'Flagger creates the primary with its selector label rewritten to <value>-primary and sends the traffic there; a policy on the old value covers only the idle target, so where the namespace denies by default every request to the primary is refused once the Canary initialises.',
  MP1206:
    'The pods that serve the traffic after Flagger initialises the Canary are the primary, with a rewritten selector label: the policy written for them applies only to the target, which Flagger scales to zero between rollouts.',
  MP1207:
    'Flagger rewrites the selector and ports of the apex, -primary and -canary Services on every reconcile; a GitOps sync puts the declared ones back, so traffic flips between the target and the primary until the next reconcile.',
  MP1208:
    'Blue/green and A/B canaries receive no user traffic while Flagger analyses them (A/B only the requests that match): without a load test the metrics find no values, Flagger halts each iteration and rolls back at the threshold, so the release is not promoted.',
  MP1209:
    'Flagger writes an HTTP VirtualService unless service.appProtocol is tcp; Istio ignores HTTP routes on a TCP port, so the traffic split never applies: the canary gets no traffic, and its analysis either finds no values and rolls back or promotes a release nothing exercised.',
  MP1301:
    'Without scrapes there is no Istio telemetry: SLOs read unknown and every Flagger analysis fails its metric checks, so no release is promoted.',
  MP1302:
    'The gateway pods, not the Gateway resource, open the connection to the workload: blocked at L4 or L7, every request through the gateway fails.',
  MP1303:
    'The AuthorizationPolicy allows the caller, so its owners expect it to work, but the connection is dropped before (NetworkPolicy), refused at the handshake (plaintext against STRICT mTLS) or denied on the pods that serve the traffic.',
  MP1304:
    'Blue/green and A/B canaries receive traffic only from the load tester: blocked, the canary sees no requests, its metrics have no values and Flagger rolls it back.',
  MP1305:
    'In ambient mode ztunnel carries mesh traffic to the pod over HBONE on port 15008; a NetworkPolicy that admits only the application port drops it.',
  MP1306:
    'The workload is isolated on paper, but an ingress rule without sources and an ALLOW rule without conditions let any workload of the mesh through: least privilege is not in force.',
  MP1401:
    "Server-side, Istio names the first Service of the pod's inbound cluster; once Flagger creates <name>-primary and <name>-canary, the canary's requests carry <name>-canary and the primary's may carry <name>-primary: the SLO misses the release it should judge, and a new service matches nothing.",
  MP1402:
    'In ambient mode a waypoint reports requests as reporter="waypoint" and ztunnel reports only TCP: a reporter="destination" series is empty, so the SLO reads no traffic and its alerts never fire.',
  MP1403:
    "Flagger's request-success-rate counts every non-5xx response as a success; gRPC fails with HTTP 200 and a grpc-status, so the gate promotes a release that fails every call.",
  MP1404:
    'The alert fires when the error ratio exceeds factor × (1 − target); at 1 or above that needs more failures than requests, so the budget burns out without a page.',
  MP1405:
    "kube-prometheus' Alertmanager sends severity=critical to its Critical receiver and inhibits on critical, warning and info; any other value reaches only the default receiver and is never inhibited, so a page does not page.",
  MP1406:
    "NOT_FOUND, INVALID_ARGUMENT, CANCELLED and the other client-caused codes are the gRPC twins of HTTP 4xx: counting them spends the service's budget on its callers' mistakes and pages its team for them, and the SLO disagrees with the canary gate and the portal.",
  MP1407:
    'gRPC carries its failures in the grpc-status trailer of an HTTP 200 response; a count of 5xx alone reads 100 % while every call fails, so the SLO never burns and the gate promotes a broken release.',
  MP2001:
    'PERMISSIVE or DISABLE accepts plaintext: traffic is unencrypted, callers are not authenticated, and identity-based authorization cannot be enforced.',
  MP2002:
    'Without deny by default every workload in the mesh can call the service; least privilege means naming the callers.',
  MP2003:
    'A service exposed through an ingress Gateway is reachable from outside the mesh; without a required token anonymous clients can call it.',
  MP2004:
    'Mesh policy binds only traffic that passes a proxy; a NetworkPolicy also stops pods without one (defence in depth).',
  MP2005:
    "Istio sets no route timeout by default: a slow dependency holds callers' requests until they give up, and failures cascade.",
  MP2006:
    'Unbounded retries multiply the load on a failing service, and without a per-try timeout one hung attempt uses the whole timeout.',
  MP2007:
    'Without circuit breaking a failing endpoint keeps receiving traffic and an overloaded service gets unlimited concurrent requests.',
  MP2008:
    'Without it a release reaches every user at once; with health gates a bad version is stopped on a small share of traffic and rolled back.',
  MP2009:
    'Without an SLO nobody can tell whether the service is reliable enough, and no burn-rate alert pages before the error budget is gone.',
};
