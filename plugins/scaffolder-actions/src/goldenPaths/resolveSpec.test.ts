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
