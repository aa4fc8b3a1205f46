/**
 * Base64 for attachment bytes (up to about 32 MB). A byte-at-a-time string build of a 5 MB screenshot is slow and
 * churns memory, so bytes are encoded in chunks: each chunk a multiple of 3 bytes, so the chunks' base64 simply
 * concatenates (no padding in between), and small enough for `String.fromCharCode(...chunk)`'s argument limit.
 */
const CHUNK_BYTES = 3 * 0x4000;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(start, start + CHUNK_BYTES))));
  }
  return parts.join('');
}

export async function blobToBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

/** Throws (DOMException InvalidCharacterError) when `base64` is not base64. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The most bytes whose base64 is at most `base64Length` characters: an oversized file is refused before it is read. */
export function maxBytesForBase64(base64Length: number): number {
  return Math.floor(base64Length / 4) * 3;
}
