/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto. Stored format is self-describing so the parameters can be
 * raised later without breaking existing hashes: `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`.
 * Production Workers refuse more than 100,000 iterations, so that is both our setting and the ceiling.
 */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    KEY_BITS,
  );
  return new Uint8Array(bits);
}

/** Hashes a password into the self-describing stored format. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${b64(salt)}$${b64(hash)}`;
}

/** Constant-time comparison of equal-length byte arrays (length itself is not secret here: always 32). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Verifies a password against a stored hash; unknown formats never verify. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iter || !salt || !hash) return false;
  const iterations = Number(iter);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  const actual = await derive(password, unb64(salt), iterations);
  return timingSafeEqual(actual, unb64(hash));
}

/** A hash of a fixed dummy password, verified against when the email is unknown so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export const getDummyHash = () => (dummyHash ??= hashPassword('completo-dummy-password-for-timing'));

/** SHA-256 hex of a token, for storing refresh tokens without keeping them usable if the table leaks. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A URL-safe random token with 256 bits of entropy. */
export function randomToken(bytes = 32): string {
  return b64(crypto.getRandomValues(new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/**
 * HMAC-SHA256 (hex) of a random secret such as an API key, keyed by a server secret: fast (a key is 256 random bits,
 * not a password to stretch) and useless to whoever reads the table without the server secret.
 */
export async function keyedHash(serverSecret: string, value: string): Promise<string> {
  let key = hmacKeys.get(serverSecret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(`completo-api-keys:${serverSecret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    hmacKeys.set(serverSecret, key);
  }
  const mac = await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(value));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
