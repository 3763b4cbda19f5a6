/**
 * @jest-environment node
 */
/* eslint-disable no-restricted-imports, @backstage/no-undeclared-imports -- runs the build-time generator in node against the backend's spec file */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { MeshBackendClient, meshOperations } from './MeshBackendClient';

const specPath = join(
  __dirname,
  '../../../../mesh-backend/src/schema/openapi.yaml',
);

describe('MeshBackendClient', () => {
  it('is what the generator writes from the backend spec today (run `npm run generate:client` after editing the spec)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { render } = require('../../../scripts/generate-client.js');
    expect(await render()).toBe(
      readFileSync(join(__dirname, 'MeshBackendClient.ts'), 'utf8'),
    );
  });

  it('has one operation per route of the spec, with its method, path and query parameters', () => {
    const spec = parse(readFileSync(specPath, 'utf8'));
    const routes = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
      Object.entries<any>(item).map(([method, operation]) => [
        operation.operationId,
        { method: method.toUpperCase(), path },
      ]),
    );
    expect(
      Object.fromEntries(
        Object.entries(meshOperations).map(([id, op]) => [
          id,
          { method: op.method, path: op.path },
        ]),
      ),
    ).toEqual(Object.fromEntries(routes));
  });

  it('encodes path values and repeats list parameters', () => {
    expect(
      MeshBackendClient.pathOf('GetEntityState', {
        path: { kind: 'component', namespace: 'default', name: 'a/../b' },
      }),
    ).toBe('/entities/component/default/a%2F..%2Fb/state');
    expect(
      MeshBackendClient.pathOf('GetFleet', {
        query: {
          owner: ['group:default/a', 'group:default/b'],
          status: 'critical',
          namespace: '',
          limit: 25,
        },
      }),
    ).toBe(
      '/fleet?owner=group%3Adefault%2Fa&owner=group%3Adefault%2Fb&status=critical&limit=25',
    );
  });
});
