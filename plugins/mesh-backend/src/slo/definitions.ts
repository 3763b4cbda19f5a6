import type { Entity } from '@backstage/catalog-model';
import {
  burnRateAlertsCannotFire,
  DataplaneMode,
  GoldenPath,
  goldenPathNamed,
  ISTIO_DURATION_BUCKETS_MS,
  isIstioDurationBucket,
  MESH_ANNOTATIONS,
  SloDefinition,
} from '@meshpath/plugin-mesh-common';

/** Defaults used where an entity does not say; golden-path presets will supply them. */
export interface SloDefaults {
  availabilityTarget: number;
  windowDays: number;
  /** `undefined` means no latency SLO unless the entity declares one. */
  latency?: { target: number; thresholdMs: number };
}

/** Built-in defaults: 99.9% availability over 28 days, no latency SLO. */
const BUILT_IN_SLO_DEFAULTS: SloDefaults = {
  availabilityTarget: 99.9,
  windowDays: 28,
};

/** Defaults from the entity's golden-path preset (`meshpath.io/golden-path`), else the built-in ones. */
export function sloDefaultsFor(
  entity: Entity,
  goldenPaths: Record<string, GoldenPath>,
): SloDefaults {
  const preset = entity.metadata.annotations?.[MESH_ANNOTATIONS.goldenPath];
  const slo = preset
    ? goldenPathNamed(goldenPaths, preset)?.defaults.slo
    : undefined;
  if (!slo) return BUILT_IN_SLO_DEFAULTS;
  return {
    availabilityTarget:
      slo.availability ?? BUILT_IN_SLO_DEFAULTS.availabilityTarget,
    windowDays: slo.windowDays ?? BUILT_IN_SLO_DEFAULTS.windowDays,
    ...(slo.latencyThresholdMs && slo.latencyPercentile
      ? {
          latency: {
            target: slo.latencyPercentile,
            thresholdMs: slo.latencyThresholdMs,
          },
        }
      : {}),
  };
}

/** The dataplane the entity's golden-path preset puts it on, when it has one. */
export function presetDataplane(
  entity: Entity,
  goldenPaths: Record<string, GoldenPath>,
): DataplaneMode | undefined {
  const preset = entity.metadata.annotations?.[MESH_ANNOTATIONS.goldenPath];
  return preset
    ? goldenPathNamed(goldenPaths, preset)?.defaults.dataplane
    : undefined;
}

/** Why a latency threshold off the histogram's bucket edges is refused: it can only be measured at an edge. */
export function notABucketEdge(where: string, thresholdMs: number): string {
  return `${where}: latency threshold ${thresholdMs} ms is not a bucket edge of istio_request_duration_milliseconds (${ISTIO_DURATION_BUCKETS_MS.join(
    ', ',
  )} ms); Meshpath can only measure latency at an edge`;
}

function parseTarget(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 && value < 100 ? value : undefined;
}

/** The entity's SLOs from its annotations, and a message per annotation that could not be read. */
export function sloDefinitionsFor(
  entity: Entity,
  defaults: SloDefaults = BUILT_IN_SLO_DEFAULTS,
): { slos: SloDefinition[]; errors: string[] } {
  const annotations = entity.metadata.annotations ?? {};
  const errors: string[] = [];

  let windowDays = defaults.windowDays;
  const windowText = annotations[MESH_ANNOTATIONS.sloWindow];
  if (windowText !== undefined) {
    const match = /^(28|30)d$/.exec(windowText.trim());
    if (match) windowDays = Number(match[1]);
    else
      errors.push(
        `${MESH_ANNOTATIONS.sloWindow} must be 28d or 30d, got "${windowText}"`,
      );
  }

  let availabilityTarget = defaults.availabilityTarget;
  const availabilityText = annotations[MESH_ANNOTATIONS.sloAvailability];
  if (availabilityText !== undefined) {
    const target = parseTarget(availabilityText);
    if (target !== undefined) availabilityTarget = target;
    else
      errors.push(
        `${MESH_ANNOTATIONS.sloAvailability} must be a percentage between 0 and 100, got "${availabilityText}"`,
      );
  }

  const slos: SloDefinition[] = [
    { kind: 'availability', target: availabilityTarget, windowDays },
  ];

  let latency = defaults.latency;
  const latencyText = annotations[MESH_ANNOTATIONS.sloLatency];
  if (latencyText !== undefined) {
    const match = /^\s*([\d.]+)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(latencyText);
    const target = match ? parseTarget(match[1]) : undefined;
    if (match && target !== undefined) {
      const thresholdMs = Number(match[2]);
      if (isIstioDurationBucket(thresholdMs)) {
        latency = { target, thresholdMs };
      } else {
        errors.push(notABucketEdge(MESH_ANNOTATIONS.sloLatency, thresholdMs));
      }
    } else {
      errors.push(
        `${MESH_ANNOTATIONS.sloLatency} must be <percent>:<threshold ms>, for example 99:250, got "${latencyText}"`,
      );
    }
  }
  if (latency && !isIstioDurationBucket(latency.thresholdMs)) {
    errors.push(
      notABucketEdge(
        `golden-path preset "${annotations[MESH_ANNOTATIONS.goldenPath]}"`,
        latency.thresholdMs,
      ),
    );
    latency = undefined;
  }
  // Measured either way, but an SLO whose page can never fire is a mistake worth saying.
  for (const [where, target] of [
    [MESH_ANNOTATIONS.sloAvailability, availabilityTarget],
    [MESH_ANNOTATIONS.sloLatency, latency?.target],
  ] as const) {
    const reason =
      target === undefined
        ? undefined
        : burnRateAlertsCannotFire(target, windowDays);
    if (reason) errors.push(`${where}: ${reason}`);
  }
  if (latency) {
    slos.push({
      kind: 'latency',
      target: latency.target,
      windowDays,
      thresholdMs: latency.thresholdMs,
    });
  }
  return { slos, errors };
}
