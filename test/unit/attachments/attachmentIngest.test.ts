import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { ingestAttachment, type ImageResizeRequest, type IngestDeps, type IngestResult } from '../../../src/attachments/attachmentIngest';
import type { Attachment, AttachmentMediaType } from '../../../src/shared/attachment';
import { MAX_IMAGE_BYTES, sniffAttachment } from '../../../src/shared/attachmentRules';
import { NodeImageResizer } from '../../fakes/imageResizer';
import { decodeImage, encryptedPdfBytes, jpegBytes, pdfBytes, pngBytes, SVG_TEXT, TINY_GIF, TINY_WEBP, webpHeader } from '../../helpers/attachmentFixtures';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The content-addressed store, in memory. */
class MemoryStore {
  readonly files = new Map<string, { bytes: Uint8Array; mediaType: AttachmentMediaType }>();

  readonly put = async (bytes: Uint8Array, mediaType: AttachmentMediaType) => {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    this.files.set(sha256, { bytes, mediaType });
    return { sha256, byteLength: bytes.byteLength };
  };

  bytesOf(attachment: Attachment): Uint8Array {
    const file = this.files.get(attachment.sha256);
    assert.ok(file, 'the attachment was stored');
    assert.equal(file.mediaType, attachment.mediaType);
    return file.bytes;
  }
}

describe('ingestAttachment', function () {
  this.timeout(60_000);
  let store: MemoryStore;
  let resizer: NodeImageResizer;

  beforeEach(() => {
    store = new MemoryStore();
    resizer = new NodeImageResizer();
  });

  function deps(overrides: Partial<IngestDeps> = {}): IngestDeps {
    return { put: store.put, resize: resizer.resize, limits: { maxImageSide: 1568, manyImages: false }, accepts: { image: true, pdf: true }, ...overrides };
  }

  function attached(result: IngestResult): Attachment {
    assert.ok(result.ok, `expected an attachment, got: ${result.ok ? '' : result.reason}`);
    return result.attachment;
  }

  function refused(result: IngestResult): string {
    assert.equal(result.ok, false, 'expected a refusal');
    assert.equal(store.files.size, 0, 'nothing was stored');
    return (result as { reason: string }).reason;
  }

  it('downscales a 4000×3000 JPEG to what the model uses and stores the re-encoded image', async () => {
    const photo = jpegBytes(4000, 3000, { quality: 92 });
    const attachment = attached(await ingestAttachment({ bytes: photo, name: 'photos/beach.jpg', uri: 'file:///w/photos/beach.jpg' }, deps()));
    assert.deepEqual(
      resizer.calls.map(({ data, ...request }) => ({ ...request, sameData: data === photo })),
      [{ mediaType: 'image/jpeg', width: 1238, height: 928, output: 'image/jpeg', quality: 0.85, sameData: true }],
    );
    const stored = store.bytesOf(attachment);
    assert.deepEqual(sniffAttachment(stored, 'stored'), { kind: 'image', mediaType: 'image/jpeg', width: 1238, height: 928 });
    assert.equal(decodeImage(stored).width, 1238, 'the stored bytes decode at the new size');
    assert.deepEqual(attachment, {
      kind: 'image',
      mediaType: 'image/jpeg',
      sha256: crypto.createHash('sha256').update(stored).digest('hex'),
      byteLength: stored.byteLength,
      name: 'photos/beach.jpg',
      uri: 'file:///w/photos/beach.jpg',
      width: 1238,
      height: 928,
      tokens: Math.ceil((1238 * 928) / 750),
      tokensCounted: false,
      original: { width: 4000, height: 3000, byteLength: photo.byteLength },
    });
    assert.ok(stored.byteLength < photo.byteLength);
  });

  it('stores an image that is small enough as it is, without a resize', async () => {
    const shot = pngBytes(300, 200);
    const attachment = attached(await ingestAttachment({ bytes: shot, name: 'pasted image.png' }, deps()));
    assert.equal(resizer.calls.length, 0);
    assert.equal(store.bytesOf(attachment), shot);
    assert.deepEqual(attachment, {
      kind: 'image',
      mediaType: 'image/png',
      sha256: crypto.createHash('sha256').update(shot).digest('hex'),
      byteLength: shot.byteLength,
      name: 'pasted image.png',
      width: 300,
      height: 200,
      tokens: 80,
      tokensCounted: false,
    });
  });

  it('takes a GIF and a WebP as they are', async () => {
    const gif = attached(await ingestAttachment({ bytes: TINY_GIF, name: 'dot.gif' }, deps()));
    assert.deepEqual([gif.kind, gif.mediaType, gif.width, gif.height], ['image', 'image/gif', 1, 1]);
    const webp = attached(await ingestAttachment({ bytes: TINY_WEBP, name: 'dot.webp' }, deps()));
    assert.deepEqual([webp.mediaType, webp.width, webp.height], ['image/webp', 1, 1]);
    assert.equal(resizer.calls.length, 0);
  });

  it('asks for a large WebP as PNG, and refuses it with the reason when the resize fails', async () => {
    const reason = refused(await ingestAttachment({ bytes: webpHeader(3000, 2000), name: 'big.webp' }, deps()));
    assert.equal(reason, '`big.webp` could not be downscaled: The test resizer decodes only PNG and JPEG.');
    assert.deepEqual(
      resizer.calls.map(({ width, height, output }) => ({ width, height, output })),
      [{ width: 1313, height: 875, output: 'image/png' }],
    );
  });

  it('bakes an EXIF orientation in: a 40×20 JPEG shown turned a quarter is stored upright at 20×40', async () => {
    // Left half red, right half blue as stored; orientation 6 shows it turned clockwise: red on top.
    const paint = (x: number): [number, number, number, number] => (x < 20 ? [255, 0, 0, 255] : [0, 0, 255, 255]);
    const attachment = attached(await ingestAttachment({ bytes: jpegBytes(40, 20, { paint, orientation: 6 }), name: 'phone.jpg' }, deps()));
    assert.deepEqual(
      resizer.calls.map(({ width, height, output }) => ({ width, height, output })),
      [{ width: 20, height: 40, output: 'image/jpeg' }],
    );
    const stored = store.bytesOf(attachment);
    assert.deepEqual(sniffAttachment(stored, 'stored'), { kind: 'image', mediaType: 'image/jpeg', width: 20, height: 40 });
    const image = decodeImage(stored);
    assert.ok(image.pixel(10, 5)[0] > 200 && image.pixel(10, 5)[2] < 60, 'red on top');
    assert.ok(image.pixel(10, 35)[2] > 200 && image.pixel(10, 35)[0] < 60, 'blue below');
    assert.deepEqual([attachment.width, attachment.height, attachment.original], [20, 40, undefined], 'turned, not downscaled');
  });

  it('keeps within 2000 px when the request holds many images, even with a larger maxImageSide', async () => {
    const attachment = attached(await ingestAttachment({ bytes: pngBytes(2500, 1000), name: 'wide.png' }, deps({ limits: { maxImageSide: 4000, manyImages: true } })));
    assert.deepEqual([attachment.width, attachment.height], [2000, 800]);
    assert.deepEqual(sniffAttachment(store.bytesOf(attachment), 's'), { kind: 'image', mediaType: 'image/png', width: 2000, height: 800 });
  });

  it('checks what the resizer returns: garbage or a wrong size is refused, not stored', async () => {
    const source = { bytes: pngBytes(2000, 1000), name: 'diagram.png' };
    assert.equal(
      refused(await ingestAttachment(source, deps({ resize: async () => utf8('<html>not an image</html>') }))),
      '`diagram.png` could not be downscaled: the result was not an image the API takes. Attach a smaller copy instead.',
    );
    assert.equal(
      refused(await ingestAttachment(source, deps({ resize: async () => pngBytes(1568, 784) }))),
      '`diagram.png` could not be downscaled: the result was 1568×784 instead of 1516×758. Attach a smaller copy instead.',
    );
    assert.equal(
      refused(await ingestAttachment(source, deps({ resize: async () => jpegBytes(1516, 758, { orientation: 3 }) }))),
      '`diagram.png` could not be turned upright: the result still asks to be rotated (EXIF orientation 3). Attach an upright copy instead.',
    );
  });

  it('falls back to JPEG when the PNG comes out over the per-image limit, and refuses when even that is too heavy', async () => {
    const heavy = (request: ImageResizeRequest) => {
      const real = request.output === 'image/png' ? pngBytes(request.width, request.height) : jpegBytes(request.width, request.height);
      const padded = new Uint8Array(MAX_IMAGE_BYTES + 1);
      padded.set(real);
      return padded;
    };
    const calls: ImageResizeRequest[] = [];
    const fallback = attached(
      await ingestAttachment(
        { bytes: pngBytes(2000, 1000), name: 'photo-as.png' },
        deps({
          resize: async (request) => {
            calls.push(request);
            return request.output === 'image/png' ? heavy(request) : resizer.resize(request);
          },
        }),
      ),
    );
    assert.deepEqual(
      calls.map(({ output, quality }) => [output, quality]),
      [
        ['image/png', 1],
        ['image/jpeg', 0.85],
      ],
    );
    assert.deepEqual([fallback.mediaType, fallback.width, fallback.height], ['image/jpeg', 1516, 758]);
    assert.ok(fallback.byteLength <= MAX_IMAGE_BYTES);
    store.files.clear();
    assert.match(refused(await ingestAttachment({ bytes: pngBytes(2000, 1000), name: 'noise.png' }, deps({ resize: async (request) => heavy(request) }))), /^`noise\.png` is still 3\.9 MB at 1516×758, over the 3\.9 MB the API takes per image \(5 MB once base64-encoded\)\. Lower claudeChat\.attachments\.maxImageSide/);
  });

  it('refuses an image too large to decode safely, before asking for a resize', async () => {
    const bomb = pngBytes(1, 1);
    new DataView(bomb.buffer, bomb.byteOffset).setUint32(16, 20_000);
    new DataView(bomb.buffer, bomb.byteOffset).setUint32(20, 20_000);
    assert.match(refused(await ingestAttachment({ bytes: bomb, name: 'bomb.png' }, deps())), /`bomb\.png` is 20000×20000 pixels, too large to downscale here/);
    assert.equal(resizer.calls.length, 0);
  });

  it('refuses a .png that is text, an SVG, and a text file with NUL bytes, naming each', async () => {
    assert.equal(
      refused(await ingestAttachment({ bytes: utf8('just some notes'), name: 'logo.png' }, deps())),
      '`logo.png` is named like a PNG file but holds text. Rename it (for example to .txt) to attach it as a text file.',
    );
    assert.equal(refused(await ingestAttachment({ bytes: utf8(SVG_TEXT), name: 'logo.svg' }, deps())), '`logo.svg` is an SVG image; Claude takes PNG, JPEG, GIF and WebP. Export it as PNG and attach that.');
    assert.match(refused(await ingestAttachment({ bytes: utf8('name\0value'), name: 'data.txt' }, deps())), /^`data\.txt` is a binary file/);
  });

  it('stores a text file as text/plain with its estimate', async () => {
    const bytes = utf8('export const answer = 42;\n');
    const attachment = attached(await ingestAttachment({ bytes, name: 'src/answer.ts', uri: 'file:///w/src/answer.ts' }, deps({ accepts: { image: false, pdf: false } })));
    assert.deepEqual(attachment, {
      kind: 'text',
      mediaType: 'text/plain',
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      byteLength: bytes.byteLength,
      name: 'src/answer.ts',
      uri: 'file:///w/src/answer.ts',
      tokens: 7,
      tokensCounted: false,
    });
  });

  it('refuses a text file over 512 KiB', async () => {
    const reason = refused(await ingestAttachment({ bytes: utf8('x'.repeat(512 * 1024 + 1)), name: 'huge.log' }, deps()));
    assert.match(reason, /^`huge\.log` is 524 kB; text files up to 524 kB are attached/);
  });

  it('stores a PDF with its page count and refuses big, long or encrypted ones', async () => {
    const pdf = await pdfBytes(3);
    const attachment = attached(await ingestAttachment({ bytes: pdf, name: 'spec.pdf' }, deps()));
    assert.deepEqual([attachment.kind, attachment.mediaType, attachment.pages, attachment.tokens, attachment.tokensCounted], ['pdf', 'application/pdf', 3, 6000, false]);
    store.files.clear();

    assert.match(refused(await ingestAttachment({ bytes: await pdfBytes(101), name: 'book.pdf' }, deps())), /^`book\.pdf` has 101 pages; the API takes PDFs of up to 100 pages/);
    assert.match(refused(await ingestAttachment({ bytes: await encryptedPdfBytes(), name: 'locked.pdf' }, deps())), /^`locked\.pdf` is an encrypted PDF/);
    const padded = (size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(pdf);
      return bytes;
    };
    assert.match(refused(await ingestAttachment({ bytes: padded(32_000_001), name: 'scan.pdf' }, deps())), /^`scan\.pdf` is 32 MB; the API takes PDFs up to 32 MB/);
    assert.match(refused(await ingestAttachment({ bytes: padded(25_000_000), name: 'scan.pdf' }, deps())), /^`scan\.pdf` is 25 MB, 33 MB once encoded for the request, over the 32 MB a request may hold/);
  });

  it('refuses what the model does not read, naming the model', async () => {
    const textOnly = deps({ accepts: { image: false, pdf: false }, modelLabel: 'claude-text-only-test' });
    assert.equal(
      refused(await ingestAttachment({ bytes: pngBytes(10, 10), name: 'a.png' }, textOnly)),
      '`a.png` is an image, and claude-text-only-test does not read images. Choose a model that does (claudeChat.model), or describe the image in words.',
    );
    assert.match(refused(await ingestAttachment({ bytes: await pdfBytes(1), name: 'a.pdf' }, textOnly)), /^`a\.pdf` is a PDF, and claude-text-only-test does not read PDFs/);
    assert.equal(resizer.calls.length, 0);
  });
});
