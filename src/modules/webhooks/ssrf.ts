/**
 * The SSRF guard, used when an endpoint is registered or changed and again before every delivery. Host names are
 * judged as written (no DNS lookup); IP literals are judged by range, and any non-canonical spelling of an IP
 * (decimal, hex, octal, short forms, IPv4-mapped IPv6) is refused outright, since it only exists to disguise one.
 */
export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const BLOCKED_V4: [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10/8 private
  [0x64400000, 10], // 100.64/10 CGNAT (includes 100.100.100.200 metadata)
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local (includes 169.254.169.254 metadata)
  [0xac100000, 12], // 172.16/12 private
  [0xc0000000, 24], // 192.0.0/24 IETF protocol assignments
  [0xc0000200, 24], // 192.0.2/24 TEST-NET-1
  [0xc0586300, 24], // 192.88.99/24 6to4 relay
  [0xc0a80000, 16], // 192.168/16 private
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xc6336400, 24], // 198.51.100/24 TEST-NET-2
  [0xcb007100, 24], // 203.0.113/24 TEST-NET-3
  [0xe0000000, 4], // 224/4 multicast
  [0xf0000000, 4], // 240/4 reserved, broadcast
];

const CANONICAL_V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

export function isBlockedIPv4(ip: string): boolean {
  const n = v4ToInt(ip);
  return BLOCKED_V4.some(([base, bits]) => (n & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0)) >>> 0 === base);
}

/** Expands an IPv6 literal (without brackets) into 8 groups, or null if malformed. */
function expandIPv6(ip: string): number[] | null {
  let tail: number[] = [];
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    if (!CANONICAL_V4.test(v4[1]!)) return null;
    const n = v4ToInt(v4[1]!);
    tail = [n >>> 16, n & 0xffff];
    text = text.slice(0, -v4[1]!.length) + (text.endsWith('::' + v4[1]) ? '' : '0');
    if (text.endsWith(':0')) text = text.slice(0, -2);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - rest.length - tail.length;
  if (head.some(Number.isNaN) || rest.some(Number.isNaN) || fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  return [...head, ...Array(fill).fill(0), ...rest, ...tail];
}

/** Only global unicast (2000::/3) outside documentation space, with no embedded IPv4, is allowed. */
export function isBlockedIPv6(ip: string): boolean {
  const g = expandIPv6(ip);
  if (!g) return true;
  const first = g[0]!;
  if ((first & 0xe000) !== 0x2000) return true; // not 2000::/3: ::, ::1, ::ffff:0:0/96, fc00::/7, fe80::/10, ff00::/8…
  if (first === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (first === 0x2002) return true; // 6to4 embeds an IPv4 address
  if (first === 0x2001 && g[1] === 0) return true; // Teredo embeds an IPv4 address
  return false;
}

const BLOCKED_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home|corp|localdomain|home\.arpa)$/i;

export function checkWebhookUrl(raw: string, opts: { allowLoopback?: boolean } = {}): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be a valid absolute URL' };
  }
  // The authority as typed, before the URL parser normalizes disguised IPs (0x7f.1 → 127.0.0.1).
  const typedHost = (/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(raw.trim())?.[1] ?? '').toLowerCase();
  if (url.username || url.password) return { ok: false, reason: 'must not contain credentials' };
  if (opts.allowLoopback && url.protocol === 'http:' && typedHost === '127.0.0.1' && url.hostname === '127.0.0.1') {
    return { ok: true, url };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'must use https' };
  if (url.port && url.port !== '443') return { ok: false, reason: 'must use the standard https port (443)' };
  const host = url.hostname.toLowerCase();
  if (host.startsWith('[')) {
    return isBlockedIPv6(host.slice(1, -1)) ? { ok: false, reason: 'must not point to a private, loopback or reserved address' } : { ok: true, url };
  }
  const bareTyped = typedHost.replace(/\.$/, '');
  if (/^[0-9.]+$/.test(host)) {
    if (!CANONICAL_V4.test(bareTyped) || bareTyped !== host) return { ok: false, reason: 'must not use a disguised IP address spelling' };
    return isBlockedIPv4(host) ? { ok: false, reason: 'must not point to a private, loopback or reserved address' } : { ok: true, url };
  }
  const name = host.replace(/\.$/, '');
  if (/^[0-9a-fx.]+$/i.test(bareTyped) && /^(0x|\d)/i.test(bareTyped)) return { ok: false, reason: 'must not use a disguised IP address spelling' };
  if (!name.includes('.')) return { ok: false, reason: 'must be a public host name (with a domain)' };
  if (BLOCKED_NAMES.test(name)) return { ok: false, reason: 'must not point to a local or internal host name' };
  if (name === 'metadata.google.internal' || name.endsWith('.metadata')) return { ok: false, reason: 'must not point to a metadata service' };
  return { ok: true, url };
}
