import {
  AuthorizationOperation,
  AuthorizationRule,
  AuthorizationSource,
} from '@meshpath/plugin-mesh-common';

const SPIFFE = /^(?:spiffe:\/\/)?[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/;

/** `cluster.local/ns/orders/sa/orders` reads as `orders/orders` (namespace/service account). */
export function principalName(principal: string): string {
  const m = SPIFFE.exec(principal);
  return m ? `${m[1]}/${m[2]}` : principal;
}

function sourceText(source: AuthorizationSource): string[] {
  const parts: string[] = [];
  parts.push(...(source.principals ?? []).map(principalName));
  parts.push(...(source.serviceAccounts ?? []));
  parts.push(...(source.namespaces ?? []).map(n => `namespace ${n}`));
  parts.push(...(source.ipBlocks ?? []).map(ip => `IP ${ip}`));
  parts.push(...(source.remoteIpBlocks ?? []).map(ip => `remote IP ${ip}`));
  parts.push(
    ...(source.requestPrincipals ?? []).map(p => `request principal ${p}`),
  );
  const excluded = [
    ...(source.notPrincipals ?? []).map(principalName),
    ...(source.notServiceAccounts ?? []),
    ...(source.notNamespaces ?? []).map(n => `namespace ${n}`),
  ];
  if (excluded.length > 0) {
    parts.push(
      `${parts.length ? '' : 'anyone '}except ${excluded.join(', ')}`.trim(),
    );
  }
  return parts;
}

function operationText(op: AuthorizationOperation): string {
  const methods = op.methods?.join('|');
  const paths = op.paths?.join(', ');
  const words = [methods ?? (paths ? 'call' : undefined), paths].filter(
    Boolean,
  );
  if (op.ports?.length) words.push(`on port ${op.ports.join(', ')}`);
  if (op.hosts?.length) words.push(`for host ${op.hosts.join(', ')}`);
  if (op.notMethods?.length) words.push(`except ${op.notMethods.join('|')}`);
  if (op.notPaths?.length) words.push(`except ${op.notPaths.join(', ')}`);
  return words.join(' ');
}

/** A rule as "who" and "what", in the words of the policy; empty parts mean anyone / anything. */
export function ruleParts(rule: AuthorizationRule): {
  who?: string;
  what?: string;
  when?: string;
} {
  const who = rule.from.flatMap(sourceText).join(' or ');
  const what = rule.to.map(operationText).filter(Boolean).join(' or ');
  const when = rule.when
    .map(c =>
      `${c.key} ${c.values?.length ? `in ${c.values.join(', ')}` : ''}${
        c.notValues?.length ? ` not in ${c.notValues.join(', ')}` : ''
      }`.trim(),
    )
    .join(' and ');
  return {
    who: who || undefined,
    what: what || undefined,
    when: when || undefined,
  };
}
