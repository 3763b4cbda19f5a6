import {
  differingFields,
  pathStep,
  quantityValue,
  sameScalar,
  valueText,
} from './driftFields';

describe('quantityValue', () => {
  it.each([
    ['500m', 0.5],
    ['0.5', 0.5],
    ['1Gi', 2 ** 30],
    ['1024Mi', 2 ** 30],
    ['1k', 1000],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('reads %s as %d', (text, value) => {
    expect(quantityValue(text)).toBeCloseTo(value);
  });

  it.each(['5s', '1.2.3', '', 'Gi', '1 Gi'])('refuses %j', text => {
    expect(quantityValue(text)).toBeUndefined();
  });
});

describe('sameScalar', () => {
  it.each([
    [0.5, '500m'],
    ['1024Mi', '1Gi'],
    ['80', 80],
    [true, 'true'],
    ['5s', '5s'],
  ])('takes %j and %j as the same', (a, b) => {
    expect(sameScalar(a, b)).toBe(true);
  });

  it.each([
    ['1.10', '1.1'],
    ['5s', '30s'],
    ['80', 81],
    ['STRICT', 'PERMISSIVE'],
    [1, null],
  ])('tells %j from %j', (a, b) => {
    expect(sameScalar(a, b)).toBe(false);
  });
});

describe('pathStep and valueText', () => {
  it('quotes keys that are not plain names and cuts long ones', () => {
    expect(pathStep('timeout')).toBe('.timeout');
    expect(pathStep('app.kubernetes.io/name')).toBe(
      '["app.kubernetes.io/name"]',
    );
    expect(pathStep('k'.repeat(500)).length).toBeLessThan(110);
  });

  it('never returns a whole large value', () => {
    expect(valueText({ big: 'x'.repeat(10_000) }).length).toBe(201);
  });
});

describe('differingFields', () => {
  it('takes empty and null declared values as absent', () => {
    expect(
      differingFields({ selector: null, ports: [], tls: {} }, {}, 'spec', {
        mode: 'exact',
      }),
    ).toEqual([]);
  });

  it('matches named list items by name, so a reorder is no drift but a new item is', () => {
    const declared = [
      { name: 'a', v: 1 },
      { name: 'b', v: 2 },
    ];
    expect(
      differingFields(declared, [declared[1], declared[0]], 'l', {
        mode: 'subset',
      }),
    ).toEqual([]);
    expect(
      differingFields(declared, [...declared, { name: 'c' }], 'l', {
        mode: 'subset',
      }),
    ).toEqual([{ path: 'l[2]', live: '{"name":"c"}' }]);
  });

  it('reports a declared field missing live', () => {
    expect(
      differingFields({ timeout: '5s' }, {}, 'spec', { mode: 'subset' }),
    ).toEqual([{ path: 'spec.timeout', declared: '"5s"' }]);
  });

  it('keeps order in exact mode: Istio matches routes in turn', () => {
    const routes = [{ name: 'a' }, { name: 'b' }];
    expect(
      differingFields(routes, [routes[1], routes[0]], 'spec.http', {
        mode: 'exact',
      }).map(f => f.path),
    ).toEqual(['spec.http[0].name', 'spec.http[1].name']);
  });

  it('compares past a deep nesting as a whole, without recursing further', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { n: deep };
    const fields = differingFields(deep, {}, 'spec', { mode: 'subset' });
    expect(fields).toHaveLength(1);
    for (let i = 0; i < 200_000; i++) deep = { n: deep };
    expect(
      differingFields(deep, deep, 'spec', { mode: 'subset' }),
    ).toHaveLength(1);
  });
});
