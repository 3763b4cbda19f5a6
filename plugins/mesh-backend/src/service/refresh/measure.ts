import type {
  GoldenPath,
  SloDefinition,
  SloStatus,
  SourceError,
} from '@meshpath/plugin-mesh-common';
import {
  presetDataplane,
  sloDefaultsFor,
  sloDefinitionsFor,
} from '../../slo/definitions';
import { sloDefinitionsFromOpenSlo } from '../../slo/openSlo';
import type { SloEngine, SloQueryCycle, SloTarget } from '../../slo/SloEngine';
import {
  prometheusNotConfigured,
  unmeasuredStatuses,
} from '../../slo/unmeasured';
import { sloDataplane, sloWorkload } from './serviceIdentity';
import { messageOf } from './settle';
import type { Collected } from './types';

/** SLO statuses per entity ref, and what kept an entity's SLOs from being read or measured. */
export interface SloMeasurements {
  statuses: Map<string, SloStatus[]>;
  errors: Map<string, SourceError[]>;
  queryCount: number;
}

/** An OpenSLO document in the entity's manifests folder, when it defines any SLO, wins over live PrometheusRules, which win over annotations and preset defaults. */
function sloDefinitionsOf(
  c: Collected,
  goldenPaths: Record<string, GoldenPath>,
): { slos: SloDefinition[]; errors: string[] } {
  const openSlo = sloDefinitionsFromOpenSlo(c.declared?.objects ?? []);
  if (openSlo.slos.length > 0) return openSlo;
  // Next what is deployed: the objectives Meshpath's PrometheusRules record live.
  if (c.liveSlos?.length) return { slos: c.liveSlos, errors: openSlo.errors };
  const annotated = sloDefinitionsFor(
    c.entity,
    sloDefaultsFor(c.entity, goldenPaths),
  );
  return {
    slos: annotated.slos,
    errors: [...openSlo.errors, ...annotated.errors],
  };
}

/** Measures the SLOs of a chunk of entities in one evaluation; a failure is the chunk's entities' error, not the cycle's. */
export async function measureSlos(
  collected: Collected[],
  options: {
    sloEngine?: SloEngine;
    goldenPaths: Record<string, GoldenPath>;
    /** Shared by the chunks of one cycle, so each fleet-wide query is sent once. */
    cycle?: SloQueryCycle;
  },
  now: Date,
): Promise<SloMeasurements> {
  const errors = new Map<string, SourceError[]>();
  const targets: SloTarget[] = [];
  for (const c of collected) {
    try {
      const { slos, errors: unreadable } = sloDefinitionsOf(
        c,
        options.goldenPaths,
      );
      errors.set(
        c.entityRef,
        unreadable.map(message => ({ source: 'slo', message })),
      );
      targets.push({
        key: c.entityRef,
        workload: sloWorkload(c),
        dataplane: sloDataplane(
          c,
          presetDataplane(c.entity, options.goldenPaths),
        ),
        slos,
      });
    } catch (error) {
      errors.set(c.entityRef, [
        { source: 'slo', message: `Reading SLOs failed: ${messageOf(error)}` },
      ]);
    }
  }
  // Declared SLOs are listed, unknown with the reason, whenever they cannot be measured.
  if (!options.sloEngine) {
    const reason = prometheusNotConfigured('SLOs');
    return {
      statuses: unmeasuredStatuses(targets, reason),
      errors,
      queryCount: 0,
    };
  }
  try {
    const { statuses, queryCount } = await options.sloEngine.evaluate(
      targets,
      now,
      options.cycle,
    );
    return { statuses, errors, queryCount };
  } catch (error) {
    const message = `SLO evaluation failed: ${messageOf(error)}`;
    for (const t of targets)
      errors.get(t.key)!.push({ source: 'prometheus', message });
    return {
      statuses: unmeasuredStatuses(targets, message),
      errors,
      queryCount: 0,
    };
  }
}
