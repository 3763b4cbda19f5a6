import { ConfigReader } from '@backstage/config';
import { goldenPathNamed } from './goldenPathNamed';
import { weakens } from './lockable';
import { readGoldenPaths } from './readGoldenPaths';

const goldenPaths = readGoldenPaths(
  new ConfigReader({
    mesh: {
      goldenPaths: { 'tier-1': { defaults: { slo: { availability: 99.9 } } } },
    },
  }),
);

describe('goldenPathNamed', () => {
  it('finds a configured golden path', () => {
    expect(goldenPathNamed(goldenPaths, 'tier-1')?.defaults.slo).toEqual({
      availability: 99.9,
    });
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'tier-0'])(
    'has no golden path named %s',
    name => {
      expect(goldenPathNamed(goldenPaths, name)).toBeUndefined();
    },
  );
});

describe('readGoldenPaths', () => {
  it.each(['toString', 'constructor', '__proto__'])(
    'refuses to lock %s, which is not a lockable field',
    field => {
      expect(() =>
        readGoldenPaths(
          new ConfigReader({
            mesh: { goldenPaths: { 'tier-1': { locked: [field] } } },
          }),
        ),
      ).toThrow(`mesh.goldenPaths.tier-1.locked: ${field} cannot be locked`);
    },
  );
});

describe('weakens', () => {
  it('compares a field that is not lockable by equality, not through an inherited member', () => {
    expect(weakens('toString', '3s', '3s')).toBe(false);
    expect(weakens('toString', '3s', '4s')).toBe(true);
  });
});
