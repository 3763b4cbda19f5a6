import { GoldenPath } from '@meshpath/plugin-mesh-common';
import { resolveSpec } from './resolveSpec';

// A preset that locks exposure.jwt without one: a template user may not add a JWT issuer.
const noJwt: GoldenPath = {
  name: 'no-jwt',
  defaults: { exposure: { mode: 'gateway' } },
  locked: ['exposure.jwt'],
  rules: {},
};

// As template parameters arrive: parsed JSON, where `__proto__` is an own key.
const request = (json: string) => JSON.parse(json);

describe('resolveSpec', () => {
  it.each([
    [
      '{"name":"a","exposure":{"__proto__":{"jwt":{"issuer":"https://evil.example/"}}}}',
      'exposure.__proto__ is not a parameter',
    ],
    [
      '{"name":"a","__proto__":{"exposure":{"jwt":{"issuer":"https://evil.example/"}}}}',
      '__proto__ is not a parameter',
    ],
    ['{"name":"a","constructor":{"x":1}}', 'constructor is not a parameter'],
  ])('refuses %s, which would slip past the locks', (json, message) => {
    expect(() => resolveSpec(request(json), noJwt)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('still refuses a JWT the preset locks out, and merges the rest', () => {
    expect(() =>
      resolveSpec(
        request('{"exposure":{"jwt":{"issuer":"https://evil.example/"}}}'),
        noJwt,
      ),
    ).toThrow('golden path no-jwt locks exposure.jwt');
    const spec = resolveSpec(request('{"name":"a"}'), noJwt);
    expect(spec.exposure).toEqual({ mode: 'gateway' });
    expect(Object.getPrototypeOf(spec.exposure)).toBe(Object.prototype);
  });
});

describe('resolveSpec locks against the ways round them', () => {
  // A preset as a platform team writes it: a canary, internal only, two callers, a 3 s timeout.
  const strict: GoldenPath = {
    name: 'strict',
    defaults: {
      delivery: { strategy: 'canary' },
      exposure: { mode: 'mesh-internal' },
      callers: { serviceAccounts: ['shop/cart', 'shop/checkout'] },
      trafficPolicy: { timeout: '3s' },
    },
    locked: [
      'delivery.strategy',
      'exposure.mode',
      'callers.serviceAccounts',
      'trafficPolicy.timeout',
    ],
    rules: {},
  };
  const refusal = (json: string) => {
    try {
      resolveSpec(request(json), strict);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it.each([
    [
      'a canary that steps 100 % at once',
      '{"delivery":{"stepWeight":100}}',
      'locks delivery.stepWeight (with delivery.strategy): it must be at most 10, got 100',
    ],
    [
      'a canary that ends at 100 %',
      '{"delivery":{"maxWeight":100}}',
      'locks delivery.maxWeight (with delivery.strategy): it must be at most 50, got 100',
    ],
    [
      'another strategy',
      '{"delivery":{"strategy":"none"}}',
      'locks delivery.strategy: it must be exactly "canary", got "none"',
    ],
    [
      'exposure through a gateway',
      '{"exposure":{"mode":"gateway"}}',
      'locks exposure.mode: it must be exactly "mesh-internal", got "gateway"',
    ],
    [
      'a caller the preset does not name',
      '{"callers":{"serviceAccounts":["shop/cart","attacker/sa"]}}',
      'locks callers.serviceAccounts: it must be only from ["shop/cart","shop/checkout"]',
    ],
    [
      'a zero timeout, which Istio reads as none',
      '{"trafficPolicy":{"timeout":"0s"}}',
      'locks trafficPolicy.timeout: it must be at most "3s", got "0s"',
    ],
    [
      'a locked field dropped with its parent',
      '{"trafficPolicy":null}',
      'locks trafficPolicy.timeout: it must be at most "3s", got null',
    ],
  ])('refuses %s', (_, json, message) => {
    expect(refusal(json)).toContain(message);
  });

  it.each([
    ['a slower canary', '{"delivery":{"stepWeight":5,"maxWeight":30}}'],
    ['fewer callers', '{"callers":{"serviceAccounts":["shop/cart"]}}'],
    ['a shorter timeout', '{"trafficPolicy":{"timeout":"500ms"}}'],
    ['nothing', '{}'],
  ])('accepts %s', (_, json) => {
    expect(refusal(json)).toBe('accepted');
  });

  it('holds a canary to the weights the preset sets', () => {
    const slow: GoldenPath = {
      ...strict,
      defaults: { delivery: { strategy: 'canary', stepWeight: 5 } },
    };
    expect(() =>
      resolveSpec(request('{"delivery":{"stepWeight":10}}'), slow),
    ).toThrow('it must be at most 5, got 10');
  });
});
