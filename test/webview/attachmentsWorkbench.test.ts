import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { imageSize } from 'image-size';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { lastUserContent } from '../helpers/sentBlocks';
import { jpegBytes, pngBytes } from '../helpers/attachmentFixtures';
import { repoRoot, type CodeServer } from './runtime';
import { chatDocument, chatView, expectEventually, openContextMenu, runCommand, startWorkbench } from './workbench';

const KEY = 'sk-ant-attachments-browser-key-0123456789';
const RESULTS = path.join(repoRoot, 'test-results');


/**
 * Issue 12 in a real VS Code (code-server) and Chromium, every way in used as a person would: the composer's attach
 * button and VS Code's picker, an `@` mention typed and picked with the keyboard, a pasted screenshot, a Shift-drop
 * from the Explorer (the DataTransfer VS Code delivers), and the Explorer's Attach to Chat; then the blocks the fake
 * Anthropic server received.
 */
describe('attachments in a real browser', function () {
  this.timeout(240_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let folder: string;
  let codeServer: CodeServer;
  let browser: Browser;
  let page: Page;
  let chat: FrameLocator;
  const files: Record<string, Buffer> = {};

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-attachments-'));
    files['diagram.png'] = Buffer.from(pngBytes(120, 80));
    files['notes.md'] = Buffer.from('# Release notes\n\nThe cache is cleared on every deploy.\n');
    files['photo.jpg'] = Buffer.from(jpegBytes(3200, 2400));
    files['readme.txt'] = Buffer.from('Attached from the Explorer.\n');
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), bytes);
    ({ codeServer, browser, page } = await startWorkbench(server, KEY, { folder }));
    await runCommand(page, 'Claude Chat: Open Chat');
    chat = chatView(page);
    await chat.locator('.composer-input').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  const chip = (name: string) => chat.locator('.attachment-bar .attachment-chip:not(.is-preparing)', { hasText: name });

  it('attach button → picker, @ mention, paste, Shift-drop: chips appear, and Send carries each as the API block it is', async () => {
    // 1. The attach button opens VS Code's own picker; typing filters it, Enter takes the highlighted file.
    await chat.locator('.attach-button').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('diagram');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'diagram.png' }).first().waitFor();
    // A multi-select picker: ↓ into the list, Space ticks the file, Enter attaches what is ticked.
    await input.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await chip('diagram.png').waitFor({ timeout: 30_000 });
    // The thumbnail is the stored file, loaded through asWebviewUri (a broken root or CSP would leave it empty).
    await expectEventually(async () => (await chip('diagram.png').locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)) === 120, 'the thumbnail loads');

    // 2. An @ mention, keyboard only.
    const composer = chat.locator('.composer-input');
    await composer.click();
    await composer.pressSequentially('Compare @notes');
    await chat.locator('.mention-popup [role="option"]', { hasText: 'notes.md' }).first().waitFor();
    await composer.press('Enter');
    await chip('notes.md').waitFor({ timeout: 30_000 });
    assert.equal((await composer.inputValue()).trim(), 'Compare', 'the mention text is gone, the rest stays');

    // 3. A pasted screenshot: the clipboard's File, as Chromium hands it to the page.
    const frame = await chatDocument(page);
    const pasted = Buffer.from(pngBytes(64, 40)).toString('base64');
    await frame.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      document.querySelector('.composer-input')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await chip('image.png').waitFor({ timeout: 30_000 });

    // 4. A drag from the Explorer: no File, only URIs; without Shift the composer says to hold it.
    const photoUri = pathToFileURL(path.join(folder, 'photo.jpg')).toString();
    const hint = await frame.evaluate((uri) => {
      const target = document.querySelector('.composer')!;
      const data = new DataTransfer();
      data.setData('resourceurls', JSON.stringify([uri]));
      data.setData('application/vnd.code.uri-list', uri);
      target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      const text = document.querySelector('.drop-hint')?.textContent ?? '';
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, shiftKey: true }));
      return text;
    }, photoUri);
    assert.match(hint, /Shift/);
    await chip('photo.jpg').waitFor({ timeout: 60_000 });
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'attachments-composer.png') });

    // Send: each file is the block the API takes, in the order attached, before the words.
    const before = server.messageRequests.length;
    await composer.press('Enter');
    await expectEventually(async () => server.messageRequests.length > before, 'the request', 30_000);
    const sent = lastUserContent(server.messageRequests[before]);
    assert.deepEqual(
      sent.map((block) => [block.type, block.source?.type, block.source?.media_type, block.title]),
      [
        ['image', 'base64', 'image/png', undefined],
        ['document', 'text', 'text/plain', 'notes.md'],
        ['image', 'base64', 'image/png', undefined],
        ['image', 'base64', 'image/jpeg', undefined],
        ['text', undefined, undefined, undefined],
      ],
    );
    assert.equal(sent[0].source!.data, files['diagram.png'].toString('base64'));
    assert.equal(sent[1].source!.data, files['notes.md'].toString('utf8'));
    assert.equal(sent[2].source!.data, pasted);
    // The 3200×2400 photo was downscaled by the chat view's own decoder, aspect kept, within 1.15 megapixels.
    const photo = imageSize(Buffer.from(sent[3].source!.data, 'base64'));
    assert.ok(photo.width * photo.height <= 1_150_000 && Math.abs(photo.width / photo.height - 4 / 3) < 0.01, `${photo.width}×${photo.height}`);
    assert.equal(sent[4].text?.trim(), 'Compare');

    // The turn in the transcript shows the files as chips; the composer is empty again.
    const turn = chat.locator('.message-user').last();
    await expectEventually(async () => (await turn.locator('.attachment-chip').count()) === 4, 'four chips in the sent turn');
    assert.equal(await chat.locator('.attachment-bar .attachment-chip').count(), 0);
    await chat.locator('.send-button:not([hidden])').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(RESULTS, 'attachments-sent.png') });
  });

  it('Explorer → right-click → Attach to Chat puts the file in the composer', async () => {
    await page.keyboard.press('Control+Shift+E');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'readme.txt' });
    await row.waitFor({ timeout: 30_000 });
    const menu = await openContextMenu(page, row);
    // Hovered first, as a hand would: VS Code ignores a click that lands on a menu in the instant it opens.
    const item = menu.getByRole('menuitem', { name: 'Attach to Chat', exact: true });
    await item.hover();
    await item.click();
    await chip('readme.txt').waitFor({ timeout: 30_000 });
  });
});
