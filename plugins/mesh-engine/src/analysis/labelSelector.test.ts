import {
  labelSelectorMatches,
  selectorMatches,
  selectsEverything,
} from './labelSelector';

describe('selectorMatches', () => {
  const labels = { app: 'reviews', version: 'v1' };

  it('selects when every key has the same value', () => {
    expect(selectorMatches({ app: 'reviews' }, labels)).toBe(true);
    expect(selectorMatches({ app: 'reviews', version: 'v1' }, labels)).toBe(
      true,
    );
  });

  it('does not select on a different value or a missing key', () => {
    expect(selectorMatches({ app: 'reviews', version: 'v2' }, labels)).toBe(
      false,
    );
    expect(selectorMatches({ tier: 'web' }, labels)).toBe(false);
    expect(selectorMatches({ app: 'reviews' }, undefined)).toBe(false);
  });

  it('compares YAML numbers and booleans as the strings Kubernetes stores', () => {
    expect(selectorMatches({ version: 2 }, { version: '2' })).toBe(true);
    expect(selectorMatches({ canary: true }, { canary: 'true' })).toBe(true);
  });

  it('selects everything with an empty or absent selector', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, {})).toBe(true);
  });

  it('does not treat inherited keys as labels', () => {
    expect(
      selectorMatches({ app: 'x' }, { ['__proto__' as string]: 'x' }),
    ).toBe(false);
  });
});

describe('labelSelectorMatches', () => {
  const labels = { app: 'reviews', tier: 'backend' };

  it('ANDs matchLabels and matchExpressions', () => {
    const selector = {
      matchLabels: { app: 'reviews' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['backend', 'db'] },
      ],
    };
    expect(labelSelectorMatches(selector, labels)).toBe(true);
    expect(
      labelSelectorMatches(selector, { app: 'reviews', tier: 'web' }),
    ).toBe(false);
  });

  it('supports NotIn, Exists and DoesNotExist', () => {
    const expression = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'tier', operator, values }],
    });
    expect(labelSelectorMatches(expression('NotIn', ['web']), labels)).toBe(
      true,
    );
    expect(labelSelectorMatches(expression('NotIn', ['backend']), labels)).toBe(
      false,
    );
    expect(labelSelectorMatches(expression('Exists'), labels)).toBe(true);
    expect(labelSelectorMatches(expression('DoesNotExist'), labels)).toBe(
      false,
    );
    expect(labelSelectorMatches(expression('DoesNotExist'), {})).toBe(true);
  });

  it('selects nothing with an unknown operator', () => {
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'tier', operator: 'Like' }] },
        labels,
      ),
    ).toBe(false);
  });

  it('knows a selector without requirements selects every pod', () => {
    expect(selectsEverything({})).toBe(true);
    expect(selectsEverything(undefined)).toBe(true);
    expect(selectsEverything({ matchLabels: {} })).toBe(true);
    expect(selectsEverything({ matchLabels: { app: 'x' } })).toBe(false);
    expect(
      selectsEverything({
        matchExpressions: [{ key: 'a', operator: 'Exists' }],
      }),
    ).toBe(false);
  });
});
