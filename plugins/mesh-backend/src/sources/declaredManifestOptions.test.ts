import { ConfigReader } from '@backstage/config';
import { readDeclaredManifestOptions } from './declaredManifestOptions';

describe('readDeclaredManifestOptions', () => {
  it('reads nothing from disk and keeps the default limits without configuration', () => {
    expect(readDeclaredManifestOptions(new ConfigReader({}))).toEqual({
      allowedDirectories: [],
      maxFiles: 200,
      maxFileBytes: 1048576,
      maxTotalBytes: 10485760,
      timeoutMs: 60000,
    });
  });

  it('takes directories and limits from mesh.declaredManifests', () => {
    const options = readDeclaredManifestOptions(
      new ConfigReader({
        mesh: {
          declaredManifests: {
            allowedDirectories: ['../../examples'],
            maxFiles: 10,
            maxFileBytes: 2048,
            maxTotalBytes: 4096,
            readTimeoutSeconds: 5,
          },
        },
      }),
    );
    expect(options).toEqual({
      allowedDirectories: ['../../examples'],
      maxFiles: 10,
      maxFileBytes: 2048,
      maxTotalBytes: 4096,
      timeoutMs: 5000,
    });
  });

  it.each(['maxFiles', 'maxFileBytes', 'maxTotalBytes', 'readTimeoutSeconds'])(
    'refuses a %s that is not positive',
    key => {
      expect(() =>
        readDeclaredManifestOptions(
          new ConfigReader({ mesh: { declaredManifests: { [key]: 0 } } }),
        ),
      ).toThrow(`mesh.declaredManifests.${key} must be a positive number`);
    },
  );
});
