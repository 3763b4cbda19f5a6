import { loadPackageFile } from './esmPackages';

describe('loadPackageFile', () => {
  it('loads an ESM-only validator of @kubernetes-models/istio', () => {
    const { validate } = loadPackageFile<{ validate: (o: unknown) => boolean }>(
      '@kubernetes-models/istio',
      '_schemas/NetworkingIstioIoV1VirtualService.js',
    );
    expect(
      validate({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'a' },
        spec: { hosts: ['a'] },
      }),
    ).toBe(true);
    expect(
      validate({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'a' },
        spec: { hosts: 'a' },
      }),
    ).toBe(false);
  });
});
