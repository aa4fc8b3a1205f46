import assert from 'node:assert/strict';
import type { Attachment } from '../../../src/shared/attachment';
import { attachmentDetails, attachmentImageSource, attachmentTitle, tokenLabel, totalTokens } from '../../../src/webview-ui/attachmentChips';

const SHA = 'a'.repeat(64);

function attachment(extra: Partial<Attachment>): Attachment {
  return { kind: 'image', mediaType: 'image/png', sha256: SHA, byteLength: 10, name: 'shot.png', ...extra };
}

describe('attachmentChips: what a chip says', () => {
  it('shows a stored image from the store folder the host gave, by its stored name', () => {
    assert.equal(attachmentImageSource('https://file+.vscode-resource.vscode-cdn.net/g/attachments', attachment({})), `https://file+.vscode-resource.vscode-cdn.net/g/attachments/${SHA}.png`);
    assert.equal(attachmentImageSource('vscode-resource:/g/attachments/', attachment({ mediaType: 'image/jpeg' })), `vscode-resource:/g/attachments/${SHA}.jpg`);
    assert.equal(attachmentImageSource('', attachment({})), undefined, 'no store known yet: no image');
  });

  it('says whether the cost was counted or estimated', () => {
    assert.equal(tokenLabel(1234, true), '1,234 tokens');
    assert.equal(tokenLabel(1234, false), '≈1,234 tokens');
  });

  it('gives a PDF its pages and a downscaled image its original size', () => {
    assert.equal(attachmentDetails(attachment({ kind: 'pdf', mediaType: 'application/pdf', pages: 12, tokens: 24000 })), '12 pages · ≈24,000 tokens');
    assert.equal(attachmentDetails(attachment({ kind: 'pdf', mediaType: 'application/pdf', pages: 1 })), '1 page');
    const title = attachmentTitle(attachment({ width: 1568, height: 1176, original: { width: 4000, height: 3000, byteLength: 5_000_000 }, tokens: 2458, tokensCounted: true }));
    assert.equal(title, 'shot.png\n1568×1176, downscaled from 4000×3000\n2,458 tokens');
  });

  it('adds up the ready attachments, counted only when all of them were', () => {
    const ready = (tokens: number | undefined, counted: boolean) => ({ id: `i${tokens}`, state: 'ready' as const, attachment: attachment({ tokens, tokensCounted: counted || undefined }) });
    assert.deepEqual(totalTokens([ready(1000, true), ready(234, true), { id: 'p', state: 'preparing', name: 'x.png' }]), { tokens: 1234, counted: true });
    assert.deepEqual(totalTokens([ready(1000, true), ready(234, false)]), { tokens: 1234, counted: false });
    assert.equal(totalTokens([{ id: 'p', state: 'preparing', name: 'x.png' }]), undefined);
  });
});
