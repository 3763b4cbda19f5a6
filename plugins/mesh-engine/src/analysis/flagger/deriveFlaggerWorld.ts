import type {
  KubernetesObject,
  ObjectRef,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
import { apiGroup, isRecord, namespaceOf, objectRef } from '../../objects';
import { isControlled } from '../flaggerGenerated';

/** Flagger's default `-selector-labels`: it rewrites the first of these the target's selector uses. @public */
export const FLAGGER_SELECTOR_LABELS: readonly string[] = [
  'app',
  'name',
  'app.kubernetes.io/name',
];

/** Options of {@link deriveFlaggerWorld}. @public */
export interface FlaggerWorldOptions {
  /** Flagger's `-selector-labels`, in its order. Default {@link FLAGGER_SELECTOR_LABELS}. */
  selectorLabels?: readonly string[];
}

/** One Canary as Flagger reads it: its target and the pod label it rewrites. @public */
export interface CanaryPlan {
  /** The Canary. */
  canary: SourcedObject;
  /** Its namespace, where Flagger creates everything. */
  namespace: string;
  /** The target workload (Deployment or DaemonSet). */
  target: SourcedObject;
  /** The selector label Flagger rewrites on the primary, and its value on the target; absent when the target's selector has none of them (Flagger cannot initialise). */
  selectorLabel?: { key: string; value: string };
  /** `spec.service.name`, else the target's name. */
  apex: string;
  /** The primary workload: `<target>-primary`. */
  primary?: SourcedObject;
}

/** An object Flagger creates or rewrites, and the declared object it overwrites, if any. @public */
export interface FlaggerDerivedObject {
  /** The object as Flagger leaves it. */
  object: KubernetesObject;
  /** The Canary whose Flagger writes it. */
  generatedBy: ObjectRef;
  /** A declared object Flagger rewrites (its selector and ports), as declared. */
  overwrites?: SourcedObject;
}

/** The world after Flagger has initialised every Canary. @public */
export interface FlaggerWorld {
  /** The input, with the objects Flagger creates added and those it rewrites replaced. */
  objects: SourcedObject[];
  /** Each Canary whose target the input holds. */
  canaries: CanaryPlan[];
  /** What Flagger creates or rewrites that the input did not already show as Flagger left it. */
  derived: FlaggerDerivedObject[];
}

const text = (value: unknown) =>
  typeof value === 'string' && value.length > 0 ? value : undefined;
const key = (kind: string, namespace: string, name: string) =>
  `${kind}|${namespace}|${name}`;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {}));

/** Flagger drops Flux's own metadata when it copies labels and annotations. */
function withoutToolkit(entries: unknown): Record<string, string> | undefined {
  if (!isRecord(entries)) return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(entries))
    if (!name.includes('toolkit.fluxcd.io')) result[name] = String(value);
  return result;
}

/** Flagger's makePrimaryLabels: the labels with the selector label set to the primary's value. */
function primaryLabels(
  labels: unknown,
  selector: { key: string; value: string },
): Record<string, string> {
  return {
    ...withoutToolkit(labels),
    [selector.key]: `${selector.value}-primary`,
  };
}

function canaryOwner(canary: KubernetesObject) {
  return [
    {
      apiVersion: canary.apiVersion,
      kind: 'Canary',
      name: canary.metadata.name,
      controller: true,
    },
  ];
}

/** The primary Flagger creates from the target (its createPrimaryDeployment). */
function primaryOf(
  target: KubernetesObject,
  canary: KubernetesObject,
  selector: { key: string; value: string },
): KubernetesObject {
  const spec = clone(target.spec ?? {});
  const template = isRecord(spec.template) ? spec.template : {};
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  return {
    apiVersion: target.apiVersion,
    kind: target.kind,
    metadata: {
      name: `${target.metadata.name}-primary`,
      namespace: target.metadata.namespace,
      // With no -include-label-prefix Flagger copies no workload label but the selector one.
      labels: { [selector.key]: `${selector.value}-primary` },
      ...(withoutToolkit(target.metadata.annotations)
        ? { annotations: withoutToolkit(target.metadata.annotations) }
        : {}),
      ownerReferences: canaryOwner(canary),
    } as KubernetesObject['metadata'],
    spec: {
      ...spec,
      selector: {
        matchLabels: { [selector.key]: `${selector.value}-primary` },
      },
      template: {
        ...template,
        metadata: {
          ...metadata,
          labels: primaryLabels(metadata.labels, selector),
        },
      },
    },
  };
}

/** Container ports Flagger adds with `portDiscovery` (its getPorts): not the proxies', not the service port. */
function discoveredPorts(target: KubernetesObject, canary: KubernetesObject) {
  const service = canary.spec?.service ?? {};
  const excluded = service.targetPort ?? service.port;
  const ports: Array<Record<string, unknown>> = [];
  const containers = target.spec?.template?.spec?.containers;
  for (const container of Array.isArray(containers) ? containers : []) {
    if (
      !isRecord(container) ||
      ['istio-proxy', 'envoy'].includes(container.name)
    )
      continue;
    (Array.isArray(container.ports) ? container.ports : []).forEach(
      (port: unknown, i: number) => {
        if (!isRecord(port)) return;
        const number = Number(port.containerPort);
        if (number === excluded || port.name === excluded) return;
        ports.push({
          name: text(port.name) ?? `tcp-${container.name}-${i}`,
          protocol: 'TCP',
          port: number,
          targetPort: number,
        });
      },
    );
  }
  return ports;
}

/** The selector and ports Flagger gives a Service it reconciles (its reconcileService). */
function flaggerServiceSpec(
  canary: KubernetesObject,
  target: KubernetesObject,
  selector: Record<string, string>,
) {
  const service = canary.spec?.service ?? {};
  const port: Record<string, unknown> = {
    name: text(service.portName) ?? 'http',
    protocol: 'TCP',
    port: service.port,
    targetPort: service.targetPort ?? service.port,
    ...(text(service.appProtocol) ? { appProtocol: service.appProtocol } : {}),
  };
  return {
    selector,
    ports: [
      port,
      ...(service.portDiscovery === true
        ? discoveredPorts(target, canary)
        : []),
    ],
  };
}

/** Service ports as the API server stores them: protocol TCP and targetPort = port when left out. */
function normalisedPorts(ports: unknown): string {
  return JSON.stringify(
    (Array.isArray(ports) ? ports : [])
      .filter(isRecord)
      .map(p => ({
        name: p.name ?? '',
        protocol: p.protocol ?? 'TCP',
        port: Number(p.port),
        targetPort: String(p.targetPort ?? p.port),
      }))
      .sort((a, b) => a.port - b.port),
  );
}

function sameSelector(a: unknown, b: Record<string, string>): boolean {
  if (!isRecord(a)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(k => String(a[k]) === b[k])
  );
}

const workloadKinds = new Set(['Deployment', 'DaemonSet']);

/**
 * The world after Flagger acts on each Canary, as its controllers do (see
 * Flagger's `pkg/canary/deployment_controller.go` and
 * `pkg/router/kubernetes_default.go`): the primary `<target>-primary`, a copy
 * of the target whose selector label (the first of `app`, `name`,
 * `app.kubernetes.io/name` in the target's selector) reads
 * `<value>-primary` in its selector and pod labels; the Services `<apex>`
 * and `<apex>-primary` selecting the primary and `<apex>-canary` selecting
 * the target, with the Canary's port. Flagger rewrites the selector and ports
 * of a Service of those names that someone else declared. What the input
 * already shows as Flagger left it (a live cluster) is kept.
 * @public
 */
export function deriveFlaggerWorld(
  input: SourcedObject[],
  options: FlaggerWorldOptions = {},
): FlaggerWorld {
  const isCanary = (object: KubernetesObject) =>
    object.kind === 'Canary' && apiGroup(object.apiVersion) === 'flagger.app';
  // Most worlds have no Canary: they are kept as they are, without a key per object.
  if (!input.some(item => isCanary(item.object)))
    return { objects: input.slice(), canaries: [], derived: [] };
  const selectorLabels = options.selectorLabels ?? FLAGGER_SELECTOR_LABELS;
  const byKey = new Map<string, SourcedObject>();
  for (const item of input) {
    const namespace = namespaceOf(item.object) ?? '';
    byKey.set(
      key(item.object.kind, namespace, item.object.metadata.name),
      item,
    );
  }
  const replaced = new Map<SourcedObject, SourcedObject>();
  const added: SourcedObject[] = [];
  const derived: FlaggerDerivedObject[] = [];
  const canaries: CanaryPlan[] = [];

  for (const item of input) {
    const canary = item.object;
    if (!isCanary(canary)) continue;
    const namespace = namespaceOf(canary) ?? 'default';
    const targetRef = canary.spec?.targetRef;
    const targetKind = text(targetRef?.kind) ?? 'Deployment';
    const targetName = text(targetRef?.name);
    if (!targetName || !workloadKinds.has(targetKind)) continue;
    const target = byKey.get(key(targetKind, namespace, targetName));
    if (!target) continue;
    const apex = text(canary.spec?.service?.name) ?? targetName;
    const matchLabels = target.object.spec?.selector?.matchLabels;
    const label = selectorLabels.find(
      l => isRecord(matchLabels) && typeof matchLabels[l] === 'string',
    );
    const plan: CanaryPlan = { canary: item, namespace, target, apex };
    canaries.push(plan);
    if (!label) continue;
    const selector = { key: label, value: String(matchLabels[label]) };
    plan.selectorLabel = selector;
    const generatedBy = objectRef(canary);

    const primaryKey = key(targetKind, namespace, `${targetName}-primary`);
    plan.primary = byKey.get(primaryKey);
    if (!plan.primary) {
      const object = primaryOf(target.object, canary, selector);
      plan.primary = { object, source: item.source };
      added.push(plan.primary);
      byKey.set(primaryKey, plan.primary);
      derived.push({ object, generatedBy });
    }

    const services: Array<[string, string, unknown]> = [
      [apex, `${selector.value}-primary`, canary.spec?.service?.apex],
      [
        `${apex}-primary`,
        `${selector.value}-primary`,
        canary.spec?.service?.primary,
      ],
      [`${apex}-canary`, selector.value, canary.spec?.service?.canary],
    ];
    for (const [name, podSelector, custom] of services) {
      const serviceKey = key('Service', namespace, name);
      const spec = flaggerServiceSpec(canary, target.object, {
        [selector.key]: podSelector,
      });
      const existing = byKey.get(serviceKey);
      if (existing) {
        if (
          sameSelector(existing.object.spec?.selector, spec.selector) &&
          normalisedPorts(existing.object.spec?.ports) ===
            normalisedPorts(spec.ports)
        )
          continue;
        // Flagger rewrites the selector and ports of any Service of that name.
        const object = clone(existing.object);
        object.spec = { ...object.spec, ...spec };
        const rewritten = { object, source: existing.source };
        replaced.set(existing, rewritten);
        byKey.set(serviceKey, rewritten);
        derived.push({
          object,
          generatedBy,
          ...(isControlled(existing.object) ? {} : { overwrites: existing }),
        });
        continue;
      }
      const object: KubernetesObject = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name,
          namespace,
          // The Canary's service.apex/primary/canary metadata, and the selector label naming the Service.
          labels: {
            ...(isRecord(custom) ? withoutToolkit(custom.labels) : {}),
            [selector.key]: name,
          },
          ...(isRecord(custom) && withoutToolkit(custom.annotations)
            ? { annotations: withoutToolkit(custom.annotations) }
            : {}),
          ownerReferences: canaryOwner(canary),
        } as KubernetesObject['metadata'],
        spec: { type: 'ClusterIP', ...spec },
      };
      const generated = { object, source: item.source };
      added.push(generated);
      byKey.set(serviceKey, generated);
      derived.push({ object, generatedBy });
    }
  }

  return {
    objects: [...input.map(o => replaced.get(o) ?? o), ...added],
    canaries,
    derived,
  };
}
