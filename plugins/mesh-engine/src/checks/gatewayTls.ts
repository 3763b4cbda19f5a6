import { isRecord } from '../objects';
import type { CheckContext } from './context';

const given = (value: unknown) =>
  (typeof value === 'string' && value.length > 0) ||
  (Array.isArray(value) && value.length > 0);

/** What a SIMPLE or MUTUAL server lacks, as Istio's Gateway validation reads it; empty when it has a certificate. */
function missingCertificate(tls: Record<string, unknown>): string[] {
  // A Secret (credentialName, or the newer credentialNames and tlsCertificates) replaces the files.
  if (
    given(tls.credentialName) ||
    given(tls.credentialNames) ||
    given(tls.tlsCertificates)
  )
    return [];
  const missing = [
    ...(given(tls.serverCertificate) ? [] : ['serverCertificate']),
    ...(given(tls.privateKey) ? [] : ['privateKey']),
  ];
  if (tls.mode === 'MUTUAL' && !given(tls.caCertificates))
    missing.push('caCertificates');
  return missing;
}

/** MP1127: a Gateway server that terminates TLS (SIMPLE or MUTUAL) with no certificate to present. */
export function checkGatewayTls(context: CheckContext) {
  const { index, report } = context;
  for (const gateway of index.istio('Gateway')) {
    const servers = gateway.object.spec?.servers;
    if (!Array.isArray(servers)) continue;
    servers.forEach((server: unknown, position: number) => {
      if (!isRecord(server) || !isRecord(server.tls)) return;
      const mode = server.tls.mode;
      if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return;
      const missing = missingCertificate(server.tls);
      if (missing.length === 0) return;
      const port = isRecord(server.port) ? server.port.number : undefined;
      report.report(
        'MP1127',
        `servers[${position}] (port ${
          port ?? '?'
        }) terminates TLS ${mode} with no credentialName and no ${missing.join(
          ', ',
        )}: Istio rejects the Gateway`,
        gateway,
      );
    });
  }
}
