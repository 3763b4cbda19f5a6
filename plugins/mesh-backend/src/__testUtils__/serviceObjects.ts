import type { KubernetesObject } from '@meshpath/plugin-mesh-common';

/** A Kubernetes object with only what a test world needs. */
export const kubeObject = (
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  extra: { labels?: Record<string, string>; spec?: any; status?: any } = {},
): KubernetesObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    ...(namespace ? { namespace } : {}),
    ...(extra.labels ? { labels: extra.labels } : {}),
  },
  ...(extra.spec ? { spec: extra.spec } : {}),
  ...(extra.status ? { status: extra.status } : {}),
});

/** A service's Service, Deployment and ServiceAccount, labelled for it (`backstage.io/kubernetes-id`). */
export function serviceObjects(
  name: string,
  namespace: string,
  options: { servicePort?: number } = {},
): KubernetesObject[] {
  const labels = { 'backstage.io/kubernetes-id': name, app: name };
  return [
    kubeObject('v1', 'Service', namespace, name, {
      labels,
      spec: {
        selector: { app: name },
        ports: [
          {
            name: 'http',
            port: options.servicePort ?? 8080,
            targetPort: 8080,
          },
        ],
      },
    }),
    kubeObject('apps/v1', 'Deployment', namespace, name, {
      labels,
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            serviceAccountName: name,
            containers: [
              { name, image: 'x', ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
    }),
    kubeObject('v1', 'ServiceAccount', namespace, name),
  ];
}

/** A catalog Component for a service, found in clusters by `backstage.io/kubernetes-id: <name>`. */
export function serviceComponent(
  name: string,
  options: { annotations?: Record<string, string>; system?: string } = {},
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        ...options.annotations,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
      ...(options.system ? { system: options.system } : {}),
    },
  };
}
