/**
 * Which URLs a webhook may target. Only http(s). Unless the server allows private targets
 * (WEBHOOK_ALLOW_PRIVATE_URLS), a URL naming a private, loopback, link-local or otherwise
 * non-public address, or `localhost`, is refused when saved; names that resolve to such addresses
 * are refused again at delivery time, after DNS (see webhookRequest.ts), which also covers a name
 * whose address changes later.
 */
import ipaddr from 'ipaddr.js';

/** Why `url` cannot be a webhook target, or undefined when it can. */
export function webhookUrlProblem(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute http:// or https:// URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url must use http:// or https://';
  if (allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'url must not target localhost';
  if (ipaddr.isValid(host)) {
    const address = ipaddr.process(host);
    if (address.range() !== 'unicast') return `url must not target a ${address.range()} address`;
  }
  return undefined;
}
