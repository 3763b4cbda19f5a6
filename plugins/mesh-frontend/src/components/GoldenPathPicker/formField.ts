import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { GoldenPathPicker, validateGoldenPath } from './GoldenPathPicker';

/** The picker as a form field of the new frontend system, loaded with the form. */
export const goldenPathPickerFormField = createFormField({
  name: 'GoldenPathPicker',
  component: GoldenPathPicker,
  validation: validateGoldenPath,
});
