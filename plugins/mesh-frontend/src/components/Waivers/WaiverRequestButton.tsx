import { stringifyEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EvaluatedFinding,
  meshWaiverRequestPermission,
  Waiver,
} from '@meshpath/plugin-mesh-common';
import { useState } from 'react';
import { useMeshPermission } from '../../hooks/useMeshPermission';
import { meshTranslationRef } from '../../translation';
import { GuardedButton } from './GuardedButton';
import { useWaiverChanges } from '../../hooks/useWaiverChanges';
import { WaiverRequestDialog } from './WaiverRequestDialog';

/** Props of {@link WaiverRequestButton}. @public */
export interface WaiverRequestButtonProps {
  /** The finding to waive: its rule, and its object when it has one. */
  finding: Pick<EvaluatedFinding, 'code' | 'object'>;
  /** Called with the pending waiver once requested. */
  onRequested?: (waiver: Waiver) => void;
}

/** `Kind/namespace/name` of a finding's object, as the waiver's `objectRef`. */
export function waiverObjectRef(
  finding: Pick<EvaluatedFinding, 'object'>,
): string | undefined {
  if (!finding.object) return undefined;
  const { kind, namespace, name } = finding.object;
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * "Request a waiver" for one finding of the current entity (permission
 * `mesh.waiver.request`); a user without it sees why the button is disabled.
 * @public
 */
export const WaiverRequestButton = ({
  finding,
  onRequested,
}: WaiverRequestButtonProps) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const permission = useMeshPermission(meshWaiverRequestPermission, entityRef);
  const [open, setOpen] = useState(false);
  const { changed } = useWaiverChanges();
  return (
    <>
      <GuardedButton
        allowed={permission.allowed}
        checking={permission.loading}
        deniedReason={t('waivers.noPermissionRequest')}
        size="small"
        onClick={() => setOpen(true)}
      >
        {t('waivers.request')}
      </GuardedButton>
      {open && (
        <WaiverRequestDialog
          open
          entityRef={entityRef}
          ruleCode={finding.code}
          objectRef={waiverObjectRef(finding)}
          onClose={() => setOpen(false)}
          onRequested={waiver => {
            changed();
            onRequested?.(waiver);
          }}
        />
      )}
    </>
  );
};
