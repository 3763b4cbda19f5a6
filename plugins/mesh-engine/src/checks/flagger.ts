import { resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import type { CheckContext } from './context';

/** The cluster-local host of the service a Canary manages. */
export function canaryHost(canary: IndexedObject): string {
  const name =
    canary.object.spec?.service?.name ??
    canary.object.spec?.targetRef?.name ??
    canary.ref.name;
  return resolveHost(String(name), canary.namespace);
}

export const canaries = (context: CheckContext) =>
  context.index.ofKind('flagger.app/Canary');

/** Whether the Canary's analysis gates on both request success rate and request duration. */
export function hasHealthGates(canary: IndexedObject): boolean {
  const names = new Set(
    (canary.object.spec?.analysis?.metrics ?? []).map((m: any) => m?.name),
  );
  return names.has('request-success-rate') && names.has('request-duration');
}

const ownedByCanary = (object: IndexedObject) =>
  ((object.object.metadata as any).ownerReferences ?? []).some(
    (owner: any) => owner?.kind === 'Canary',
  );

export function checkCanaries(context: CheckContext) {
  const { index, report } = context;
  const deployments = new Set(
    index.ofKind('apps/Deployment').map(d => `${d.namespace}/${d.ref.name}`),
  );
  const managedHosts = new Map<string, IndexedObject>();

  for (const canary of canaries(context)) {
    const target = canary.object.spec?.targetRef;
    if (
      (target?.kind ?? 'Deployment') === 'Deployment' &&
      !deployments.has(`${canary.namespace}/${target?.name}`)
    ) {
      report.report(
        'MP1202',
        `Target Deployment ${target?.name} does not exist in ${canary.namespace}`,
        canary,
      );
    }
    if (!hasHealthGates(canary)) {
      report.report(
        'MP1204',
        'The analysis has no request-success-rate and request-duration gates: a failing release would be promoted',
        canary,
      );
    }
    managedHosts.set(canaryHost(canary), canary);
  }
  if (managedHosts.size === 0) return;

  for (const virtualService of index.istio('VirtualService')) {
    if (ownedByCanary(virtualService)) continue;
    for (const host of virtualService.object.spec?.hosts ?? []) {
      const canary = managedHosts.get(
        resolveHost(String(host), virtualService.namespace),
      );
      if (canary) {
        report.report(
          'MP1203',
          `Host ${host} is managed by Canary ${canary.namespace}/${canary.ref.name}: Flagger overwrites this VirtualService`,
          virtualService,
        );
      }
    }
  }
}
