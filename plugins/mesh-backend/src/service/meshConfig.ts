import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  GoldenPath,
  MaturityLevel,
  MeshPlatform,
  readGoldenPaths,
  readMeshPlatform,
} from '@meshpath/plugin-mesh-common';
import {
  DeclaredManifestOptions,
  readDeclaredManifestOptions,
} from '../sources/declaredManifestOptions';
import {
  OnDemandRefreshLimits,
  readOnDemandRefreshLimits,
} from './onDemandRefresh';
import { readMaturityLevels } from './maturityLevels';
import { readWaiverRules, WaiverRules } from './waivers';

/** Everything the mesh backend reads from `mesh.*`, read once at startup. */
export interface MeshConfig {
  rootNamespace: string;
  prometheusBaseUrl?: string;
  kubernetes: { enabled: boolean };
  refresh: {
    enabled: boolean;
    /** Schedule of each cluster's task and of the SLO task. */
    schedule: SchedulerServiceTaskScheduleDefinition;
    onDemand: OnDemandRefreshLimits;
  };
  historyRetentionDays: number;
  rulesDocumentationUrl?: string;
  declaredManifests: DeclaredManifestOptions;
  waivers: WaiverRules;
  goldenPaths: Record<string, GoldenPath>;
  /** `mesh.maturityLevels`, lowest first. */
  maturityLevels: MaturityLevel[];
  /** `mesh.platform`: where Prometheus, the gateway pods and the load tester run, the trust domain. */
  platform: MeshPlatform;
}

/** The refresh schedule: `mesh.refresh.schedule`, else the older `intervalMinutes`/`timeoutMinutes`. */
function readSchedule(
  refresh: Config | undefined,
): SchedulerServiceTaskScheduleDefinition {
  if (refresh?.has('schedule'))
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      refresh.getConfig('schedule'),
    );
  return {
    frequency: { minutes: refresh?.getOptionalNumber('intervalMinutes') ?? 5 },
    timeout: { minutes: refresh?.getOptionalNumber('timeoutMinutes') ?? 15 },
    initialDelay: { seconds: 15 },
  };
}

/** Reads `mesh.*` into one typed object; invalid values throw at startup, naming the key. */
export function readMeshConfig(config: Config): MeshConfig {
  const mesh = config.getOptionalConfig('mesh');
  const refresh = mesh?.getOptionalConfig('refresh');
  const rulesDocumentationUrl = mesh?.getOptionalString(
    'rulesDocumentationUrl',
  );
  if (rulesDocumentationUrl && !/^https?:\/\//.test(rulesDocumentationUrl))
    throw new Error('mesh.rulesDocumentationUrl must be an http(s) URL');
  return {
    rootNamespace: mesh?.getOptionalString('rootNamespace') ?? 'istio-system',
    prometheusBaseUrl: mesh?.getOptionalString('prometheus.baseUrl'),
    kubernetes: {
      enabled: mesh?.getOptionalBoolean('kubernetes.enabled') ?? true,
    },
    refresh: {
      enabled: refresh?.getOptionalBoolean('enabled') ?? true,
      schedule: readSchedule(refresh),
      onDemand: readOnDemandRefreshLimits(config),
    },
    historyRetentionDays:
      mesh?.getOptionalNumber('history.retentionDays') ?? 90,
    ...(rulesDocumentationUrl ? { rulesDocumentationUrl } : {}),
    declaredManifests: readDeclaredManifestOptions(config),
    waivers: readWaiverRules(config),
    goldenPaths: readGoldenPaths(config),
    maturityLevels: readMaturityLevels(config),
    platform: readMeshPlatform(config),
  };
}
