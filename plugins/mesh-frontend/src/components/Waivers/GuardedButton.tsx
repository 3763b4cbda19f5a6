import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  // A disabled button gets no pointer or focus events; the wrapper takes them so the reason shows.
  reason: {
    display: 'inline-block',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
}));

/** Props of {@link GuardedButton}. */
export interface GuardedButtonProps extends Omit<ButtonProps, 'disabled'> {
  /** Whether the user may do this. */
  allowed: boolean;
  /** Why not, shown as a tooltip on the disabled button. */
  deniedReason: string;
  /** Disabled for another reason (in progress), without the tooltip. */
  busy?: boolean;
  children: ReactNode;
}

/** A button that, when the user lacks the permission, stays visible, disabled, and says why. */
export const GuardedButton = ({
  allowed,
  deniedReason,
  busy,
  children,
  ...buttonProps
}: GuardedButtonProps) => {
  const classes = useStyles();
  if (allowed) {
    return (
      <Button {...buttonProps} disabled={busy}>
        {children}
      </Button>
    );
  }
  return (
    <Tooltip title={deniedReason}>
      <span className={classes.reason} tabIndex={0} aria-label={deniedReason}>
        <Button {...buttonProps} disabled>
          {children}
        </Button>
      </span>
    </Tooltip>
  );
};
