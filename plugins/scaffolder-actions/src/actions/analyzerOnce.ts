import type { Analyzer } from '@meshpath/mesh-engine';

/**
 * One analyzer per action, whatever factory it was given: compiling the
 * engine's schema validators is most of the cost of a call (10 ms warm, over
 * 300 ms with a fresh analyzer). A failed start is not kept.
 */
export function analyzerOnce(
  create: () => Promise<Analyzer>,
): () => Promise<Analyzer> {
  let analyzer: Promise<Analyzer> | undefined;
  return () => {
    if (!analyzer) {
      analyzer = create();
      analyzer.catch(() => (analyzer = undefined));
    }
    return analyzer;
  };
}
