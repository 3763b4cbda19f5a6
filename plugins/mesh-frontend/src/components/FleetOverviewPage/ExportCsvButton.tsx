import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { FleetQuery, meshApiRef } from '../../api';
import { meshTranslationRef } from '../../translation';

/** Downloads every service the filters keep (not only this page) as CSV, with the user's token. */
export const ExportCsvButton = (props: {
  query: Omit<FleetQuery, 'offset' | 'limit'>;
}) => {
  const meshApi = useApi(meshApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(meshTranslationRef);
  const [exporting, setExporting] = useState(false);

  const download = async () => {
    setExporting(true);
    try {
      const blob = await meshApi.exportFleet(props.query);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'mesh-fleet.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (error) {
      alertApi.post({ message: String(error), severity: 'error' });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetAppIcon />}
      onClick={download}
      disabled={exporting}
    >
      {exporting ? t('fleet.exporting') : t('fleet.exportCsv')}
    </Button>
  );
};
