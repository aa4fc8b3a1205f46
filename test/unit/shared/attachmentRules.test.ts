import assert from 'node:assert/strict';
import {
  base64Length,
  checkRequestSize,
  DEFAULT_MAX_IMAGE_SIDE,
  estimateAttachmentTokens,
  imageTargetSize,
  isSvgDocument,
  MAX_IMAGE_BYTES,
  MAX_MODEL_PIXELS,
  MAX_REQUEST_BYTES,
  misnamedTextReason,
  OVERSIZED_PNG_FALLBACK,
  planImageResize,
  resizeOutputFor,
  sniffAttachment,
  type SniffResult,
} from '../../../src/shared/attachmentRules';
import { gifBytes, jpegBytes, pdfBytes, pngBytes, SVG_TEXT, TINY_GIF, TINY_WEBP, webpHeader } from '../../helpers/attachmentFixtures';

const utf8 = (text: string) => new TextEncoder().encode(text);

function refusal(result: SniffResult): string {
  assert.equal(result.kind, 'refused', `expected a refusal, got ${JSON.stringify(result)}`);
  return (result as { reason: string }).reason;
}

describe('attachment rules: sniffing a file from its bytes', () => {
  it('measures PNG, JPEG, GIF and WebP images whatever their names say', async () => {
    assert.deepEqual(sniffAttachment(pngBytes(30, 20), 'notes.txt'), { kind: 'image', mediaType: 'image/png', width: 30, height: 20 });
    assert.deepEqual(sniffAttachment(jpegBytes(16, 8), 'photo.png'), { kind: 'image', mediaType: 'image/jpeg', width: 16, height: 8 });
    assert.deepEqual(sniffAttachment(TINY_GIF, 'a.gif'), { kind: 'image', mediaType: 'image/gif', width: 1, height: 1 });
    assert.deepEqual(sniffAttachment(TINY_WEBP, 'a.webp'), { kind: 'image', mediaType: 'image/webp', width: 1, height: 1 });
    assert.deepEqual(sniffAttachment(webpHeader(3000, 2000), 'big.webp'), { kind: 'image', mediaType: 'image/webp', width: 3000, height: 2000 });
    assert.deepEqual(sniffAttachment(gifBytes(640, 480), 'anim.gif'), { kind: 'image', mediaType: 'image/gif', width: 640, height: 480 });
    assert.deepEqual(sniffAttachment(await pdfBytes(1), 'scan.png'), { kind: 'pdf' });
  });

  it('reads the EXIF orientation of a JPEG, leaving its stored size as it is', () => {
    assert.deepEqual(sniffAttachment(jpegBytes(40, 20, { orientation: 6 }), 'phone.jpg'), { kind: 'image', mediaType: 'image/jpeg', width: 40, height: 20, orientation: 6 });
  });

  it('takes valid UTF-8 without NUL bytes as text, including a .png that is text', () => {
    assert.deepEqual(sniffAttachment(utf8('const x = 1; // café ✓\n'), 'a.ts'), { kind: 'text' });
    assert.deepEqual(sniffAttachment(utf8('\uFEFFwith a byte order mark'), 'bom.txt'), { kind: 'text' });
    assert.deepEqual(sniffAttachment(utf8('\x1b[31mred\x1b[0m log line\n'), 'build.log'), { kind: 'text' });
    assert.deepEqual(sniffAttachment(utf8('hello, I am not a picture'), 'diagram.png'), { kind: 'text' });
    assert.deepEqual(sniffAttachment(utf8('BM is how this note starts, not a bitmap'), 'notes.md'), { kind: 'text' });
    assert.deepEqual(sniffAttachment(utf8('<div><svg viewBox="0 0 1 1"></svg></div>'), 'icon.html'), { kind: 'text' }, 'HTML with inline SVG stays text');
  });

  it('refuses an SVG document, never inlining it as text, and says what to do', () => {
    const reason = refusal(sniffAttachment(utf8(SVG_TEXT), 'logo.svg'));
    assert.equal(reason, '`logo.svg` is an SVG image; Claude takes PNG, JPEG, GIF and WebP. Export it as PNG and attach that.');
    assert.match(refusal(sniffAttachment(utf8(`<!-- ${'x'.repeat(2000)} -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>`), 'long-comment.txt')), /is an SVG image/);
    assert.match(refusal(sniffAttachment(utf8('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>'), 'prefixed.svg')), /SVG/);
    assert.match(refusal(sniffAttachment(new Uint8Array([...utf8('<svg xmlns="http://www.w3.org/2000/svg"><text>caf'), 0xe9, ...utf8('</text></svg>')]), 'latin1.svg')), /is an SVG image/);
  });

  it('refuses HEIC, AVIF, BMP, TIFF, ICO and PSD by name, saying what the API takes', () => {
    const ftyp = (brand: string) => new Uint8Array([0, 0, 0, 0x18, ...utf8('ftyp'), ...utf8(brand), 0, 0, 0, 0, ...utf8('mif1heic')]);
    const bmp = new Uint8Array(54);
    bmp.set(utf8('BM'));
    new DataView(bmp.buffer).setUint32(18, 100, true);
    new DataView(bmp.buffer).setInt32(22, 50, true);
    // Little-endian TIFF: header, then one IFD with ImageWidth and ImageLength (SHORT) and no next IFD.
    const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 2, 0, 0x00, 0x01, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0, 0x01, 0x01, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0]);
    const ico = new Uint8Array([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 22, 0, 0, 0]);
    const psd = new Uint8Array([...utf8('8BPS'), 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 10, 0, 0, 0, 10, 0, 8, 0, 3]);
    const cases: [Uint8Array, string, RegExp][] = [
      [ftyp('heic'), 'IMG_0001.HEIC', /^`IMG_0001\.HEIC` is a HEIC photo; Claude takes PNG, JPEG, GIF and WebP\. Convert it to JPEG/],
      [ftyp('avif'), 'x.avif', /is an AVIF image; Claude takes PNG, JPEG, GIF and WebP\. Convert it to PNG or JPEG/],
      [bmp, 'x.bmp', /is a BMP image; .* Convert it to PNG/],
      [tiff, 'scan.tif', /is a TIFF image; .* Convert it to PNG or JPEG/],
      [ico, 'favicon.ico', /is an icon file \(ICO\); .* Export the size you need as PNG/],
      [psd, 'design.psd', /is a Photoshop document \(PSD\); .* Export it as PNG or JPEG/],
    ];
    for (const [bytes, name, expected] of cases) assert.match(refusal(sniffAttachment(bytes, name)), expected, name);
  });

  it('refuses binary files, damaged images, UTF-16 and other encodings with what to do', () => {
    assert.equal(refusal(sniffAttachment(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'a.out')), '`a.out` is a binary file. Claude reads images (PNG, JPEG, GIF, WebP), PDFs and UTF-8 text files.');
    assert.match(refusal(sniffAttachment(utf8('text with a NUL\0 inside'), 'data.txt')), /`data\.txt` is a binary file/);
    assert.match(refusal(sniffAttachment(utf8('\x01\x02\x03\x04\x05\x06 mostly control'), 'weird.txt')), /is a binary file/);
    assert.match(refusal(sniffAttachment(pngBytes(4, 4).subarray(0, 14), 'cut.png')), /`cut\.png` looks like an image, but its header is damaged or cut off/);
    assert.match(refusal(sniffAttachment(new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]), 'utf16.txt')), /is UTF-16 text; .*save it with UTF-8 encoding/);
    assert.match(refusal(sniffAttachment(new Uint8Array([...utf8('caf'), 0xe9, ...utf8(' au lait\n')]), 'menu.txt')), /is not UTF-8 text; .*save it as UTF-8/);
    assert.match(refusal(sniffAttachment(new Uint8Array(0), 'empty.txt')), /`empty\.txt` is empty/);
  });

  it('tells an SVG document from markup that merely contains an svg element', () => {
    assert.equal(isSvgDocument('<svg width="1"/>'), true);
    assert.equal(isSvgDocument('  <?xml version="1.0"?><!-- c --><SVG>'), true);
    assert.equal(isSvgDocument('<html><svg></svg></html>'), false);
    assert.equal(isSvgDocument('export const Icon = () => <svg />;'), false);
    assert.equal(isSvgDocument('<svgfoo>'), false);
  });

  it('names a file that promises an image but holds text, and a Git LFS pointer', () => {
    assert.equal(misnamedTextReason('diagram.png', 'hello'), '`diagram.png` is named like a PNG file but holds text. Rename it (for example to .txt) to attach it as a text file.');
    assert.match(misnamedTextReason('assets/hero.jpg', 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n') ?? '', /is a Git LFS pointer .* Run `git lfs pull`/);
    assert.equal(misnamedTextReason('notes.md', 'hello'), undefined);
  });
});

describe('attachment rules: image sizes', () => {
  const defaults = { maxSide: DEFAULT_MAX_IMAGE_SIDE, manyImages: false };

  it('keeps the aspect, the long side and the pixel budget at the default size', () => {
    const size = imageTargetSize(4000, 3000, defaults);
    assert.deepEqual(size, { width: 1238, height: 928 });
    assert.ok(size.width * size.height <= MAX_MODEL_PIXELS);
    assert.ok(Math.abs(size.width / size.height - 4 / 3) < 0.01);
    const wide = imageTargetSize(8000, 1000, defaults);
    assert.deepEqual(wide, { width: 1568, height: 196 }, 'a long strip is bound by its side, not its pixels');
  });

  it('never upscales and never goes below one pixel', () => {
    assert.deepEqual(imageTargetSize(800, 600, defaults), { width: 800, height: 600 });
    assert.deepEqual(imageTargetSize(1, 1, defaults), { width: 1, height: 1 });
    assert.deepEqual(imageTargetSize(30000, 2, defaults), { width: 1568, height: 1 });
  });

  it('drops the pixel budget above the default size, and keeps the API limits of 8000 and 2000 px', () => {
    assert.deepEqual(imageTargetSize(4000, 3000, { maxSide: 4000, manyImages: false }), { width: 4000, height: 3000 });
    assert.deepEqual(imageTargetSize(12000, 9000, { maxSide: 20000, manyImages: false }), { width: 8000, height: 6000 });
    assert.deepEqual(imageTargetSize(4000, 3000, { maxSide: 4000, manyImages: true }), { width: 2000, height: 1500 });
    assert.deepEqual(imageTargetSize(1500, 1000, { maxSide: 4000, manyImages: true }), { width: 1500, height: 1000 });
  });

  it('plans a re-encode for size, weight or orientation, and none otherwise', () => {
    assert.equal(planImageResize({ mediaType: 'image/png', width: 800, height: 600 }, 100_000, defaults), undefined);
    assert.equal(planImageResize({ mediaType: 'image/jpeg', width: 800, height: 600, orientation: 1 }, 100_000, defaults), undefined);
    assert.deepEqual(planImageResize({ mediaType: 'image/jpeg', width: 4000, height: 3000 }, 3_000_000, defaults), { width: 1238, height: 928, downscaled: true, output: 'image/jpeg', quality: 0.85 });
    assert.deepEqual(planImageResize({ mediaType: 'image/jpeg', width: 400, height: 300, orientation: 6 }, 50_000, defaults), { width: 300, height: 400, downscaled: false, output: 'image/jpeg', quality: 0.85 });
    assert.deepEqual(planImageResize({ mediaType: 'image/png', width: 1000, height: 1000 }, MAX_IMAGE_BYTES + 1, defaults), { width: 1000, height: 1000, downscaled: true, output: 'image/png', quality: 1 });
    assert.equal(MAX_IMAGE_BYTES, 3_932_160, 'the 5 MiB limit counts base64 text');
    assert.equal(base64Length(MAX_IMAGE_BYTES), 5 * 1024 * 1024);
    assert.equal(planImageResize({ mediaType: 'image/jpeg', width: 1500, height: 1000 }, 4_500_000, defaults)?.downscaled, true, 'a 4.5 MB file is re-encoded');
    assert.deepEqual(planImageResize({ mediaType: 'image/gif', width: 3000, height: 100 }, 10_000, defaults)?.output, 'image/png');
  });

  it('re-encodes JPEG as JPEG and the rest as lossless PNG, with JPEG as the fallback for a PNG over the limit', () => {
    assert.deepEqual(resizeOutputFor('image/jpeg'), { output: 'image/jpeg', quality: 0.85 });
    for (const type of ['image/png', 'image/gif', 'image/webp'] as const) assert.equal(resizeOutputFor(type).output, 'image/png');
    assert.deepEqual(OVERSIZED_PNG_FALLBACK, { output: 'image/jpeg', quality: 0.85 });
  });
});

describe('attachment rules: token estimates and the request size', () => {
  it('estimates images by pixels/750, PDFs by pages, text by bytes/4', () => {
    assert.equal(estimateAttachmentTokens({ kind: 'image', width: 1000, height: 1000 }), 1334);
    assert.equal(estimateAttachmentTokens({ kind: 'image', width: 1, height: 1 }), 1);
    assert.equal(estimateAttachmentTokens({ kind: 'pdf', pages: 3 }), 6000);
    assert.equal(estimateAttachmentTokens({ kind: 'text', byteLength: 10 }), 3);
  });

  it('passes a request under 32 MB and lists the largest parts of one over it', () => {
    assert.deepEqual(checkRequestSize([{ label: '`a.png`', bytes: 1_000_000 }], 5_000), { ok: true, totalBytes: 1_005_000 });
    assert.equal(checkRequestSize([{ label: 'x', bytes: MAX_REQUEST_BYTES - 10 }], 10).ok, true);
    const parts = [
      { label: '`small.png`', bytes: 500_000 },
      { label: '`scan.pdf`', bytes: 20_100_000 },
      { label: '`photo.png`', bytes: 6_990_000 },
      { label: '`notes.txt`', bytes: 2_000_000 },
      { label: '`shot.png`', bytes: 3_000_000 },
    ];
    const check = checkRequestSize(parts, 1_000);
    assert.equal(check.ok, false);
    assert.equal(check.totalBytes, 32_591_000);
    assert.equal(
      (check as { reason: string }).reason,
      'This request would be 33 MB, over the 32 MB the API takes. The largest parts: `scan.pdf` (20 MB), `photo.png` (7.0 MB), `shot.png` (3.0 MB). Remove some attachments (files attached to earlier messages are sent again with every message), or start a new conversation.',
    );
  });

  it('counts base64 as four characters for every three bytes', () => {
    assert.equal(base64Length(3), 4);
    assert.equal(base64Length(4), 8);
    assert.equal(base64Length(11), Buffer.from('hello world').toString('base64').length);
  });
});
