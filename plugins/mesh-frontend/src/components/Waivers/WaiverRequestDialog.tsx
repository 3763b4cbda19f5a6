import { useApi, configApiRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Waiver } from '@meshpath/plugin-mesh-common';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { meshApiRef } from '../../api';
import { meshTranslationRef } from '../../translation';
import { backendMessage } from './backendMessage';
import { expiryBounds, expiryOf, expiryProblem } from './expiry';

const useStyles = makeStyles(theme => ({
  field: { marginTop: theme.spacing(2) },
  error: { color: theme.palette.error.dark, marginTop: theme.spacing(2) },
}));

// The backend's default; the backend enforces its own configured bound and says so in a 400.
const DEFAULT_MAX_EXPIRY_DAYS = 90;

/** Props of {@link WaiverRequestDialog}. */
export interface WaiverRequestDialogProps {
  open: boolean;
  entityRef: string;
  ruleCode: string;
  /** `Kind/namespace/name` of the one object; every object of the rule when absent. */
  objectRef?: string;
  onClose: () => void;
  onRequested?: (waiver: Waiver) => void;
}

/** Asks for a waiver: a reason and an expiry are required, the expiry bounded. */
export const WaiverRequestDialog = (props: WaiverRequestDialogProps) => {
  const { open, entityRef, ruleCode, objectRef, onClose, onRequested } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(meshTranslationRef);
  const meshApi = useApi(meshApiRef);
  const maxDays =
    useApi(configApiRef).getOptionalNumber('mesh.waivers.maxExpiryDays') ??
    DEFAULT_MAX_EXPIRY_DAYS;
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState('');
  const [touched, setTouched] = useState(false);
  const now = new Date();
  const bounds = expiryBounds(now, maxDays);
  const reasonMissing = reason.trim() === '';
  const problem = expiryProblem(expiry, now, maxDays);

  const [{ loading, error }, submit] = useAsyncFn(async () => {
    const waiver = await meshApi.requestWaiver(entityRef, {
      ruleCode,
      ...(objectRef ? { objectRef } : {}),
      reason: reason.trim(),
      expiresAt: expiryOf(expiry)!.toISOString(),
    });
    onRequested?.(waiver);
    onClose();
    return waiver;
  }, [meshApi, entityRef, ruleCode, objectRef, reason, expiry]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (reasonMissing || problem) return;
    submit();
  };

  const expiryError = touched && problem;
  const expiryText = {
    required: t('waivers.expiryRequired'),
    past: t('waivers.expiryPast'),
    tooFar: t('waivers.expiryTooFar', { days: String(maxDays) }),
  };

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="mesh-waiver-title">
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id="mesh-waiver-title">
          {t('waivers.requestTitle', { code: ruleCode })}
        </DialogTitle>
        <DialogContent>
          {objectRef && (
            <Typography variant="body2">
              {t('waivers.requestObject', { object: objectRef })}
            </Typography>
          )}
          <TextField
            id="mesh-waiver-reason"
            className={classes.field}
            label={t('waivers.reason')}
            value={reason}
            onChange={e => setReason(e.target.value)}
            required
            fullWidth
            multiline
            minRows={3}
            inputProps={{ maxLength: 2000 }}
            error={touched && reasonMissing}
            helperText={
              touched && reasonMissing
                ? t('waivers.reasonRequired')
                : t('waivers.reasonHelp')
            }
          />
          <TextField
            id="mesh-waiver-expiry"
            className={classes.field}
            label={t('waivers.expiresAt')}
            type="date"
            value={expiry}
            onChange={e => setExpiry(e.target.value)}
            required
            fullWidth
            InputLabelProps={{ shrink: true }}
            inputProps={{ min: bounds.min, max: bounds.max }}
            error={Boolean(expiryError)}
            helperText={
              expiryError
                ? expiryText[expiryError]
                : t('waivers.expiryHelp', { days: String(maxDays) })
            }
          />
          {error && (
            <Typography role="alert" className={classes.error}>
              {backendMessage(error)}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('waivers.cancel')}</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={loading}
          >
            {t('waivers.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
