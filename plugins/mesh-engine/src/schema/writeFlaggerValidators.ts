/*
 * Writes src/schema/flaggerValidators.generated.ts from schemas/flagger-crd.yaml:
 * `npm run generate:flagger-validators` after the CRD is updated.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { flaggerValidatorsModule } from './flaggerValidatorsModule';

const inPackage = (path: string) =>
  resolvePackagePath('@meshpath/mesh-engine', path);

writeFileSync(
  inPackage('src/schema/flaggerValidators.generated.ts'),
  flaggerValidatorsModule(
    readFileSync(inPackage('schemas/flagger-crd.yaml'), 'utf8'),
  ),
);
