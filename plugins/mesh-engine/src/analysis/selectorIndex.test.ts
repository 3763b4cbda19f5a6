import fc from 'fast-check';
import { selectorMatches } from './labelSelector';
import { SelectorIndex } from './selectorIndex';

const key = fc.constantFrom('app', 'version', 'tier', '__proto__', 'a=b');
const value = fc.constantFrom('x', 'y', '1', 'b=c', '');
const labels = fc.dictionary(key, value, { maxKeys: 4 });
const selector = fc.dictionary(
  key,
  fc.oneof(value, fc.constant(1 as unknown), fc.constant(true as unknown)),
  { maxKeys: 3 },
);
const namespace = fc.constantFrom('team-a', 'team-b');

describe('SelectorIndex', () => {
  it('finds exactly what testing every selector finds, in the order added', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(namespace, selector), { maxLength: 12 }),
        namespace,
        labels,
        (items, where, workloadLabels) => {
          const index = new SelectorIndex<number>();
          items.forEach(([ns, s], i) => index.add(ns, i, s));
          const expected = items
            .map(([ns, s], i) => ({ ns, s, i }))
            .filter(
              ({ ns, s }) => ns === where && selectorMatches(s, workloadLabels),
            )
            .map(({ i }) => i);
          expect(index.matching(where, workloadLabels)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps a selector to its namespace', () => {
    const index = new SelectorIndex<string>();
    index.add('team-a', 'policy', { app: 'web' });
    expect(index.matching('team-a', { app: 'web', version: 'v1' })).toEqual([
      'policy',
    ]);
    expect(index.matching('team-b', { app: 'web' })).toEqual([]);
    expect(index.matching('team-a', { app: 'api' })).toEqual([]);
  });
});
