import { ResponseErrorPanel, Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { useWaivers } from '../../hooks/useWaivers';
import { meshTranslationRef } from '../../translation';
import { AuditTrail } from './AuditTrail';
import { WaiverList } from './WaiverList';

/** The entity's waivers and, on demand, their audit trail. */
export const Waivers = ({ entityRef }: { entityRef: string }) => {
  const { t } = useTranslationRef(meshTranslationRef);
  const { value, loading, error, retry } = useWaivers(entityRef);
  const [showAudit, setShowAudit] = useState(false);
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      <WaiverList
        entityRef={entityRef}
        waivers={value ?? []}
        onChanged={retry}
      />
      {showAudit ? (
        <AuditTrail entityRef={entityRef} />
      ) : (
        <Button size="small" onClick={() => setShowAudit(true)}>
          {t('waivers.showAudit')}
        </Button>
      )}
    </>
  );
};
