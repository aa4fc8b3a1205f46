import { typeHandlers } from 'image-size/types/index';
import type { ISize } from 'image-size/types/interface';
import { formatDecimalBytes } from './byteSize';
import type { ImageMediaType } from './conversation';
import type { ResizeOutputType } from './protocol';

/**
 * What the Messages API takes as an attachment and what it costs, as pure functions shared by the host's ingest,
 * the request check and the tests. Figures come from ../shared/reference/anthropic-api.md ("Request" limits and
 * "Vision, PDFs, tokens"); where the docs say "MB" without saying which, the smaller reading is used so that a file
 * we accept is never one the API refuses.
 */

/** Long side an image is downscaled to by default (claudeChat.attachments.maxImageSide): what the model uses. */
export const DEFAULT_MAX_IMAGE_SIDE = 1568;
/** The API refuses an image with a side over 8000 px. */
export const API_MAX_IMAGE_SIDE = 8000;
/** ... and over 2000 px when the request holds more than 20 images. */
export const MANY_IMAGES_MAX_SIDE = 2000;
export const MANY_IMAGES_THRESHOLD = 20;
/**
 * The API shrinks an image over about 1.15 megapixels before the model sees it, so more pixels cost bytes in every
 * later request and buy nothing: at the default size the pixel count is kept within this too.
 */
export const MAX_MODEL_PIXELS = 1_150_000;
/**
 * The API's per-image limit, 5 MiB of base64: its refusal reads "image exceeds 5 MB maximum: N bytes > 5242880
 * bytes" with N the length of the base64 text (users report 3.9 MB files refused as 5.5 MB; the reference calls the
 * figure third-party knowledge).
 */
export const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;
/** So a stored image may hold three quarters of that: 3,932,160 bytes. */
export const MAX_IMAGE_BYTES = (MAX_IMAGE_BASE64_BYTES / 4) * 3;
/** The API's PDF limit, "32 MB", read as decimal megabytes (the smaller reading). */
export const MAX_PDF_BYTES = 32_000_000;
/** The API's page limit for 200k-context models; larger-context models take more, but not all do. */
export const MAX_PDF_PAGES = 100;
/** The whole request body, base64 attachments included (413 request_too_large beyond it). */
export const MAX_REQUEST_BYTES = 32_000_000;
/**
 * Largest text file attached as a document. 512 KiB is about 130,000 tokens: it still fits a 200k-token context
 * window with room for the conversation, and since an attachment is re-sent with every later message, a bigger
 * file (a log, a data dump) costs more than it helps; the part that matters can be selected and sent instead.
 */
export const MAX_TEXT_FILE_BYTES = 512 * 1024;
/**
 * Largest source image we ask the webview to decode (100 megapixels, 400 MB of RGBA). A few bytes of PNG can claim
 * 50000×50000 pixels; decoding that would take the view down instead of giving a useful answer.
 */
export const MAX_SOURCE_PIXELS = 100_000_000;

/** The API's image token formula: about width × height / 750 tokens per image. */
export const IMAGE_PIXELS_PER_TOKEN = 750;
/** Each PDF page costs its text plus an image of it, "about 1.5–3k tokens": the estimate takes 2000 a page. */
export const PDF_TOKENS_PER_PAGE_ESTIMATE = 2000;
/** The usual rule of thumb for English text and code: about 4 bytes per token. */
export const TEXT_BYTES_PER_TOKEN = 4;

/** Re-encoding quality for JPEG: the usual choice for photos, with artefacts hard to see at a fraction of 0.95's size. */
export const JPEG_QUALITY = 0.85;

const ACCEPTED_FORMATS = 'Claude takes PNG, JPEG, GIF and WebP';

export type SniffResult =
  /**
   * `width`×`height` is the pixel grid as stored in the file; an EXIF `orientation` of 5–8 shows it turned by a
   * quarter (see orientedSize).
   */
  | { kind: 'image'; mediaType: ImageMediaType; width: number; height: number; orientation?: number }
  | { kind: 'pdf' }
  | { kind: 'text' }
  | { kind: 'refused'; reason: string };

/** Image formats the API does not take, named so the reason can say what the file is. */
const OTHER_IMAGE_FORMATS: Record<string, { what: string; todo: string }> = {
  svg: { what: 'an SVG image', todo: 'Export it as PNG and attach that.' },
  heic: { what: 'a HEIC photo', todo: 'Convert it to JPEG (for example with Preview or Photos: File > Export) and attach that.' },
  heif: { what: 'a HEIF image', todo: 'Convert it to JPEG and attach that.' },
  avif: { what: 'an AVIF image', todo: 'Convert it to PNG or JPEG and attach that.' },
  bmp: { what: 'a BMP image', todo: 'Convert it to PNG and attach that.' },
  tiff: { what: 'a TIFF image', todo: 'Convert it to PNG or JPEG and attach that.' },
  ico: { what: 'an icon file (ICO)', todo: 'Export the size you need as PNG and attach that.' },
  cur: { what: 'a cursor file (CUR)', todo: 'Export it as PNG and attach that.' },
  icns: { what: 'a macOS icon (ICNS)', todo: 'Export the size you need as PNG and attach that.' },
  psd: { what: 'a Photoshop document (PSD)', todo: 'Export it as PNG or JPEG and attach that.' },
  jp2: { what: 'a JPEG 2000 image', todo: 'Convert it to JPEG or PNG and attach that.' },
  j2c: { what: 'a JPEG 2000 codestream', todo: 'Convert it to JPEG or PNG and attach that.' },
  jxl: { what: 'a JPEG XL image', todo: 'Convert it to JPEG or PNG and attach that.' },
  'jxl-stream': { what: 'a JPEG XL image', todo: 'Convert it to JPEG or PNG and attach that.' },
  dds: { what: 'a DDS texture', todo: 'Export it as PNG and attach that.' },
  ktx: { what: 'a KTX texture', todo: 'Export it as PNG and attach that.' },
  ktx2: { what: 'a KTX texture', todo: 'Export it as PNG and attach that.' },
  pnm: { what: 'a Netpbm image (PBM, PGM or PPM)', todo: 'Convert it to PNG and attach that.' },
};

/** ISO-BMFF brands (the `ftyp` box) of HEIF-family files, which image-size reports all as `heif`. */
const HEIF_BRANDS: Record<string, string> = { heic: 'heic', heix: 'heic', hevc: 'heic', hevx: 'heic', heim: 'heic', heis: 'heic', mif1: 'heif', msf1: 'heif', avif: 'avif', avis: 'avif' };

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/**
 * What a file is, from its bytes alone: the name only appears in the reason. PNG, JPEG, GIF and WebP (recognised and
 * measured by image-size) are images; `%PDF-` starts a PDF; valid UTF-8 without NUL bytes is text, unless it is an
 * SVG document, which is refused and never inlined as text (it is markup that can carry script, and the model is
 * better served by a rendered PNG). Anything else is refused with a reason that says what the file is and what to do.
 */
export function sniffAttachment(bytes: Uint8Array, name: string): SniffResult {
  const file = `\`${name}\``;
  if (bytes.byteLength === 0) return { kind: 'refused', reason: `${file} is empty: there is nothing to attach.` };
  if (PDF_MAGIC.every((byte, i) => bytes[i] === byte)) return { kind: 'pdf' };

  const text = decodeText(bytes);
  // An SVG in another encoding than UTF-8 is still an SVG, and still refused.
  if (!bytes.includes(0) && isSvgDocument(text ?? new TextDecoder().decode(bytes))) return refusedFormat(file, 'svg');
  if (text !== undefined && !looksBinary(bytes)) return { kind: 'text' };

  const image = measureImage(bytes);
  if (image === 'damaged') {
    return { kind: 'refused', reason: `${file} looks like an image, but its header is damaged or cut off. Open it in an image editor, save it again as PNG or JPEG and attach that.` };
  }
  if (image) {
    const { mediaType, size } = image;
    if (!(size.width > 0 && size.height > 0)) return { kind: 'refused', reason: `${file} is an image without pixels (its header says ${size.width}×${size.height}).` };
    const sniffed: SniffResult = { kind: 'image', mediaType, width: size.width, height: size.height };
    if (size.orientation !== undefined) sniffed.orientation = size.orientation;
    return sniffed;
  }
  const format = otherImageFormat(bytes);
  if (format) return refusedFormat(file, format);

  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: 'refused', reason: `${file} is UTF-16 text; attached text files must be UTF-8. Reopen it in VS Code, save it with UTF-8 encoding, then attach it again.` };
  }
  if (!bytes.includes(0) && !looksBinary(bytes)) {
    return {
      kind: 'refused',
      reason: `${file} is not UTF-8 text; it may use another encoding (such as Windows-1252). Reopen it in VS Code with its encoding, save it as UTF-8, then attach it again.`,
    };
  }
  return { kind: 'refused', reason: `${file} is a binary file. Claude reads images (PNG, JPEG, GIF, WebP), PDFs and UTF-8 text files.` };
}

function refusedFormat(file: string, format: string): SniffResult {
  const { what, todo } = OTHER_IMAGE_FORMATS[format];
  return { kind: 'refused', reason: `${file} is ${what}; ${ACCEPTED_FORMATS}. ${todo}` };
}

/** The four formats the API takes, by image-size's name for them. */
const ACCEPTED_IMAGES: Readonly<Record<string, ImageMediaType>> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/**
 * The accepted image format the bytes start with and its size, measured by image-size's handler for it; 'damaged'
 * when the signature is there but the header cannot be read (a truncated download), undefined for anything else.
 */
function measureImage(bytes: Uint8Array): { mediaType: ImageMediaType; size: ISize } | 'damaged' | undefined {
  for (const [type, mediaType] of Object.entries(ACCEPTED_IMAGES)) {
    const handler = typeHandlers.get(type as 'png')!;
    try {
      if (handler.validate(bytes)) return { mediaType, size: handler.calculate(bytes) };
    } catch {
      return 'damaged';
    }
  }
  return undefined;
}

/**
 * Which other image format the file is, to name it in the refusal: the first whose image-size signature check
 * matches (the header need not be complete to be named), with HEIC and AVIF told apart by their brand (image-size
 * calls both `heif`). A TGA has no signature and image-size's guess matches many binary files, so it is not named.
 */
function otherImageFormat(bytes: Uint8Array): string | undefined {
  const brand = HEIF_BRANDS[isoBrand(bytes)];
  if (brand) return brand;
  for (const [type, handler] of typeHandlers) {
    if (!OTHER_IMAGE_FORMATS[type]) continue;
    try {
      if (handler.validate(bytes)) return type;
    } catch {
      // A signature followed by a header too short to check: not named.
    }
  }
  return undefined;
}

/** The text of valid UTF-8 without NUL bytes, or undefined. */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * More than 1 in 10 of the first 8 KiB are control characters other than tab, line breaks, form feed and escape
 * (which logs with colours contain): valid UTF-8 by accident, not text anyone wrote.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) || byte === 0x7f) control++;
  }
  return control * 10 > sample.length;
}

/**
 * An SVG document: its root element is `<svg>` (after an optional BOM, XML declaration, comments, doctype and
 * processing instructions). HTML or JSX with an inline `<svg>` is not one and stays text.
 */
export function isSvgDocument(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.trimStart();
    const prolog = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>)/i.exec(rest);
    if (!prolog) break;
    rest = rest.slice(prolog[0].length);
  }
  return /^<(?:[\w.-]+:)?svg[\s>/]/i.test(rest);
}

/** The major brand of an ISO-BMFF file (HEIC, AVIF), or ''. */
function isoBrand(bytes: Uint8Array): string {
  if (bytes.byteLength < 12 || String.fromCharCode(...bytes.subarray(4, 8)) !== 'ftyp') return '';
  return String.fromCharCode(...bytes.subarray(8, 12));
}

/** Extensions that promise an image or a PDF, for the check below. */
const BINARY_EXTENSIONS = /\.(png|jpe?g|gif|webp|pdf|svgz|heic|heif|avif|bmp|tiff?|ico)$/i;

/**
 * A file named like an image or PDF whose bytes are text: its type comes from its bytes (text), but attaching it
 * as text would send something else than the user meant to (most often a Git LFS pointer where the image should
 * be), so it is refused with what it really is. Undefined when the name promises nothing of the sort.
 */
export function misnamedTextReason(name: string, text: string): string | undefined {
  const extension = BINARY_EXTENSIONS.exec(name)?.[1];
  if (!extension) return undefined;
  const file = `\`${name}\``;
  if (text.startsWith('version https://git-lfs.github.com/spec/')) {
    return `${file} is a Git LFS pointer (a small text file), not the ${extension.toUpperCase()} itself. Run \`git lfs pull\` to fetch the file, then attach it again.`;
  }
  return `${file} is named like a ${extension.toUpperCase()} file but holds text. Rename it (for example to .txt) to attach it as a text file.`;
}

/** The size an image shows at: an EXIF orientation of 5–8 turns it by a quarter, swapping its sides. */
export function orientedSize(image: { width: number; height: number; orientation?: number }): { width: number; height: number } {
  const quarterTurn = image.orientation !== undefined && image.orientation >= 5 && image.orientation <= 8;
  return quarterTurn ? { width: image.height, height: image.width } : { width: image.width, height: image.height };
}

export interface ImageSizeLimits {
  /** claudeChat.attachments.maxImageSide; clamped to 1..API_MAX_IMAGE_SIDE. */
  maxSide: number;
  /** The request holds (or will hold) more than MANY_IMAGES_THRESHOLD images. */
  manyImages: boolean;
}

/**
 * The size to send an image at: aspect kept, long side within `maxSide` and within what the API takes (2000 px in
 * a request with many images, 8000 px otherwise), and at the default size or less also within MAX_MODEL_PIXELS.
 * Never larger than the image (no upscaling); integer sides of at least 1.
 */
export function imageTargetSize(width: number, height: number, limits: ImageSizeLimits): { width: number; height: number } {
  const cap = Math.max(1, Math.min(Math.floor(limits.maxSide), limits.manyImages ? MANY_IMAGES_MAX_SIDE : API_MAX_IMAGE_SIDE));
  let scale = Math.min(1, cap / Math.max(width, height));
  if (limits.maxSide <= DEFAULT_MAX_IMAGE_SIDE) scale = Math.min(scale, Math.sqrt(MAX_MODEL_PIXELS / (width * height)));
  if (scale >= 1) return { width, height };
  // Flooring keeps both limits (long side, pixels) exact; the epsilon keeps 4000 × 0.392 from flooring to 1567.
  return { width: Math.max(1, Math.floor(width * scale + 1e-9)), height: Math.max(1, Math.floor(height * scale + 1e-9)) };
}

export interface ResizeOutput {
  output: ResizeOutputType;
  /** Encoder quality 0..1; PNG is lossless and ignores it. */
  quality: number;
}

/**
 * What a downscaled image is encoded as. A JPEG stays a JPEG. PNG, GIF and WebP become PNG: they are mostly
 * screenshots and diagrams, whose sharp text JPEG would smear, and PNG keeps transparency (a GIF's animation is not
 * kept: the model sees one frame anyway).
 */
export function resizeOutputFor(mediaType: ImageMediaType): ResizeOutput {
  return mediaType === 'image/jpeg' ? { output: 'image/jpeg', quality: JPEG_QUALITY } : { output: 'image/png', quality: 1 };
}

/**
 * When the PNG of a large, detailed image (a photo saved as PNG, at a high maxImageSide) comes out over
 * MAX_IMAGE_BYTES, it is encoded once more as JPEG, which is several times smaller for such content. Transparent
 * areas then turn black, which is better than not sending the image at all.
 */
export const OVERSIZED_PNG_FALLBACK: ResizeOutput = { output: 'image/jpeg', quality: JPEG_QUALITY };

/**
 * How an image must be re-encoded before it is stored, or undefined when it can go as it is. It is re-encoded when
 * it is larger than the target size, over MAX_IMAGE_BYTES, or has an EXIF orientation other than 1: the browser
 * applies the orientation when it decodes, so the re-encoded pixels stand the right way up, which the API (which
 * may not read EXIF) then sees too.
 */
export function planImageResize(
  image: { mediaType: ImageMediaType; width: number; height: number; orientation?: number },
  byteLength: number,
  limits: ImageSizeLimits,
): ({ width: number; height: number; downscaled: boolean } & ResizeOutput) | undefined {
  const shown = orientedSize(image);
  const target = imageTargetSize(shown.width, shown.height, limits);
  const smaller = target.width < shown.width || target.height < shown.height;
  const rotated = image.orientation !== undefined && image.orientation !== 1;
  const tooHeavy = byteLength > MAX_IMAGE_BYTES;
  if (!smaller && !rotated && !tooHeavy) return undefined;
  return { ...target, downscaled: smaller || tooHeavy, ...resizeOutputFor(image.mediaType) };
}

export type TokenEstimateInput = { kind: 'image'; width: number; height: number } | { kind: 'pdf'; pages: number } | { kind: 'text'; byteLength: number };

/** What an attachment costs in every request that carries it, before count_tokens can say exactly. */
export function estimateAttachmentTokens(input: TokenEstimateInput): number {
  switch (input.kind) {
    case 'image':
      return Math.ceil((input.width * input.height) / IMAGE_PIXELS_PER_TOKEN);
    case 'pdf':
      return input.pages * PDF_TOKENS_PER_PAGE_ESTIMATE;
    case 'text':
      return Math.ceil(input.byteLength / TEXT_BYTES_PER_TOKEN);
  }
}

/** Size of `byteLength` bytes once base64-encoded, as images and PDFs travel in the request body. */
export function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}

export type RequestSizeCheck = { ok: true; totalBytes: number } | { ok: false; totalBytes: number; reason: string };

/**
 * Whether a request stays under MAX_REQUEST_BYTES. `parts` are the attachments with their size in the body (the
 * base64 length for images and PDFs), `overheadBytes` everything else (text, system prompt, JSON). Over the limit,
 * the reason names the largest parts so the user knows what to remove.
 */
export function checkRequestSize(parts: readonly { label: string; bytes: number }[], overheadBytes: number): RequestSizeCheck {
  const totalBytes = parts.reduce((sum, part) => sum + part.bytes, overheadBytes);
  if (totalBytes <= MAX_REQUEST_BYTES) return { ok: true, totalBytes };
  const largest = [...parts]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((part) => `${part.label} (${formatDecimalBytes(part.bytes)})`);
  const what = largest.length > 0 ? ` The largest parts: ${largest.join(', ')}.` : '';
  return {
    ok: false,
    totalBytes,
    reason: `This request would be ${formatDecimalBytes(totalBytes)}, over the ${formatDecimalBytes(MAX_REQUEST_BYTES)} the API takes.${what} Remove some attachments (files attached to earlier messages are sent again with every message), or start a new conversation.`,
  };
}
