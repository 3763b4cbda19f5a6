import type { Finding } from '@meshpath/plugin-mesh-common';

// Pages that exist for every code they name: Istio's analysis messages and Kiali's validations.
const ISTIO_DOCS = 'https://istio.io/latest/docs/reference/config/analysis/';
const KIALI_DOCS = 'https://kiali.io/docs/features/validations/';

/**
 * Where a finding's rule is documented: Meshpath's rule reference when
 * `mesh.rulesDocumentationUrl` is set (the code as anchor), else the istioctl
 * message page or the Kiali validation it corresponds to.
 */
export function documentationUrlOf(
  finding: Pick<Finding, 'code' | 'references'>,
  rulesDocumentationUrl?: string,
): string | undefined {
  const code = finding.code.toLowerCase();
  if (!/^[a-z]{2,4}\d{3,5}$/.test(code)) return undefined;
  if (rulesDocumentationUrl) return `${rulesDocumentationUrl}#${code}`;
  const istio = finding.references?.istio?.toLowerCase();
  if (istio && /^ist\d{4}$/.test(istio)) return `${ISTIO_DOCS}${istio}/`;
  const kiali = finding.references?.kiali?.toLowerCase();
  if (kiali && /^kia\d{4}$/.test(kiali)) return `${KIALI_DOCS}#${kiali}`;
  return undefined;
}
