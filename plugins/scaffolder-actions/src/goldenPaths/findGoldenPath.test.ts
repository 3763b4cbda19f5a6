import { repositoryGoldenPaths } from '../__testUtils__/workspace';
import { findGoldenPath } from './findGoldenPath';

const goldenPaths = repositoryGoldenPaths();

describe('findGoldenPath', () => {
  it('finds a configured golden path', () => {
    expect(findGoldenPath(goldenPaths, 'tier-1').name).toBe('tier-1');
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'refuses %s as a golden path name with an InputError listing the real ones',
    name => {
      expect(() => findGoldenPath(goldenPaths, name)).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: `goldenPath: "${name}" is not a golden path; choose one of tier-1, tier-2, internal-tool`,
        }),
      );
    },
  );
});
