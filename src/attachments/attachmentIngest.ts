import { kindOfMediaType, PDF_MEDIA_TYPE, TEXT_MEDIA_TYPE, type Attachment, type AttachmentMediaType } from '../shared/attachment';
import {
  base64Length,
  estimateAttachmentTokens,
  MAX_IMAGE_BYTES,
  MAX_PDF_BYTES,
  MAX_PDF_PAGES,
  MAX_REQUEST_BYTES,
  MAX_SOURCE_PIXELS,
  MAX_TEXT_FILE_BYTES,
  misnamedTextReason,
  orientedSize,
  OVERSIZED_PNG_FALLBACK,
  planImageResize,
  sniffAttachment,
  type ResizeOutput,
} from '../shared/attachmentRules';
import { formatDecimalBytes } from '../shared/byteSize';
import type { ImageMediaType } from '../shared/conversation';
import type { ResizeOutputType } from '../shared/protocol';
import { readPdfInfo } from './pdfInfo';

export interface IngestSource {
  bytes: Uint8Array;
  /** Shown on the chip and in every reason: the workspace-relative path, or the file name. */
  name: string;
  /** The file it came from; absent for a paste or an OS drop. */
  uri?: string;
}

/** Decode `data` and re-encode it at exactly `width`×`height` (the size it shows at, EXIF orientation applied). */
export interface ImageResizeRequest {
  data: Uint8Array;
  mediaType: ImageMediaType;
  width: number;
  height: number;
  output: ResizeOutputType;
  quality: number;
}

export interface IngestDeps {
  /** Stores the bytes content-addressed (idempotent). */
  put(bytes: Uint8Array, mediaType: AttachmentMediaType): Promise<{ sha256: string; byteLength: number }>;
  /** Re-encodes an image (the webview's codec); its answer is checked, never trusted. */
  resize(request: ImageResizeRequest): Promise<Uint8Array>;
  limits: { maxImageSide: number; manyImages: boolean };
  /** What the conversation's model takes. */
  accepts: { image: boolean; pdf: boolean };
  /** The model's name, for a refusal ("claude-x does not read images"). */
  modelLabel?: string;
}

export type IngestResult = { ok: true; attachment: Attachment } | { ok: false; reason: string };

/**
 * Turns a file's bytes into a stored attachment, or says why it cannot be one. The type comes from the bytes
 * (sniffAttachment); what the model does not take is refused before any work; an image larger than it needs to be,
 * over the API's per-image limit or turned by EXIF is re-encoded through `deps.resize`, and the result is sniffed again (type,
 * exact size, weight) before it is stored; a PDF is checked for size, encryption and pages; a text file for size.
 */
export async function ingestAttachment(source: IngestSource, deps: IngestDeps): Promise<IngestResult> {
  const sniffed = sniffAttachment(source.bytes, source.name);
  const file = `\`${source.name}\``;
  const model = deps.modelLabel ?? 'The selected model';
  switch (sniffed.kind) {
    case 'refused':
      return { ok: false, reason: sniffed.reason };
    case 'image':
      if (!deps.accepts.image) return { ok: false, reason: `${file} is an image, and ${model} does not read images. Choose a model that does (claudeChat.model), or describe the image in words.` };
      return ingestImage(source, sniffed, deps);
    case 'pdf':
      if (!deps.accepts.pdf) return { ok: false, reason: `${file} is a PDF, and ${model} does not read PDFs. Choose a model that does (claudeChat.model), or paste the text you need.` };
      return ingestPdf(source, deps);
    case 'text':
      return ingestText(source, deps);
  }
}

async function ingestImage(source: IngestSource, image: { mediaType: ImageMediaType; width: number; height: number; orientation?: number }, deps: IngestDeps): Promise<IngestResult> {
  const file = `\`${source.name}\``;
  const shown = orientedSize(image);
  if (shown.width * shown.height > MAX_SOURCE_PIXELS) {
    return {
      ok: false,
      reason: `${file} is ${shown.width}×${shown.height} pixels, too large to downscale here (over ${MAX_SOURCE_PIXELS / 1_000_000} megapixels). Downscale it in an image editor first, then attach it.`,
    };
  }
  const plan = planImageResize(image, source.bytes.byteLength, { maxSide: deps.limits.maxImageSide, manyImages: deps.limits.manyImages });
  if (!plan) return store(source, image.mediaType, deps, { ...shown, ...estimate({ kind: 'image', ...shown }) });

  const target = { width: plan.width, height: plan.height };
  let resized = await resizeChecked(source, image.mediaType, target, plan, deps);
  if (!resized.ok) return resized;
  if (resized.tooHeavy && plan.output === 'image/png') resized = await resizeChecked(source, image.mediaType, target, OVERSIZED_PNG_FALLBACK, deps);
  if (!resized.ok) return resized;
  if (resized.tooHeavy) {
    return {
      ok: false,
      reason: `${file} is still ${formatDecimalBytes(resized.bytes.byteLength)} at ${target.width}×${target.height}, over the ${formatDecimalBytes(MAX_IMAGE_BYTES)} the API takes per image (5 MB once base64-encoded). Lower claudeChat.attachments.maxImageSide, or attach a smaller copy.`,
    };
  }
  const original = plan.downscaled ? { width: shown.width, height: shown.height, byteLength: source.bytes.byteLength } : undefined;
  return store({ ...source, bytes: resized.bytes }, resized.mediaType, deps, { ...target, ...estimate({ kind: 'image', ...target }), ...(original ? { original } : {}) });
}

type CheckedResize = { ok: true; bytes: Uint8Array; mediaType: ImageMediaType; tooHeavy: boolean } | { ok: false; reason: string };

/**
 * One round trip through the resizer, with its answer checked as any file would be: it must be an image the API
 * takes, at exactly the requested size, with no orientation left to apply. `tooHeavy` says it is over
 * MAX_IMAGE_BYTES (the caller may try JPEG); anything else wrong refuses the file rather than store a bad image.
 */
async function resizeChecked(
  source: IngestSource,
  mediaType: ImageMediaType,
  target: { width: number; height: number },
  output: ResizeOutput,
  deps: IngestDeps,
): Promise<CheckedResize> {
  const file = `\`${source.name}\``;
  let bytes: Uint8Array;
  try {
    bytes = await deps.resize({ data: source.bytes, mediaType, width: target.width, height: target.height, output: output.output, quality: output.quality });
  } catch (error) {
    return { ok: false, reason: `${file} could not be downscaled: ${error instanceof Error ? error.message : String(error)}` };
  }
  const check = sniffAttachment(bytes, source.name);
  if (check.kind !== 'image') {
    return { ok: false, reason: `${file} could not be downscaled: the result was not an image the API takes. Attach a smaller copy instead.` };
  }
  if (check.width !== target.width || check.height !== target.height) {
    return {
      ok: false,
      reason: `${file} could not be downscaled: the result was ${check.width}×${check.height} instead of ${target.width}×${target.height}. Attach a smaller copy instead.`,
    };
  }
  if (check.orientation !== undefined && check.orientation !== 1) {
    return { ok: false, reason: `${file} could not be turned upright: the result still asks to be rotated (EXIF orientation ${check.orientation}). Attach an upright copy instead.` };
  }
  return { ok: true, bytes, mediaType: check.mediaType, tooHeavy: bytes.byteLength > MAX_IMAGE_BYTES };
}

async function ingestPdf(source: IngestSource, deps: IngestDeps): Promise<IngestResult> {
  const file = `\`${source.name}\``;
  const size = source.bytes.byteLength;
  if (size > MAX_PDF_BYTES) return { ok: false, reason: `${file} is ${formatDecimalBytes(size)}; the API takes PDFs up to ${formatDecimalBytes(MAX_PDF_BYTES)}. Split it, or attach the pages you need.` };
  // A PDF travels base64-encoded, a third larger, in a request that may hold 32 MB in all.
  if (base64Length(size) > MAX_REQUEST_BYTES) {
    return {
      ok: false,
      reason: `${file} is ${formatDecimalBytes(size)}, ${formatDecimalBytes(base64Length(size))} once encoded for the request, over the ${formatDecimalBytes(MAX_REQUEST_BYTES)} a request may hold. Split it, or attach the pages you need.`,
    };
  }
  const info = await readPdfInfo(source.bytes, source.name);
  if (!info.ok) return info;
  if (info.pages > MAX_PDF_PAGES) {
    return { ok: false, reason: `${file} has ${info.pages} pages; the API takes PDFs of up to ${MAX_PDF_PAGES} pages. Split it, or attach the pages you need.` };
  }
  return store(source, PDF_MEDIA_TYPE, deps, { pages: info.pages, ...estimate({ kind: 'pdf', pages: info.pages }) });
}

async function ingestText(source: IngestSource, deps: IngestDeps): Promise<IngestResult> {
  const file = `\`${source.name}\``;
  const misnamed = misnamedTextReason(source.name, new TextDecoder().decode(source.bytes.subarray(0, 200)));
  if (misnamed) return { ok: false, reason: misnamed };
  const size = source.bytes.byteLength;
  if (size > MAX_TEXT_FILE_BYTES) {
    return {
      ok: false,
      reason: `${file} is ${formatDecimalBytes(size)}; text files up to ${formatDecimalBytes(MAX_TEXT_FILE_BYTES)} are attached (an attachment is sent again with every later message). Select the part that matters and ask about the selection instead.`,
    };
  }
  return store(source, TEXT_MEDIA_TYPE, deps, estimate({ kind: 'text', byteLength: size }));
}

function estimate(input: Parameters<typeof estimateAttachmentTokens>[0]): { tokens: number; tokensCounted: false } {
  return { tokens: estimateAttachmentTokens(input), tokensCounted: false };
}

async function store(source: IngestSource, mediaType: AttachmentMediaType, deps: IngestDeps, details: Partial<Attachment>): Promise<IngestResult> {
  const stored = await deps.put(source.bytes, mediaType);
  const attachment: Attachment = { kind: kindOfMediaType(mediaType), mediaType, sha256: stored.sha256, byteLength: stored.byteLength, name: source.name, ...details };
  if (source.uri !== undefined) attachment.uri = source.uri;
  return { ok: true, attachment };
}
