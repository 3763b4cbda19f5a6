export interface Config {
  mesh?: {
    /**
     * How SLOs are measured and alerted on: the generated PrometheusRules and
     * Flagger MetricTemplates and the backend's queries all follow it.
     */
    slo?: {
      /**
       * gRPC codes that count as failed requests, by name. Defaults to the
       * server faults (those google.rpc.Code maps to HTTP 5xx): UNKNOWN,
       * DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS.
       */
      grpcFailureCodes?: string[];
      /** The `severity` label of burn-rate alerts, as Alertmanager routes on it. */
      alertSeverities?: {
        /** Page alerts (fast burn). Defaults to kube-prometheus' `critical`. */
        page?: string;
        /** Ticket alerts (slow burn). Defaults to kube-prometheus' `warning`. */
        ticket?: string;
      };
      /** Prometheus address Flagger's MetricTemplates query. Defaults to `http://prometheus.istio-system:9090`. */
      flaggerPrometheusUrl?: string;
    };
    /**
     * The platform the generated manifests land on. Every golden path uses it;
     * a preset's `defaults.platform` may override a key.
     */
    platform?: {
      /** SPIFFE trust domain of the mesh (default `cluster.local`). */
      trustDomain?: string;
      /** Namespace of the Prometheus that scrapes sidecars on 15020/15090 (default `monitoring`). */
      monitoringNamespace?: string;
      /** Namespace of the ingress gateway pods, not of the Gateway resource (default `istio-ingress`). */
      ingressNamespace?: string;
      /** Pod labels of the ingress gateway, for the Gateway written with a TLS credential (default `istio: ingressgateway`). */
      ingressSelector?: { [label: string]: string };
      /** Flagger's load tester, which drives blue/green and A/B canaries. */
      loadTester?: {
        /** False when the cluster has none: presets with blue-green or ab-testing are then refused. */
        enabled?: boolean;
        /** Its namespace, admitted to the service (default `flagger-system`). */
        namespace?: string;
        /** Its URL (default `http://flagger-loadtester.<namespace>/`). */
        url?: string;
      };
      /** Namespaces the actions refuse; a trailing `*` matches a prefix (default istio-system, kube-*, default). */
      refusedNamespaces?: string[];
    };
    /**
     * Golden paths curated by the platform team, by name (for example `tier-1`).
     * Onboarding templates offer them; the scaffolder actions apply their
     * defaults, refuse input that weakens a locked field, and validate with
     * their rule policy.
     * @visibility frontend
     */
    goldenPaths?: {
      [preset: string]: {
        /**
         * One line shown in the template form.
         * @visibility frontend
         */
        description?: string;
        /**
         * Fields a template user may not weaken, as dotted paths: dataplane,
         * istioApiVersion, trafficPolicy.timeout, trafficPolicy.retries.attempts,
         * trafficPolicy.retries.perTryTimeout, trafficPolicy.connectionPool.maxConnections,
         * trafficPolicy.outlierDetection.consecutive5xxErrors, delivery.strategy,
         * exposure.jwt, slo.availability, slo.latencyPercentile, slo.latencyThresholdMs.
         * @visibility frontend
         */
        locked?: string[];
        /** Defaults for every field of the service description. */
        defaults?: {
          /** `sidecar` (istio-injection label) or `ambient` (istio.io/dataplane-mode). */
          dataplane?: 'sidecar' | 'ambient';
          /** Istio API version of the generated objects. */
          istioApiVersion?: 'v1' | 'v1beta1';
          /** Versions (values of the `version` label) the service runs. */
          versions?: string[];
          /** Who may call the service. */
          callers?: {
            /** Service accounts, as namespace/name. */
            serviceAccounts?: string[];
            /** Namespaces whose workloads may call. */
            namespaces?: string[];
          };
          /** How the service is reached from outside the mesh. */
          exposure?: {
            /** `mesh-internal` or `gateway`. */
            mode?: 'mesh-internal' | 'gateway';
            /** The ingress Gateway, as namespace/name. */
            gateway?: string;
            /** Name of the TLS secret for the exposed hosts. */
            tlsCredential?: string;
            /** JWT the ingress requires. */
            jwt?: {
              /** Token issuer. */
              issuer: string;
              /** HTTPS URL of the issuer's JWKS. */
              jwksUri: string;
            };
          };
          /** Resilience settings of every route. */
          trafficPolicy?: {
            /** Request timeout, for example `3s`. */
            timeout?: string;
            /** Retry policy. */
            retries?: {
              /** Most attempts. */
              attempts?: number;
              /** Timeout of each attempt, for example `1s`. */
              perTryTimeout?: string;
            };
            /** Connection-pool limits. */
            connectionPool?: {
              /** Most TCP connections to the service. */
              maxConnections?: number;
              /** Most pending HTTP requests. */
              http1MaxPendingRequests?: number;
            };
            /** Ejection of failing endpoints. */
            outlierDetection?: {
              /** Consecutive 5xx errors before ejection. */
              consecutive5xxErrors?: number;
              /** Time between ejection sweeps, for example `10s`. */
              interval?: string;
              /** Minimum ejection time, for example `30s`. */
              baseEjectionTime?: string;
            };
          };
          /** How new versions reach users. */
          delivery?: {
            /** `canary`, `blue-green`, `ab-testing` (Flagger) or `none`. */
            strategy?: 'canary' | 'blue-green' | 'ab-testing' | 'none';
            /** Header that selects the new version in A/B testing. */
            abHeader?: string;
            /** Canary traffic step, percent. */
            stepWeight?: number;
            /** Highest canary traffic, percent. */
            maxWeight?: number;
          };
          /** Overrides of `mesh.platform` for this preset (same keys). */
          platform?: {
            /** SPIFFE trust domain. */
            trustDomain?: string;
            /** Namespace of Prometheus. */
            monitoringNamespace?: string;
            /** Namespace of the ingress gateway pods. */
            ingressNamespace?: string;
            /** Pod labels of the ingress gateway. */
            ingressSelector?: { [label: string]: string };
            /** Flagger's load tester. */
            loadTester?: {
              enabled?: boolean;
              namespace?: string;
              url?: string;
            };
            /** Namespaces refused; a trailing `*` matches a prefix. */
            refusedNamespaces?: string[];
          };
          /** Service level objectives. */
          slo?: {
            /** Availability target, percent. */
            availability?: number;
            /** Latency threshold in ms (an Istio histogram bucket edge). */
            latencyThresholdMs?: number;
            /** Percent of requests under the threshold. */
            latencyPercentile?: number;
            /** Error-budget window in days: 28 or 30. */
            windowDays?: 28 | 30;
          };
        };
        /** Which analysis rules apply, and their severities. */
        rules?: {
          /** Rule codes not evaluated. */
          disabled?: string[];
          /** Severity by rule code: error, warning or info. */
          severities?: { [code: string]: 'error' | 'warning' | 'info' };
        };
      };
    };
  };
}
