export interface Config {
  /** Configuration of the Meshpath backend plugin. */
  mesh?: {
    /** Root namespace of the Istio control plane, where mesh-wide policy lives. Defaults to `istio-system`. */
    rootNamespace?: string;
    /** Where SLO telemetry comes from. Without it, SLOs are reported as unknown. */
    prometheus?: {
      /** Base URL of the Prometheus HTTP API holding Istio's telemetry, for example `http://prometheus.istio-system:9090`. */
      baseUrl: string;
    };
    /** Live cluster objects through the Kubernetes backend plugin. */
    kubernetes?: {
      /** Set to false to not ask the Kubernetes backend for live objects. Defaults to true. */
      enabled?: boolean;
      /**
       * Catalog entity (for example `resource:default/istio-mesh`) whose annotations
       * `backstage.io/kubernetes-namespace: <root namespace>` and
       * `backstage.io/kubernetes-label-selector: '!meshpath.io/none'` make the Kubernetes
       * backend return the root namespace's mesh-wide policies.
       */
      meshWideEntityRef?: string;
      /**
       * Catalog entity (for example `resource:default/cluster-namespaces`) with no
       * `backstage.io/kubernetes-namespace` annotation and the label selector
       * `'!meshpath.io/none'`, through which the Kubernetes backend lists every
       * Namespace (injection and ambient labels).
       */
      namespacesEntityRef?: string;
    };
    /** How often the state of every service is refreshed. */
    refresh?: {
      /** Set to false on backends that only serve stored state and never refresh. Defaults to true. */
      enabled?: boolean;
      /** Minutes between two refreshes of the whole catalog. Defaults to 5. */
      intervalMinutes?: number;
      /** Minutes after which a refresh is abandoned. Defaults to 15. */
      timeoutMinutes?: number;
    };
    /** History of SLO values, budgets and compliance scores. */
    history?: {
      /** Days of history kept. Defaults to 90. */
      retentionDays?: number;
    };
  };
}
