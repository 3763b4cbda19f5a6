/** The Istio protocol a Service port declares: appProtocol first, else its name's `<protocol>[-suffix]`. */
export function portProtocol(port: {
  name?: unknown;
  appProtocol?: unknown;
}): string | undefined {
  if (typeof port.appProtocol === 'string' && port.appProtocol.length > 0)
    return port.appProtocol.toLowerCase();
  if (typeof port.name !== 'string' || port.name.length === 0) return undefined;
  const name = port.name.toLowerCase();
  // grpc-web is its own protocol (HTTP/1.1), not grpc with a suffix.
  if (name === 'grpc-web' || name.startsWith('grpc-web-')) return 'grpc-web';
  return name.split('-')[0];
}

/** Protocols Istio proxies as plain TCP. */
export const TCP_PROTOCOLS = new Set(['tcp', 'mongo', 'mysql', 'redis']);

/** Protocols whose requests share one HTTP/2 connection. */
export const HTTP2_PROTOCOLS = new Set(['grpc', 'http2', 'kubernetes.io/h2c']);
