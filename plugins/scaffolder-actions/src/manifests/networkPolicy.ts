import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { Manifest, metadata, workloadSelector } from './common';

const namespaceSelector = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/** Kubernetes NetworkPolicy: default-deny ingress, then the callers' namespaces (and the ingress gateway's). */
export function networkPolicies(spec: MeshServiceSpec): Manifest[] {
  const callerNamespaces = new Set([
    ...spec.callers.namespaces,
    ...spec.callers.serviceAccounts.map(account => account.split('/')[0]),
  ]);
  if (spec.exposure.mode === 'gateway' && spec.exposure.gateway) {
    callerNamespaces.add(spec.exposure.gateway.split('/')[0]);
  }
  const manifests: Manifest[] = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(spec, 'default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
  ];
  if (callerNamespaces.size > 0) {
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(spec, `${spec.name}-callers`),
      spec: {
        podSelector: { matchLabels: workloadSelector(spec) },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [...callerNamespaces].sort().map(namespaceSelector),
            ports: spec.ports.map(p => ({
              protocol: 'TCP',
              port: p.targetPort ?? p.port,
            })),
          },
        ],
      },
    });
  }
  return manifests;
}
