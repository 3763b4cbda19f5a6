import type { KubernetesObject } from '@meshpath/plugin-mesh-common';
import type {
  FlaggerDerivedObject,
  FlaggerWorld,
} from '../analysis/flagger/deriveFlaggerWorld';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';
import { portProtocol, TCP_PROTOCOLS } from './portProtocol';

/** Flagger's strategy for a Canary (its DeploymentStrategy): A/B with match and iterations, blue/green with iterations. */
function strategyOf(analysis: any): 'ab-testing' | 'blue-green' | 'canary' {
  if (!isRecord(analysis) || !(Number(analysis.iterations) > 0))
    return 'canary';
  return Array.isArray(analysis.match) && analysis.match.length > 0
    ? 'ab-testing'
    : 'blue-green';
}

/** Webhooks Flagger calls on every iteration (type rollout, the default): where a load test runs. */
const hasRolloutWebhook = (analysis: Record<string, any>) =>
  (Array.isArray(analysis.webhooks) ? analysis.webhooks : []).some(
    (webhook: unknown) =>
      isRecord(webhook) &&
      (webhook.type === undefined ||
        webhook.type === '' ||
        webhook.type === 'rollout'),
  );

/** MP1208: a blue/green (not mirrored) or A/B Canary whose metrics need traffic that nothing sends. */
function checkLoadTest(context: CheckContext, canary: IndexedObject) {
  const analysis = canary.object.spec?.analysis;
  const strategy = strategyOf(analysis);
  if (strategy === 'canary') return;
  const metrics = Array.isArray(analysis.metrics) ? analysis.metrics : [];
  // Without metrics Flagger promotes after the iterations: no traffic needed.
  if (metrics.length === 0 || hasRolloutWebhook(analysis)) return;
  if (strategy === 'blue-green' && analysis.mirror === true) return;
  context.report.report(
    'MP1208',
    strategy === 'blue-green'
      ? `Blue/green analysis (${analysis.iterations} iterations) with no rollout webhook to load the canary and no mirroring: ${canary.ref.name}-canary receives no traffic, its metrics find no values and Flagger rolls back`
      : `A/B analysis (${analysis.iterations} iterations) with no rollout webhook sending the match headers: only requests that match reach the canary, and without them its metrics find no values and Flagger rolls back`,
    canary,
  );
}

/** The ports of the apex Service as Git declares it: before Flagger rewrote it, else as the input holds it (none when Flagger generates it). */
function declaredApexPorts(
  context: CheckContext,
  derivedServices: Map<string, FlaggerDerivedObject>,
  canary: IndexedObject,
  apex: string,
): Array<Record<string, unknown>> {
  const key = `${canary.namespace}/${apex}`;
  const derived = derivedServices.get(key);
  const service: KubernetesObject | undefined = derived
    ? derived.overwrites?.object
    : context.index.services.get(key)?.object;
  const ports: unknown = service?.spec?.ports;
  return Array.isArray(ports) ? ports.filter(isRecord) : [];
}

/** MP1209: a Canary whose service port is TCP without `service.appProtocol: tcp`, so Flagger writes HTTP routes. */
function checkTcpProtocol(
  context: CheckContext,
  derivedServices: Map<string, FlaggerDerivedObject>,
  canary: IndexedObject,
) {
  const service = canary.object.spec?.service;
  if (!isRecord(service)) return;
  if (String(service.appProtocol ?? '').toLowerCase() === 'tcp') return;
  const port = Number(service.port);
  const apex = String(
    service.name ?? canary.object.spec?.targetRef?.name ?? canary.ref.name,
  );
  const evidence: string[] = [];
  const named = portProtocol({ name: service.portName });
  if (named && TCP_PROTOCOLS.has(named))
    evidence.push(`service.portName is ${service.portName}`);
  for (const declared of declaredApexPorts(
    context,
    derivedServices,
    canary,
    apex,
  )) {
    const protocol = portProtocol(declared);
    if (
      Number(declared.port) === port &&
      protocol &&
      TCP_PROTOCOLS.has(protocol)
    )
      evidence.push(`Service ${apex} declares port ${port} as ${protocol}`);
  }
  if (evidence.length === 0) return;
  context.report.report(
    'MP1209',
    `${evidence.join(
      '; ',
    )}, but service.appProtocol is not tcp: Flagger writes HTTP routes for a TCP port, which Istio does not apply`,
    canary,
  );
}

/** MP1208 and MP1209: Canaries whose delivery cannot work as written. */
export function checkCanaryDelivery(
  context: CheckContext,
  world: FlaggerWorld,
) {
  // The Services Flagger writes, by namespace/name: one lookup per Canary.
  const derivedServices = new Map(
    world.derived
      .filter(d => d.object.kind === 'Service')
      .map(d => [`${d.generatedBy.namespace}/${d.object.metadata.name}`, d]),
  );
  for (const canary of context.index.ofKind('flagger.app/Canary')) {
    checkLoadTest(context, canary);
    checkTcpProtocol(context, derivedServices, canary);
  }
}
