import { PDFDocument } from 'pdf-lib';

export type PdfInfo = { ok: true; pages: number } | { ok: false; reason: string };

/**
 * A PDF's page count, read by pdf-lib, or why the API would not take it: it refuses encrypted PDFs (even those that
 * open without a password), and a file pdf-lib cannot parse or that has no pages would be refused as invalid after
 * uploading it. `name` only appears in the reason.
 *
 * The document is loaded with `ignoreEncryption: true` and its `isEncrypted` read, rather than loaded with
 * `ignoreEncryption: false` and the EncryptedPDFError caught: pdf-lib is compiled to ES5, where a subclass of Error
 * is not `instanceof` itself, so that error could only be told from a parse error by its message.
 */
export async function readPdfInfo(bytes: Uint8Array, name: string): Promise<PdfInfo> {
  const file = `\`${name}\``;
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  } catch {
    return { ok: false, reason: `${file} could not be read as a PDF (it may be damaged or cut off). Open it in a PDF viewer, save a new copy and attach that.` };
  }
  if (document.isEncrypted) {
    return { ok: false, reason: `${file} is an encrypted PDF, which the API does not take. Save an unencrypted copy (for example with Print > Save as PDF) and attach that.` };
  }
  let pages: number;
  try {
    pages = document.getPageCount();
  } catch {
    pages = 0;
  }
  if (pages === 0) return { ok: false, reason: `${file} has no pages that could be read (it may be damaged). Open it in a PDF viewer, save a new copy and attach that.` };
  return { ok: true, pages };
}
