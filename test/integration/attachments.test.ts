import assert from 'node:assert/strict';
import { imageSize } from 'image-size';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import type { ChatError } from '../../src/shared/chatError';
import { FakeAnthropicServer, type RecordedRequest } from '../fakes/anthropicServer';
import { lastUserContent, type SentBlock } from '../helpers/sentBlocks';
import { jpegBytes, pdfBytes, pngBytes, SVG_TEXT } from '../helpers/attachmentFixtures';
import { waitFor } from '../helpers/waitFor';

const KEY = 'sk-ant-api03-attachments-integration-key';


function answers(server: FakeAnthropicServer): RecordedRequest[] {
  return server.requests.filter((request) => request.path === '/v1/messages');
}

describe('attachments in a real VS Code extension host', function () {
  this.timeout(90_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  let folder: vscode.Uri;
  const refusals: ChatError[] = [];
  const files: Record<string, Buffer> = {};
  const uri = (name: string) => vscode.Uri.joinPath(folder, 'assets', name);

  before(async () => {
    const url = await server.start();
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('baseUrl', url, vscode.ConfigurationTarget.Global);
    await config.update('titles.enabled', false, vscode.ConfigurationTarget.Global);
    api = await vscode.extensions.getExtension<ClaudeChatApi>('claude-chat-dev.claude-chat')!.activate();
    await api.storeApiKey(KEY);
    api.attachments.onDidRefuse((error) => refusals.push(error));
    folder = vscode.workspace.workspaceFolders![0].uri;
    files['screenshot.png'] = Buffer.from(pngBytes(320, 200));
    files['photo.jpg'] = Buffer.from(jpegBytes(4000, 3000));
    files['fake.png'] = Buffer.from('this is a text file wearing a .png name\n');
    files['logo.svg'] = Buffer.from(SVG_TEXT);
    files['spec.pdf'] = Buffer.from(await pdfBytes(3));
    files['notes.md'] = Buffer.from('# Notes\n\nThe cache is cleared on every deploy.\n');
    for (const [name, bytes] of Object.entries(files)) await vscode.workspace.fs.writeFile(uri(name), bytes);
    // Images are downscaled in the chat view (the host has no image codec): it must be open, as it is in real use.
    await vscode.commands.executeCommand('claudeChat.chatView.focus');
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('claudeChat');
    for (const key of ['baseUrl', 'titles.enabled']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await server.stop();
  });

  beforeEach(async () => {
    server.reset();
    refusals.length = 0;
    if (api.session.busy) {
      api.session.stop();
      await waitFor(() => !api.session.busy, 'the previous answer to end');
    }
    api.session.newChat();
  });

  it('attaches the Explorer selection, refuses the disguised and the unsupported with reasons, and sends the exact blocks', async () => {
    const names = ['screenshot.png', 'photo.jpg', 'fake.png', 'logo.svg', 'spec.pdf', 'notes.md'];
    // The Explorer's context menu passes the clicked file and the whole selection.
    await vscode.commands.executeCommand('claudeChat.attachToChat', uri('screenshot.png'), names.map(uri));
    await waitFor(() => api.session.attachments.all.length === 4 && !api.session.attachments.preparing, 'four attachments ready', 60_000);

    assert.equal(refusals.length, 2, refusals.map((error) => error.title).join(' | '));
    const fakeRefusal = refusals.find((error) => error.title.includes('fake.png'));
    assert.ok(fakeRefusal, 'the .png that is text is refused');
    assert.match(fakeRefusal.detail, /not .*(PNG|image)|text/i);
    const svgRefusal = refusals.find((error) => error.title.includes('logo.svg'));
    assert.ok(svgRefusal, 'the SVG is refused');
    assert.match(svgRefusal.detail, /SVG/);
    assert.match(svgRefusal.detail, /PNG/);

    const ready = api.session.attachments.ready;
    assert.deepEqual(
      ready.map((attachment) => [attachment.name, attachment.kind]),
      [
        ['assets/screenshot.png', 'image'],
        ['assets/photo.jpg', 'image'],
        ['assets/spec.pdf', 'pdf'],
        ['assets/notes.md', 'text'],
      ],
    );
    const photo = ready[1];
    assert.deepEqual(photo.original, { width: 4000, height: 3000, byteLength: files['photo.jpg'].length });
    assert.equal(ready[2].pages, 3);

    const result = await api.session.send('What do these show?');
    assert.ok(result.ok, result.ok ? '' : result.error.detail);
    await result.reply;
    assert.equal(api.session.attachments.all.length, 0, 'the composer is empty after the send');

    const sent = lastUserContent(answers(server)[0]);
    assert.deepEqual(
      sent.map((block) => [block.type, block.source?.type, block.source?.media_type]),
      [
        ['image', 'base64', 'image/png'],
        ['image', 'base64', 'image/jpeg'],
        ['document', 'base64', 'application/pdf'],
        ['document', 'text', 'text/plain'],
        ['text', undefined, undefined],
      ],
    );
    // A small image goes as it is, byte for byte; a PDF too.
    assert.equal(sent[0].source!.data, files['screenshot.png'].toString('base64'));
    assert.equal(sent[2].source!.data, files['spec.pdf'].toString('base64'));
    assert.equal(sent[2].title, 'assets/spec.pdf');
    // The photo arrives downscaled: aspect kept, within 1.15 megapixels, and really re-encoded at that size.
    const photoBytes = Buffer.from(sent[1].source!.data, 'base64');
    const size = imageSize(photoBytes);
    assert.equal(size.type, 'jpg');
    assert.deepEqual([size.width, size.height], [photo.width, photo.height]);
    assert.ok(size.width * size.height <= 1_150_000, `${size.width}×${size.height}`);
    assert.ok(Math.abs(size.width / size.height - 4 / 3) < 0.01, `${size.width}×${size.height}`);
    assert.ok(photoBytes.length < files['photo.jpg'].length / 4, `${photoBytes.length} bytes`);
    // A text file is a text document titled with its workspace path.
    assert.equal(sent[3].source!.data, files['notes.md'].toString('utf8'));
    assert.equal(sent[3].title, 'assets/notes.md');
    assert.deepEqual([sent[4].type, sent[4].text], ['text', 'What do these show?']);

    // The next turn sends the same bytes again (the API is stateless), read back from the attachment store.
    const next = await api.session.send('And the second one?');
    assert.ok(next.ok);
    await next.reply;
    const body = answers(server)[1].body as { messages: { content: SentBlock[] }[] };
    assert.deepEqual(body.messages[0].content, sent);
  });

  it('refuses a send while an attachment is still being prepared, and keeps both text and chips', async () => {
    const attaching = api.attachments.attachUris([uri('photo.jpg')]);
    await waitFor(() => api.session.attachments.preparing, 'the chip to be preparing');
    const refused = await api.session.send('too early');
    assert.equal(refused.ok, false);
    await attaching;
    assert.equal(api.session.attachments.ready.length, 1);
    assert.equal(answers(server).length, 0);
  });

  it('counts an attachment’s tokens with count_tokens when a key is set', async () => {
    await api.attachments.attachUris([uri('screenshot.png')]);
    await waitFor(() => api.session.attachments.ready[0]?.tokensCounted === true, 'the counted tokens');
    const counted = api.session.attachments.ready[0];
    assert.ok((counted.tokens ?? 0) > 0);
    assert.ok(server.requests.some((request) => request.path === '/v1/messages/count_tokens'));
  });
});
