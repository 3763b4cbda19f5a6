import {
  type Finding,
  ruleDocumentationUrl,
} from '@meshpath/plugin-mesh-common';

/**
 * Where a finding's rule is documented: Meshpath's rule reference when
 * `mesh.rulesDocumentationUrl` is set (the code as anchor), else the istioctl
 * message page or the Kiali validation it corresponds to. The same link the
 * command line's SARIF and `meshpath explain` give.
 */
export function documentationUrlOf(
  finding: Pick<Finding, 'code' | 'references'>,
  rulesDocumentationUrl?: string,
): string | undefined {
  return ruleDocumentationUrl(finding, rulesDocumentationUrl);
}
