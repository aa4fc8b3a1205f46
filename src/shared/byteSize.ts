/**
 * Sizes as people read them. Two unit systems on purpose: file and prompt limits of this extension are powers of two
 * (64 KB, 512 KB), the API's limits are decimal (32 MB is 32,000,000 bytes), and each is shown in the units it is
 * written in, so a limit never reads as a different number than the one documented.
 */

/** Binary units: 1.0 KB is 1,024 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** Decimal units, as the API's limits are written: 32 MB, 5.2 MB, 830 kB. */
export function formatDecimalBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}
