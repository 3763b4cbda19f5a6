import { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshAnalyzer } from './RefreshService';

/**
 * The analysis engine from `@meshpath/plugin-mesh-node`, when that package
 * exports `createAnalyzer`; undefined (compliance not evaluated) until then.
 */
export async function loadAnalyzer(
  logger: LoggerService,
): Promise<MeshAnalyzer | undefined> {
  try {
    // Looked up at runtime: the engine is being written alongside this plugin.
    const engine = require('@meshpath/plugin-mesh-node') as {
      createAnalyzer?: () => Promise<MeshAnalyzer>;
    };
    if (typeof engine.createAnalyzer === 'function') {
      return await engine.createAnalyzer();
    }
    logger.warn(
      '@meshpath/plugin-mesh-node has no createAnalyzer; compliance is not evaluated',
    );
  } catch (error) {
    logger.warn(`The analysis engine could not be loaded: ${error}`);
  }
  return undefined;
}
