/** Standard Webhooks 1.0 signing: `v1,<base64 HMAC-SHA256("id.timestamp.body")>` with the secret's decoded bytes. */
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

export function newSecret(): string {
  return `whsec_${b64(crypto.getRandomValues(new Uint8Array(24)))}`;
}

const keyBytes = (secret: string) => Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));

export async function sign(secret: string, msgId: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', keyBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${msgId}.${timestamp}.${body}`));
  return `v1,${b64(new Uint8Array(mac))}`;
}

/** The `webhook-signature` header value: one signature per active secret, space-separated. */
export async function signatureHeader(secrets: string[], msgId: string, timestamp: number, body: string): Promise<string> {
  return (await Promise.all(secrets.map((s) => sign(s, msgId, timestamp, body)))).join(' ');
}
