/**
 * Share links: the scenario and its run settings, deflated and base64url-encoded into the URL hash
 * (`#s=…`), so a link reproduces the same scenario and, with the same seed, the same numbers. Nothing is
 * sent to a server. Opening a link decodes it here; the caller validates before loading.
 */

/** What a link carries. */
export interface Shared {
  scenario: unknown;
  seed: number;
  replications: number;
}

const PREFIX = '#s=';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The hash (`#s=…`) for `shared`. */
export async function encodeShare(shared: Shared): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(shared));
  return PREFIX + toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
}

/**
 * Decodes a location hash. @returns null when the hash is not a share link; throws an Error with a plain
 * message when it is one but cannot be read.
 */
export async function decodeShare(hash: string): Promise<Shared | null> {
  if (!hash.startsWith(PREFIX)) return null;
  let parsed: unknown;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('This share link is damaged or incomplete: it could not be decoded.');
  }
  const p = parsed as Partial<Shared>;
  if (typeof p !== 'object' || p === null || !('scenario' in p)) throw new Error('This share link does not contain a scenario.');
  return { scenario: p.scenario, seed: Number.isInteger(p.seed) ? (p.seed as number) : 1, replications: Number.isInteger(p.replications) ? (p.replications as number) : 200 };
}
