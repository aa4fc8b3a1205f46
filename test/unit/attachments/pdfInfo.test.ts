import assert from 'node:assert/strict';
import { readPdfInfo } from '../../../src/attachments/pdfInfo';
import { encryptedPdfBytes, pdfBytes } from '../../helpers/attachmentFixtures';

describe('readPdfInfo', () => {
  it('counts the pages of a real PDF', async () => {
    assert.deepEqual(await readPdfInfo(await pdfBytes(1), 'one.pdf'), { ok: true, pages: 1 });
    assert.deepEqual(await readPdfInfo(await pdfBytes(7), 'seven.pdf'), { ok: true, pages: 7 });
    assert.deepEqual(await readPdfInfo(await pdfBytes(150), 'long.pdf'), { ok: true, pages: 150 }, 'the page limit is the caller’s to apply');
  });

  it('refuses an encrypted PDF, whether its objects are plain or in an encrypted object stream', async () => {
    const expected = {
      ok: false,
      reason: '`locked.pdf` is an encrypted PDF, which the API does not take. Save an unencrypted copy (for example with Print > Save as PDF) and attach that.',
    };
    assert.deepEqual(await readPdfInfo(await encryptedPdfBytes(), 'locked.pdf'), expected);
    assert.deepEqual(await readPdfInfo(await encryptedPdfBytes({ objectStreams: true }), 'locked.pdf'), expected);
  });

  it('refuses a PDF that cannot be parsed or has no pages', async () => {
    const cut = (await pdfBytes(3)).subarray(0, 100);
    assert.deepEqual(await readPdfInfo(cut, 'cut.pdf'), {
      ok: false,
      reason: '`cut.pdf` could not be read as a PDF (it may be damaged or cut off). Open it in a PDF viewer, save a new copy and attach that.',
    });
    const header = await readPdfInfo(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'), 'empty.pdf');
    assert.deepEqual(header, { ok: false, reason: '`empty.pdf` has no pages that could be read (it may be damaged). Open it in a PDF viewer, save a new copy and attach that.' });
  });
});
