/** Istio documents each `istioctl analyze` message on its own page. */
export function istioReferenceUrl(code: string): string | undefined {
  return /^IST\d{4}$/i.test(code)
    ? `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`
    : undefined;
}

/**
 * Kiali documents its validations on one page; a heading's anchor carries the
 * code and its title (`#kia0301---more-than-one-gateway-…`), which a finding
 * does not carry, so the link is to the page.
 */
export function kialiReferenceUrl(code: string): string | undefined {
  return /^KIA\d{4}$/i.test(code)
    ? 'https://kiali.io/docs/features/validations/'
    : undefined;
}

/** A documentation URL from the backend, only when it is http(s). */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? parsed.toString()
      : undefined;
  } catch {
    return undefined;
  }
}
