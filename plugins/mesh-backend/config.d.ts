import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the Meshpath backend plugin. */
  mesh?: {
    /** Root namespace of the Istio control plane, where mesh-wide policy lives. Defaults to `istio-system`. */
    rootNamespace?: string;
    /**
     * Base URL of Meshpath's rule reference; each finding links to `<url>#<code>`
     * (for example `#mp1101`). Without it, findings link to the istioctl or
     * Kiali page of the same problem, when there is one.
     */
    rulesDocumentationUrl?: string;
    /** Where SLO telemetry comes from. Without it, SLOs are reported as unknown. */
    prometheus?: {
      /** Base URL of the Prometheus HTTP API holding Istio's telemetry, for example `http://prometheus.istio-system:9090`. */
      baseUrl: string;
    };
    /** Observed traffic: the callers Istio's telemetry in Prometheus saw for each service. */
    traffic?: {
      /** Hours of telemetry read on each refresh, a whole number from 1 to 720. Defaults to 24. */
      windowHours?: number;
    };
    /** Live cluster objects through the Kubernetes backend plugin. */
    kubernetes?: {
      /** Set to false to not ask the Kubernetes backend for live objects. Defaults to true. */
      enabled?: boolean;
    };
    /** How often the state of every service is refreshed. */
    refresh?: {
      /** Set to false on backends that only serve stored state and never refresh. Defaults to true. */
      enabled?: boolean;
      /**
       * When each cluster's task and the SLO task run, as Backstage's standard
       * schedule block (`frequency`, `timeout`, `initialDelay`, `scope` is
       * always global). Defaults to every 5 minutes, 15-minute timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Minutes between two refreshes, when `schedule` is not set. Defaults to 5. @deprecated Use `schedule.frequency`. */
      intervalMinutes?: number;
      /** Minutes after which a refresh is abandoned, when `schedule` is not set. Defaults to 15. @deprecated Use `schedule.timeout`. */
      timeoutMinutes?: number;
      /** Limits of `POST /entities/…/refresh`, kept in the database so every replica shares them. */
      onDemand?: {
        /** Seconds between two on-demand refreshes of one entity, whoever asks. Defaults to 60. */
        entityIntervalSeconds?: number;
        /** On-demand refreshes one user or service may ask for per window. Defaults to 10. */
        callerLimit?: number;
        /** Length of a caller's window, in minutes. Defaults to 10. */
        callerWindowMinutes?: number;
      };
    };
    /**
     * Clusters served from exports of their objects (what `kubectl get … -A -o yaml`
     * writes; `List` documents are unwrapped) instead of through the Kubernetes
     * backend: air-gapped audits, exports from CI, the embedded default. Each is
     * read once per refresh as the whole live state of the named cluster, and
     * takes the place of a Kubernetes backend cluster of the same name. Only
     * objects of kinds the engine reads are kept.
     */
    clusterSnapshots?: Array<{
      /** The cluster's name, as the portal shows it; unique among the snapshots. */
      name: string;
      /**
       * A folder (its `.yaml`/`.yml` files, subfolders included) or a single file on
       * disk, relative to the backend's working directory. Reads stay below it:
       * symbolic links that leave it are not followed. Give either `path` or `url`.
       */
      path?: string;
      /**
       * A URL read through the backend's URL reader (its integrations and
       * `backend.reading.allow` apply): a `.yaml`, `.yml` or `.json` file, or a
       * repository folder. Give either `path` or `url`.
       */
      url?: string;
      /** Most files read; the rest are reported and skipped. Defaults to 1000. */
      maxFiles?: number;
      /** Largest file read, in bytes; larger ones are reported and skipped. Defaults to 67108864 (64 MiB). */
      maxFileBytes?: number;
      /** Most bytes read in all; the rest are reported and skipped. Defaults to 268435456 (256 MiB). */
      maxTotalBytes?: number;
      /** Seconds after which reading a URL is abandoned and reported. Defaults to 120. */
      readTimeoutSeconds?: number;
    }>;
    /**
     * Reading the manifests folder an entity names in `meshpath.io/manifests`.
     * The folder is resolved inside the folder of the catalog file the entity
     * came from (`backstage.io/managed-by-location`); absolute paths, `..` and
     * URLs are refused.
     */
    declaredManifests?: {
      /**
       * Directories below which entities registered from `file:` locations may
       * have their manifests read from disk (relative paths are resolved against
       * the backend's working directory). Without any, `file:` locations are not
       * read. Repository (`url:`) locations do not need this.
       */
      allowedDirectories?: string[];
      /** Most manifest files read per entity; the rest are reported and skipped. Defaults to 200. */
      maxFiles?: number;
      /** Largest manifest file read, in bytes; larger ones are reported and skipped. Defaults to 1048576 (1 MiB). */
      maxFileBytes?: number;
      /** Most bytes of manifests read per entity; the rest are reported and skipped. Defaults to 10485760 (10 MiB). */
      maxTotalBytes?: number;
      /** Seconds after which reading a repository folder is abandoned and reported. Defaults to 60. */
      readTimeoutSeconds?: number;
    };
    /** The waiver workflow (who may request and approve is the permission policy's call). */
    waivers?: {
      /**
       * Longest a waiver may last, in whole days from its request; longer requests are refused. Defaults to 90.
       * Shown to the waiver dialog so it offers no expiry the backend would refuse.
       * @visibility frontend
       */
      maxExpiryDays?: number;
      /** Set to true to let the person who requested a waiver also approve it (local demos). Defaults to false. */
      allowSelfApproval?: boolean;
    };
    /**
     * Maturity levels, lowest first (for example bronze, silver, gold). A service
     * reaches a level when it meets that level's requirements and every lower
     * level's; the fleet page and the entity state show the level and what the
     * next one lacks. No levels when absent.
     */
    maturityLevels?: Array<{
      /**
       * Short id: lowercase letters, digits and dashes, for example `gold`.
       * @visibility frontend
       */
      name: string;
      /**
       * Shown to people; the name when absent.
       * @visibility frontend
       */
      title?: string;
      /** What a service needs; every requirement given must hold. */
      requires?: {
        /** Controls with no unwaived failing check (and at least one check). */
        controls?: Array<{
          /** SOC2, PCI-DSS-4.0, HIPAA, ISO-27001-2022, GDPR or NIST-800-204. */
          framework: string;
          /** The framework's own identifier, for example `CC6.1`. */
          control: string;
        }>;
        /** The lowest compliance score per framework. */
        minScores?: Array<{
          /** SOC2, PCI-DSS-4.0, HIPAA, ISO-27001-2022, GDPR or NIST-800-204. */
          framework: string;
          /** Share of checks passed or waived, 0 to 1. */
          score: number;
        }>;
        /** Rule codes with no unwaived finding, for example `MP2006`. */
        noFindingCodes?: string[];
        /** Severities (error, warning, info) with no unwaived finding. */
        noFindingSeverities?: string[];
        /** At least one SLO declared. */
        sloDeclared?: boolean;
        /** mTLS STRICT on every port of every workload. */
        mtlsStrict?: boolean;
      };
    }>;
    /** History of SLO values, budgets and compliance scores. */
    history?: {
      /** Days of history kept. Defaults to 90. */
      retentionDays?: number;
    };
  };
}
