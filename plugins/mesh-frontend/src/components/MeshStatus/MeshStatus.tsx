import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { MeshStatus as MeshStatusValue } from '@meshpath/plugin-mesh-common';

/** An entity's overall mesh status as a coloured label. */
export const MeshStatus = ({ status }: { status: MeshStatusValue }) => {
  switch (status) {
    case 'ok':
      return <StatusOK>OK</StatusOK>;
    case 'warning':
      return <StatusWarning>Warning</StatusWarning>;
    case 'critical':
      return <StatusError>Critical</StatusError>;
    default:
      return <StatusPending>Unknown</StatusPending>;
  }
};
