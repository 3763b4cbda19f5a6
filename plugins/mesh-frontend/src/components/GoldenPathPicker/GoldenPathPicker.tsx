import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { GoldenPathPreset } from '@meshpath/plugin-mesh-common';
import useAsync from 'react-use/esm/useAsync';
import { meshApiRef } from '../../api';
import { meshTranslationRef } from '../../translation';
import { flattenDefaults, valueText } from './presetText';

const useStyles = makeStyles(theme => ({
  option: { alignItems: 'flex-start', marginTop: theme.spacing(1) },
  details: {
    marginTop: theme.spacing(2),
    padding: theme.spacing(2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  list: { margin: 0, paddingLeft: theme.spacing(3) },
  field: { fontFamily: 'monospace' },
}));

function PresetDetails({ preset }: { preset: GoldenPathPreset }) {
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const defaults = flattenDefaults(preset.defaults);
  return (
    <section
      className={classes.details}
      aria-label={preset.name}
      data-testid="golden-path-details"
    >
      <Typography variant="subtitle2" component="h3">
        {preset.locks.length
          ? t('goldenPathPicker.locks')
          : t('goldenPathPicker.noLocks')}
      </Typography>
      {preset.locks.length > 0 && (
        <ul className={classes.list} aria-label={t('goldenPathPicker.locks')}>
          {preset.locks.map(lock => (
            <li key={lock.field}>
              <span className={classes.field}>{lock.field}</span>{' '}
              {t(`goldenPathPicker.rule.${lock.rule}`, {
                value:
                  lock.value === undefined
                    ? t('goldenPathPicker.unset')
                    : valueText(lock.value),
              })}
              {lock.impliedBy
                ? ` ${t('goldenPathPicker.impliedBy', {
                    field: lock.impliedBy,
                  })}`
                : ''}
            </li>
          ))}
        </ul>
      )}
      <Typography variant="subtitle2" component="h3">
        {defaults.length
          ? t('goldenPathPicker.defaults')
          : t('goldenPathPicker.noDefaults')}
      </Typography>
      {defaults.length > 0 && (
        <ul
          className={classes.list}
          aria-label={t('goldenPathPicker.defaults')}
        >
          {defaults.map(entry => (
            <li key={entry.field}>
              <span className={classes.field}>{entry.field}</span>:{' '}
              {entry.value}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Scaffolder field `GoldenPathPicker`: the golden paths the mesh backend
 * serves, each with what it locks and its defaults, read-only. The value is
 * the chosen preset's name, so a preset added in app-config.yaml appears in
 * every template without an edit.
 */
export function GoldenPathPicker(props: FieldExtensionComponentProps<string>) {
  const { onChange, formData, required, rawErrors, schema, idSchema } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const meshApi = useApi(meshApiRef);
  const {
    value: presets,
    loading,
    error,
  } = useAsync(() => meshApi.getGoldenPaths(), [meshApi]);

  if (loading) return <Progress aria-label={t('goldenPathPicker.loading')} />;
  if (error) return <ResponseErrorPanel error={error} />;
  const chosen = presets?.find(preset => preset.name === formData);
  const labelId = `${idSchema?.$id ?? 'goldenPath'}-label`;
  return (
    <FormControl
      component="fieldset"
      required={required}
      error={Boolean(rawErrors?.length) || Boolean(formData && !chosen)}
      fullWidth
    >
      <FormLabel component="legend" id={labelId}>
        {schema.title ?? 'Golden path'}
      </FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {!presets?.length ? (
        <FormHelperText>{t('goldenPathPicker.none')}</FormHelperText>
      ) : (
        <RadioGroup
          aria-labelledby={labelId}
          name={idSchema?.$id ?? 'goldenPath'}
          value={chosen ? chosen.name : ''}
          onChange={event => onChange(event.target.value)}
        >
          {presets.map(preset => (
            <FormControlLabel
              key={preset.name}
              className={classes.option}
              value={preset.name}
              control={<Radio />}
              label={
                <>
                  <Typography variant="body1">{preset.name}</Typography>
                  {preset.description && (
                    <Typography variant="body2" color="textSecondary">
                      {preset.description}
                    </Typography>
                  )}
                </>
              }
            />
          ))}
        </RadioGroup>
      )}
      {formData && !chosen && (
        <FormHelperText>
          {t('goldenPathPicker.unknown', { name: formData })}
        </FormHelperText>
      )}
      {chosen && <PresetDetails preset={chosen} />}
    </FormControl>
  );
}

/** Refuses a name the backend does not serve (a stale default, a hand-edited URL). */
export const validateGoldenPath: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder },
) => {
  const meshApi = apiHolder.get(meshApiRef);
  if (!meshApi || !value) return;
  const presets = await meshApi.getGoldenPaths();
  if (!presets.some(preset => preset.name === value))
    validation.addError(`${value} is not a golden path the platform offers`);
};
