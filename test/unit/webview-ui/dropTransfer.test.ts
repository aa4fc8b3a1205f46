import assert from 'node:assert/strict';
import {
  attachableUri,
  carriesFiles,
  droppedFiles,
  droppedUris,
  parseResourceUrls,
  parseUriList,
  pastedFileName,
  pastedFiles,
  screenFiles,
  screenUris,
  type DropTransfer,
} from '../../../src/webview-ui/dropTransfer';

/** A DataTransfer as a drop delivers it: the types, and data for each. */
function transfer(data: Record<string, string>, files: File[] = []): DropTransfer {
  return { types: [...Object.keys(data), ...(files.length > 0 ? ['Files'] : [])], getData: (format) => data[format] ?? '', files };
}

describe('dropTransfer: what a drop or paste carries', () => {
  it('reads an Explorer multi-selection from resourceurls and the uri-list, each URI once, in order', () => {
    const a = 'file:///home/me/project/src/a.ts';
    const b = 'file:///home/me/project/shot%201.png';
    const dropped = transfer({
      resourceurls: JSON.stringify([a, b]),
      'application/vnd.code.uri-list': `${a}\r\n${b}`,
      'text/uri-list': `# dragged from VS Code\n${b}\n`,
    });
    assert.deepEqual(droppedUris(dropped), [a, b]);
  });

  it('reads text/uri-list alone, skipping comments and blank lines', () => {
    assert.deepEqual(droppedUris(transfer({ 'text/uri-list': '# comment\n\nfile:///tmp/x.pdf\r\n  \n#file:///tmp/not.pdf\nvscode-remote://ssh-remote%2Bbox/home/a.txt' })), [
      'file:///tmp/x.pdf',
      'vscode-remote://ssh-remote%2Bbox/home/a.txt',
    ]);
  });

  it('turns the desktop app’s vscode-file URIs into file URIs and leaves out what the host cannot read', () => {
    assert.equal(attachableUri('vscode-file://vscode-app/Users/me/shot.png'), 'file:///Users/me/shot.png');
    assert.equal(attachableUri('vscode-file://vscode-app/c%3A/Users/me/shot.png'), 'file:///c%3A/Users/me/shot.png');
    assert.equal(attachableUri('https://example.com/x.png'), undefined);
    assert.equal(attachableUri('untitled:Untitled-1'), undefined);
    assert.equal(attachableUri('javascript:alert(1)'), undefined);
    assert.deepEqual(droppedUris(transfer({ resourceurls: JSON.stringify(['vscode-file://vscode-app/tmp/a.png', 'git:/x.ts?{}', 'file:///tmp/a.png']) })), ['file:///tmp/a.png']);
  });

  it('ignores a resourceurls that is not a JSON array of strings', () => {
    assert.deepEqual(parseResourceUrls('not json'), []);
    assert.deepEqual(parseResourceUrls('{"a":1}'), []);
    assert.deepEqual(parseResourceUrls('["file:///a", 3, null]'), ['file:///a']);
    assert.deepEqual(parseUriList(''), []);
  });

  it('finds the files of an OS drop and of a paste, and none in a text paste', () => {
    const png = new File([new Uint8Array([137, 80, 78, 71])], 'shot.png', { type: 'image/png' });
    assert.deepEqual(droppedFiles(transfer({}, [png])), [png]);
    assert.deepEqual(droppedUris(transfer({}, [png])), []);
    const items = [
      { kind: 'string', type: 'text/plain', getAsFile: () => null },
      { kind: 'file', type: 'image/png', getAsFile: () => png },
    ];
    assert.deepEqual(pastedFiles({ items }), [png]);
    assert.deepEqual(pastedFiles({ items: items.slice(0, 1) }), []);
  });

  it('shows the drop hint only for drags that hold files', () => {
    assert.equal(carriesFiles(['Files']), true);
    assert.equal(carriesFiles(['ResourceURLs', 'text/plain']), true);
    assert.equal(carriesFiles(['application/vnd.code.uri-list']), true);
    assert.equal(carriesFiles(['text/plain', 'text/html']), false);
  });

  it('names a nameless paste by its type', () => {
    assert.equal(pastedFileName({ name: '', type: 'image/png' }), 'pasted image.png');
    assert.equal(pastedFileName({ name: '', type: 'image/jpeg' }), 'pasted image.jpg');
    assert.equal(pastedFileName({ name: '', type: '' }), 'pasted file');
    assert.equal(pastedFileName({ name: 'diagram.webp', type: 'image/webp' }), 'diagram.webp');
  });

  it('refuses images for a model without vision and too-large files from their size, unread', () => {
    const png = new File([new Uint8Array(10)], 'shot.png', { type: 'image/png' });
    const noType = new File([new Uint8Array(10)], 'photo.JPG');
    const pdf = new File([new Uint8Array(10)], 'paper.pdf', { type: 'application/pdf' });
    const big = new File([new Uint8Array(101)], 'big.txt', { type: 'text/plain' });
    const small = new File([new Uint8Array(100)], 'notes.txt', { type: 'text/plain' });
    const { accepted, refused } = screenFiles([png, noType, pdf, big, small], { image: false, pdf: true, maxBytes: 100 });
    assert.deepEqual(
      accepted.map((file) => file.name),
      ['paper.pdf', 'notes.txt'],
    );
    assert.deepEqual(refused, [
      { name: 'shot.png', reason: 'noImages' },
      { name: 'photo.JPG', reason: 'noImages' },
      { name: 'big.txt', reason: 'tooLarge', byteLength: 101 },
    ]);
    assert.deepEqual(screenFiles([png], { image: true, pdf: false, maxBytes: 100 }).accepted, [png]);
  });

  it('refuses dropped image and PDF URIs by extension when the model does not take them', () => {
    const { accepted, refused } = screenUris(['file:///p/shot%201.PNG', 'file:///p/doc.pdf', 'file:///p/a.ts'], { image: false, pdf: false });
    assert.deepEqual(accepted, ['file:///p/a.ts']);
    assert.deepEqual(refused, [
      { name: 'shot 1.PNG', reason: 'noImages' },
      { name: 'doc.pdf', reason: 'noPdfs' },
    ]);
  });
});
