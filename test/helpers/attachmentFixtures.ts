import crypto from 'node:crypto';
import * as jpeg from 'jpeg-js';
import { PDFDocument, PDFHexString, PDFNumber } from 'pdf-lib';
import { PNG } from 'pngjs';

/**
 * Real files for attachment tests, made in memory: PNGs (pngjs), JPEGs (jpeg-js, optionally with an EXIF
 * orientation), GIF and WebP files, PDFs (pdf-lib) and an encrypted PDF.
 */

/** A pixel colour for `paint`: [r, g, b, a]. */
export type Rgba = [number, number, number, number];

/** A painter giving each pixel's colour; the default is a gradient, so no two neighbouring rows look alike. */
export type Painter = (x: number, y: number) => Rgba;

const gradient: Painter = (x, y) => [x % 256, y % 256, (x + y) % 256, 255];

export function pngBytes(width: number, height: number, paint: Painter = gradient): Uint8Array {
  const png = new PNG({ width, height });
  fill(png.data, width, height, paint);
  return new Uint8Array(PNG.sync.write(png));
}

export function jpegBytes(width: number, height: number, options: { paint?: Painter; quality?: number; orientation?: number } = {}): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  fill(data, width, height, options.paint ?? gradient);
  const encoded = new Uint8Array(jpeg.encode({ width, height, data }, options.quality ?? 90).data);
  return options.orientation === undefined ? encoded : withExifOrientation(encoded, options.orientation);
}

/** Decodes a PNG or JPEG to RGBA, to check what a stored image really holds. */
export function decodeImage(bytes: Uint8Array): { width: number; height: number; pixel(x: number, y: number): Rgba } {
  const decoded = bytes[0] === 0x89 ? PNG.sync.read(Buffer.from(bytes)) : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return {
    width: decoded.width,
    height: decoded.height,
    pixel(x, y) {
      const i = (y * decoded.width + x) * 4;
      return [decoded.data[i], decoded.data[i + 1], decoded.data[i + 2], decoded.data[i + 3]];
    },
  };
}

function fill(data: Uint8Array, width: number, height: number, paint: Painter): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
  }
}

/**
 * The JPEG with an EXIF APP1 segment right after its start marker, holding one IFD entry: Orientation (tag 0x0112,
 * SHORT, 1 value), as cameras write it.
 */
function withExifOrientation(jpegData: Uint8Array, orientation: number): Uint8Array {
  const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  return new Uint8Array(Buffer.concat([jpegData.subarray(0, 2), segment, jpegData.subarray(2)]));
}

/** A real 1×1 GIF (the classic transparent pixel). */
export const TINY_GIF = new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
/** A real 1×1 lossless WebP (the one browsers' feature tests decode). */
export const TINY_WEBP = new Uint8Array(Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'));

/** A GIF header (logical screen `width`×`height`) followed by an empty image: what image-size measures. */
export function gifBytes(width: number, height: number): Uint8Array {
  const header = Buffer.from('GIF89a', 'latin1');
  const screen = Buffer.from([width & 0xff, width >> 8, height & 0xff, height >> 8, 0x00, 0x00, 0x00]);
  return new Uint8Array(Buffer.concat([header, screen, Buffer.from([0x3b])]));
}

/** A WebP (VP8X extended header) announcing `width`×`height`: the first 30 bytes, all image-size reads. */
export function webpHeader(width: number, height: number): Uint8Array {
  const bytes = Buffer.alloc(30);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(22, 4);
  bytes.write('WEBPVP8X', 8, 'latin1');
  bytes.writeUInt32LE(10, 16);
  bytes.writeUIntLE(width - 1, 24, 3);
  bytes.writeUIntLE(height - 1, 27, 3);
  return new Uint8Array(bytes);
}

export const SVG_TEXT = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30"/></svg>\n';

export async function pdfBytes(pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (let i = 0; i < pages; i++) document.addPage([200, 200]);
  return document.save();
}

/**
 * A real encrypted PDF: the Standard security handler, revision 2 (40-bit RC4), with an empty user password, as
 * "protected" PDFs that open without asking usually are. pdf-lib cannot encrypt, so the /Encrypt dictionary is
 * computed here with the algorithms of ISO 32000-1 §7.6.3 (2: file key, 3: O, 4: U) and the document's one blank
 * page holds no strings or content streams. Without `objectStreams` nothing else needs encrypting; with it, the
 * objects sit in a compressed object stream (as Acrobat and most modern writers save them) whose data is
 * encrypted with its object key (algorithm 1), so the file cannot be parsed without decrypting it.
 */
export async function encryptedPdfBytes(options: { objectStreams?: boolean } = {}): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.addPage([200, 200]);
  const fileId = crypto.randomBytes(16);
  const permissions = -4;
  const owner = rc4(md5(PDF_PASSWORD_PAD).subarray(0, 5), PDF_PASSWORD_PAD); // algorithm 3, owner password "" too
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const fileKey = md5(Buffer.concat([PDF_PASSWORD_PAD, owner, p, fileId])).subarray(0, 5); // algorithm 2
  const user = rc4(fileKey, PDF_PASSWORD_PAD); // algorithm 4
  const { context } = document;
  context.trailerInfo.Encrypt = context.register(
    context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of(owner.toString('hex')), U: PDFHexString.of(user.toString('hex')), P: PDFNumber.of(permissions) }),
  );
  context.trailerInfo.ID = context.obj([PDFHexString.of(fileId.toString('hex')), PDFHexString.of(fileId.toString('hex'))]);
  const bytes = Buffer.from(await document.save({ useObjectStreams: options.objectStreams === true }));
  if (!options.objectStreams) return new Uint8Array(bytes);
  // RC4 keeps the length, so the stream is encrypted in place and every offset in the cross-reference stream holds.
  const text = bytes.toString('latin1');
  const objectStream = [...text.matchAll(/(\d+) 0 obj\n<<\n((?:\/[^\n]*\n)*?)>>\nstream\n/g)].find((match) => match[2].includes('/Type /ObjStm\n'));
  const length = /\/Length (\d+)/.exec(objectStream?.[2] ?? '');
  if (!objectStream || !length) throw new Error('pdf-lib wrote no object stream');
  const objectNumber = Number(objectStream[1]);
  const start = objectStream.index + objectStream[0].length;
  const end = start + Number(length[1]);
  const objectKey = md5(Buffer.concat([fileKey, Buffer.from([objectNumber & 0xff, (objectNumber >> 8) & 0xff, (objectNumber >> 16) & 0xff, 0, 0])])).subarray(0, 10); // algorithm 1
  rc4(objectKey, bytes.subarray(start, end)).copy(bytes, start);
  return new Uint8Array(bytes);
}

const PDF_PASSWORD_PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');

function md5(data: Buffer): Buffer {
  return crypto.createHash('md5').update(data).digest();
}

/** RC4, which Node's OpenSSL 3 no longer offers. */
function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}
