/** An IPv4 or IPv6 address as a number and its width in bits, or undefined. */
function parseAddress(
  text: string,
): { value: bigint; bits: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some(octet => octet > 255)) return undefined;
    return {
      value: octets.reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n),
      bits: 32,
    };
  }
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2)
    return undefined;
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) =>
    part ? part.split(':') : ([] as string[]);
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array(Math.max(missing, 0)).fill('0'), ...right];
  if (all.some(group => group.length === 0 || group.length > 4))
    return undefined;
  return {
    value: all.reduce(
      (sum, group) => (sum << 16n) | BigInt(parseInt(group, 16)),
      0n,
    ),
    bits: 128,
  };
}

/**
 * Whether an address lies in a block (`10.0.0.0/8`, `10.1.2.3`, `fd00::/8`);
 * undefined when either does not parse.
 */
export function ipInBlock(address: string, block: string): boolean | undefined {
  const ip = parseAddress(address.trim());
  const [base, length] = block.trim().split('/');
  const network = parseAddress(base);
  if (!ip || !network) return undefined;
  if (ip.bits !== network.bits) return false;
  const prefix = length === undefined ? network.bits : Number(length);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.bits)
    return undefined;
  const shift = BigInt(network.bits - prefix);
  return ip.value >> shift === network.value >> shift;
}
