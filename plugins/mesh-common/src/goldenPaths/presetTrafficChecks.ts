import { loadTesterProblem, retryBudgetProblem } from './trafficChecks';
import type { GoldenPath } from './types';

/**
 * What a preset's traffic and delivery defaults get wrong, each as
 * `field: reason`: a retry budget longer than its timeout, a strategy that
 * needs a load tester the platform does not have.
 * @public
 */
export function presetTrafficProblems(preset: GoldenPath): string[] {
  const { trafficPolicy, delivery, platform } = preset.defaults;
  return [
    retryBudgetProblem(trafficPolicy),
    loadTesterProblem(delivery?.strategy, platform?.loadTester),
  ].filter((problem): problem is string => problem !== undefined);
}
