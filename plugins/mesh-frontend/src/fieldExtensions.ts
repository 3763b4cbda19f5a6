import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  GoldenPathPicker,
  validateGoldenPath,
} from './components/GoldenPathPicker';
import { meshPlugin } from './plugin';

/**
 * Scaffolder field `GoldenPathPicker` (legacy frontend system): the golden
 * paths the mesh backend serves, with what each locks and its defaults. Add it
 * inside `<ScaffolderFieldExtensions>`; templates use `ui:field: GoldenPathPicker`.
 * @public
 */
export const GoldenPathPickerFieldExtension = meshPlugin.provide(
  createScaffolderFieldExtension({
    name: 'GoldenPathPicker',
    component: GoldenPathPicker,
    validation: validateGoldenPath,
    schema: { returnValue: { type: 'string' } },
  }),
);
