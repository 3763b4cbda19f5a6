import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useState } from 'react';

// Ids for the reason each denied button is described by (React 16/17 have no useId).
let reasons = 0;

const useStyles = makeStyles(theme => ({
  // Looks disabled but stays focusable and hoverable, so keyboard and mouse users can read why.
  denied: {
    color: theme.palette.action.disabled,
    cursor: 'not-allowed',
    '&:hover': { backgroundColor: 'transparent' },
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/** Props of {@link GuardedButton}. */
export interface GuardedButtonProps
  extends Omit<ButtonProps, 'disabled' | 'onClick'> {
  /** Whether the user may do this. */
  allowed: boolean;
  /** Why not, shown as a tooltip and read out as the button's description. */
  deniedReason: string;
  /** Disabled for another reason (in progress), without the tooltip. */
  busy?: boolean;
  /** The permission is still being checked: disabled, without a reason yet. */
  checking?: boolean;
  onClick?: () => void;
  children: ReactNode;
}

/** A button that, when the user lacks the permission, stays visible, reads as disabled, and says why. */
export const GuardedButton = ({
  allowed,
  deniedReason,
  busy,
  checking,
  onClick,
  children,
  className,
  ...buttonProps
}: GuardedButtonProps) => {
  const classes = useStyles();
  const [reasonId] = useState(() => `mesh-denied-reason-${++reasons}`);
  if (allowed || checking) {
    return (
      <Button
        {...buttonProps}
        className={className}
        disabled={busy || checking}
        onClick={onClick}
      >
        {children}
      </Button>
    );
  }
  return (
    <>
      <Tooltip title={deniedReason}>
        <Button
          {...buttonProps}
          className={`${classes.denied} ${className ?? ''}`}
          aria-disabled="true"
          aria-describedby={reasonId}
        >
          {children}
        </Button>
      </Tooltip>
      <span id={reasonId} className={classes.visuallyHidden}>
        {deniedReason}
      </span>
    </>
  );
};
