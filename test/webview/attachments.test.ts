import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Attachment } from '../../src/shared/attachment';
import { emptyConversation, type ChatMessage, type Conversation } from '../../src/shared/conversation';
import { parseWebviewMessage, type ComposerAttachment, type HostToWebview, type ViewState, type WebviewToHost } from '../../src/shared/protocol';
import { decodeImage, jpegBytes, pngBytes } from '../helpers/attachmentFixtures';
import type { FakeWebviewHost } from './pages/fakeWebviewHost';
import { chatStylesheet, openTestPage } from './runtime';

/** Where the host says the attachment store is (asWebviewUri of it); the page must show stored images from there. */
const BASE = 'https://file+.vscode-resource.vscode-cdn.net/home/me/.vscode/globalStorage/claude-chat/attachments';
const MODEL = 'claude-sonnet-4-5';
const SHOT_SHA = '1'.repeat(64);
const PDF_SHA = '2'.repeat(64);
const TEXT_SHA = '3'.repeat(64);
const ATTACH_LABEL = 'Attach images, PDFs or files (or type @)';

const shot: Attachment = {
  kind: 'image',
  mediaType: 'image/png',
  sha256: SHOT_SHA,
  byteLength: 120_000,
  name: 'screenshot.png',
  width: 1568,
  height: 1176,
  tokens: 2458,
  tokensCounted: true,
  original: { width: 4000, height: 3000, byteLength: 5_000_000 },
};
const paper: Attachment = { kind: 'pdf', mediaType: 'application/pdf', sha256: PDF_SHA, byteLength: 300_000, name: 'paper.pdf', uri: 'file:///w/paper.pdf', pages: 12, tokens: 24_000 };
const source: Attachment = { kind: 'text', mediaType: 'text/plain', sha256: TEXT_SHA, byteLength: 4000, name: 'src/app.ts', uri: 'file:///w/src/app.ts', tokens: 1000 };

const ready = (id: string, attachment: Attachment): ComposerAttachment => ({ id, state: 'ready', attachment });

function viewState(extra: Partial<ViewState> = {}): ViewState {
  return {
    conversation: emptyConversation('c1', { model: MODEL, systemPrompt: '' }, 0),
    busy: false,
    apiKeySource: 'secretStorage',
    model: MODEL,
    draft: '',
    attachments: [],
    accepts: { image: true, pdf: true, known: true },
    attachmentBaseUri: BASE,
    toolCalls: [],
    ...extra,
  };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The whole chat webview (main.ts with chat.css) on a page, its host faked: attachments as a user meets them. */
describe('attachments in the chat webview, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  /** Stored images the page asked for, by file name (the page may only ask the store, never the network). */
  const storeRequests: string[] = [];
  const thumbnail = pngBytes(40, 30);

  before(async () => {
    ({ browser, page } = await openTestPage('attachmentsApp.page.ts'));
    // Stands in for VS Code's resource loader: stored files are served from the store folder only.
    await page.route(`${BASE}/**`, (route) => {
      storeRequests.push(route.request().url().slice(BASE.length + 1));
      return route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from(thumbnail) });
    });
    await page.addStyleTag({ content: await chatStylesheet() });
    await page.locator('.composer-input').waitFor();
    await deliver({ type: 'state/full', state: viewState() });
  });

  after(async () => {
    await browser?.close();
  });

  const deliver = (message: HostToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);
  /** Delivers a message and resolves once the page has handled it (its listener runs before this one's timeout). */
  const deliverHandled = (message: HostToWebview) =>
    page.evaluate(
      (m) =>
        new Promise<void>((resolve) => {
          window.addEventListener('message', () => setTimeout(resolve, 0), { once: true });
          window.postMessage(m, '*');
        }),
      message,
    );
  const posted = () => page.evaluate(() => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted);
  /** Everything the page posted in the tests so far (each test starts with an empty list on the page). */
  const postedBefore: WebviewToHost[] = [];
  const forgetPosted = async () => {
    postedBefore.push(...(await posted()));
    await page.evaluate(() => void ((window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted.length = 0));
  };
  /** Waits until the page has posted a message of `type`, and returns every one of that type so far. */
  async function postedOfType<T extends WebviewToHost['type']>(type: T, count = 1): Promise<Extract<WebviewToHost, { type: T }>[]> {
    await page.waitForFunction(
      ([wanted, n]) => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted.filter((m) => m.type === wanted).length >= (n as number),
      [type, count] as const,
    );
    return (await posted()).filter((message): message is Extract<WebviewToHost, { type: T }> => message.type === type);
  }
  const input = () => page.locator('.composer-input');
  const chips = () => page.locator('.composer .attachment-chip');

  /** Leaves the composer empty and idle for the next test: no text, no chips, no pending send, nothing posted. */
  async function resetComposer(): Promise<void> {
    await deliverHandled({ type: 'send/accepted', requestId: 'reset' });
    await deliverHandled({ type: 'composer/attachments', attachments: [] });
    await deliverHandled({ type: 'composer/accepts', accepts: { image: true, pdf: true, known: true } });
    await input().focus();
    await forgetPosted();
  }

  describe('chips', () => {
    beforeEach(resetComposer);

    it('shows no chip row while nothing is attached', async () => {
      assert.equal(await page.locator('.composer .attachment-bar').isHidden(), true);
    });

    it('shows an image chip with its stored thumbnail, name, counted cost and downscale, a PDF’s pages and a text file’s path', async () => {
      await deliverHandled({ type: 'composer/attachments', attachments: [ready('a1', shot), ready('a2', paper), ready('a3', source)] });
      assert.equal(await chips().count(), 3);

      const image = chips().nth(0);
      const thumb = image.locator('img.attachment-thumb');
      assert.equal(await thumb.getAttribute('src'), `${BASE}/${SHOT_SHA}.png`);
      await page.waitForFunction(() => (document.querySelector('.composer img.attachment-thumb') as HTMLImageElement | null)?.naturalWidth === 40);
      assert.ok(storeRequests.includes(`${SHOT_SHA}.png`), 'the thumbnail came from the store folder');
      assert.equal(await image.locator('.attachment-name').textContent(), 'screenshot.png');
      assert.equal(await image.locator('.attachment-details').textContent(), '2,458 tokens');
      assert.match((await image.getAttribute('title')) ?? '', /downscaled from 4000×3000/);

      const pdf = chips().nth(1);
      assert.equal(await pdf.locator('.codicon-file-pdf').count(), 1);
      assert.equal(await pdf.locator('.attachment-name').textContent(), 'paper.pdf');
      assert.equal(await pdf.locator('.attachment-details').textContent(), '12 pages · ≈24,000 tokens');

      const text = chips().nth(2);
      assert.equal(await text.locator('.codicon-file').count(), 1);
      assert.equal(await text.locator('.attachment-name').textContent(), 'src/app.ts');
      assert.equal(await text.locator('.attachment-details').textContent(), '≈1,000 tokens');

      assert.equal(await page.locator('.composer .attachment-total').textContent(), 'Total ≈27,458 tokens');
      assert.equal(await page.locator('.composer .attachment-bar').isVisible(), true);
    });

    it('shows a preparing chip with a spinner and holds Send until it is ready', async () => {
      await deliverHandled({ type: 'composer/attachments', attachments: [{ id: 'p1', state: 'preparing', name: 'photo.jpg' }] });
      const chip = chips().first();
      assert.equal(await chip.locator('.codicon-loading').count(), 1);
      assert.equal(await chip.locator('.attachment-name').textContent(), 'photo.jpg');
      assert.equal(await chip.locator('.attachment-details').textContent(), 'Preparing…');
      assert.equal(await page.locator('.send-button').isDisabled(), true);
      await page.keyboard.type('what is this?');
      await page.keyboard.press('Enter');
      await deliverHandled({ type: 'composer/attachments', attachments: [ready('p1', { ...shot, name: 'photo.jpg' })] });
      assert.ok(!(await posted()).some((message) => message.type === 'chat/send'), 'nothing was sent while the chip was preparing');
      assert.equal(await page.locator('.send-button').isDisabled(), false);
    });

    it('sends attachments without text, and keeps them when the send is refused', async () => {
      await deliverHandled({ type: 'composer/attachments', attachments: [ready('a1', shot)] });
      await page.locator('.send-button').click();
      const [send] = await postedOfType('chat/send');
      assert.equal(send.text, '');
      await deliverHandled({ type: 'send/rejected', requestId: send.requestId, error: { kind: 'noKey', title: 'No API key', detail: 'Set one.', actions: [] } });
      assert.equal(await chips().count(), 1, 'a refused send loses nothing');
      await deliverHandled({ type: 'send/accepted', requestId: send.requestId });
      await deliverHandled({ type: 'composer/attachments', attachments: [] });
      assert.equal(await chips().count(), 0);
      assert.equal(await page.locator('.composer .attachment-bar').isHidden(), true);
    });

    it('removes a chip with its × button and opens a ready one from its name', async () => {
      await deliverHandled({ type: 'composer/attachments', attachments: [ready('a1', shot), { id: 'p2', state: 'preparing', name: 'big.pdf' }] });
      await page.getByRole('button', { name: 'Remove big.pdf' }).click();
      assert.deepEqual((await postedOfType('attach/remove')).at(-1), { type: 'attach/remove', id: 'p2' });
      await page.getByRole('button', { name: 'Remove screenshot.png' }).click();
      assert.deepEqual((await postedOfType('attach/remove', 2)).at(-1), { type: 'attach/remove', id: 'a1' });
      await chips().first().locator('.attachment-name').click();
      assert.deepEqual(await postedOfType('attachment/open'), [{ type: 'attachment/open', sha256: SHOT_SHA }]);
    });

    it('the attach button asks the host for its picker', async () => {
      const attach = page.getByRole('button', { name: ATTACH_LABEL });
      assert.equal(await attach.getAttribute('title'), ATTACH_LABEL);
      await attach.click();
      assert.deepEqual(await postedOfType('attach/pick'), [{ type: 'attach/pick' }]);
    });

    it('shows the host’s composer notice', async () => {
      await deliverHandled({ type: 'composer/notice', error: { kind: 'invalidRequest', title: 'SVG images cannot be attached', detail: 'Export it as PNG first.', actions: [] } });
      const notice = page.locator('.composer-notice');
      assert.equal(await notice.isVisible(), true);
      assert.equal(await notice.locator('.notice-title').textContent(), 'SVG images cannot be attached');
      assert.equal(await notice.locator('.notice-detail').textContent(), 'Export it as PNG first.');
    });
  });

  describe('@ mentions', () => {
    beforeEach(async () => {
      await resetComposer();
      await input().fill('');
    });

    const suggestions = [
      { path: 'src/app.ts', uri: 'file:///w/src/app.ts' },
      { path: 'src/main.ts', uri: 'file:///w/src/main.ts' },
    ];
    const lastQuery = async () => (await postedOfType('files/query')).at(-1)?.query;
    /** Waits for the (debounced) query the page asks the host once typing pauses. */
    const queried = (query: string) =>
      page.waitForFunction((q) => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted.some((m) => m.type === 'files/query' && m.query === q), query);

    it('is driven by the keyboard alone: query, suggestions, ArrowDown, Enter attaches and takes "@src" out of the text', async () => {
      await page.keyboard.type('compare with @src');
      await queried('src');
      assert.equal(await lastQuery(), 'src');
      const textarea = input();
      assert.equal(await textarea.getAttribute('role'), 'combobox');
      assert.equal(await textarea.getAttribute('aria-expanded'), 'false');

      await deliverHandled({ type: 'files/suggestions', query: 'src', items: suggestions });
      const listbox = page.getByRole('listbox');
      assert.equal(await listbox.isVisible(), true);
      assert.equal(await textarea.getAttribute('aria-expanded'), 'true');
      assert.equal(await textarea.getAttribute('aria-controls'), await listbox.getAttribute('id'));
      const options = listbox.getByRole('option');
      assert.deepEqual(await options.allTextContents(), ['src/app.ts', 'src/main.ts']);
      assert.equal(await textarea.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));

      await page.keyboard.press('ArrowDown');
      assert.equal(await textarea.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
      assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
      assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
      await page.keyboard.press('ArrowDown');
      assert.equal(await textarea.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'), 'wraps around');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');

      assert.deepEqual(await postedOfType('attach/uris'), [{ type: 'attach/uris', uris: ['file:///w/src/main.ts'] }]);
      assert.equal(await textarea.inputValue(), 'compare with ');
      assert.equal(await listbox.isHidden(), true);
      assert.equal(await textarea.getAttribute('aria-expanded'), 'false');
      assert.ok(!(await posted()).some((message) => message.type === 'chat/send'), 'Enter picked the file; it did not send');
      // Typing goes on where the mention was.
      await page.keyboard.type('please');
      assert.equal(await textarea.inputValue(), 'compare with please');
    });

    it('ignores suggestions for a query that is no longer being typed', async () => {
      await page.keyboard.type('@mai');
      await queried('mai');
      await deliverHandled({ type: 'files/suggestions', query: 'ma', items: suggestions });
      assert.equal(await page.getByRole('listbox').isHidden(), true);
      await deliverHandled({ type: 'files/suggestions', query: 'mai', items: suggestions.slice(1) });
      assert.deepEqual(await page.getByRole('option').allTextContents(), ['src/main.ts']);
    });

    it('Escape closes the list, and Enter then sends as usual', async () => {
      await page.keyboard.type('look at @app');
      await queried('app');
      await deliverHandled({ type: 'files/suggestions', query: 'app', items: suggestions.slice(0, 1) });
      assert.equal(await page.getByRole('listbox').isVisible(), true);
      await page.keyboard.press('Escape');
      assert.equal(await page.getByRole('listbox').isHidden(), true);
      assert.equal(await input().getAttribute('aria-expanded'), 'false');
      assert.equal(await input().inputValue(), 'look at @app', 'the text stays as typed');
      await page.keyboard.press('Enter');
      const [send] = await postedOfType('chat/send');
      assert.equal(send.text, 'look at @app');
      assert.ok(!(await posted()).some((message) => message.type === 'attach/uris'));
    });

    it('a click picks a suggestion too', async () => {
      await page.keyboard.type('@s');
      await queried('s');
      await deliverHandled({ type: 'files/suggestions', query: 's', items: suggestions });
      await page.getByRole('option', { name: 'src/app.ts' }).click();
      assert.deepEqual(await postedOfType('attach/uris'), [{ type: 'attach/uris', uris: ['file:///w/src/app.ts'] }]);
      assert.equal(await input().inputValue(), '');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'composer-input', 'the focus stayed in the composer');
    });
  });

  describe('paste and drop', () => {
    beforeEach(resetComposer);

    const png = pngBytes(3, 2);

    /** Pastes `files` (and `text`) into the composer as a clipboard event; true when the page took the paste over. */
    const paste = (files: { name: string; type: string; data: string }[], text?: string) =>
      page.evaluate(
        ({ files, text }) => {
          const transfer = new DataTransfer();
          for (const file of files) transfer.items.add(new File([Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0))], file.name, { type: file.type }));
          if (text !== undefined) transfer.setData('text/plain', text);
          const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
          document.querySelector('.composer-input')!.dispatchEvent(event);
          return event.defaultPrevented;
        },
        { files, text },
      );

    /** Sends a drag event to the textarea with what VS Code or the OS would carry. */
    const drag = (type: 'dragenter' | 'dragover' | 'dragleave' | 'drop', shiftKey: boolean, data: Record<string, string>, files: { name: string; type: string; data: string }[] = []) =>
      page.evaluate(
        ({ type, shiftKey, data, files }) => {
          const transfer = new DataTransfer();
          for (const [format, value] of Object.entries(data)) transfer.setData(format, value);
          for (const file of files) transfer.items.add(new File([Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0))], file.name, { type: file.type }));
          const event = new DragEvent(type, { dataTransfer: transfer, shiftKey, bubbles: true, cancelable: true });
          document.querySelector('.composer-input')!.dispatchEvent(event);
          return event.defaultPrevented;
        },
        { type, shiftKey, data, files },
      );

    it('a pasted PNG is posted as exactly its bytes, under its name', async () => {
      assert.equal(await paste([{ name: 'shot.png', type: 'image/png', data: base64(png) }]), true);
      assert.deepEqual(await postedOfType('attach/bytes'), [{ type: 'attach/bytes', name: 'shot.png', data: base64(png) }]);
    });

    it('a nameless pasted image is named by its type; a text paste is left to the textarea', async () => {
      await paste([{ name: '', type: 'image/png', data: base64(png) }]);
      assert.equal((await postedOfType('attach/bytes'))[0].name, 'pasted image.png');
      assert.equal(await paste([], 'just text'), false, 'the text paste goes ahead');
      // Cells copied from a spreadsheet carry a picture of themselves too: the text is pasted, nothing attached.
      assert.equal(await paste([{ name: 'image.png', type: 'image/png', data: base64(png) }], 'A1\tB1'), false, 'text with a picture of it pastes the text');
      assert.equal((await posted()).filter((message) => message.type === 'attach/bytes').length, 1);
    });

    it('says "Hold Shift" while a drag without Shift is over the composer, "Drop to attach" with it, and hides on leave', async () => {
      const uris = { resourceurls: JSON.stringify(['file:///w/a.ts']) };
      const hint = page.locator('.drop-hint');
      assert.equal(await hint.isHidden(), true);
      assert.equal(await drag('dragenter', false, uris), false);
      assert.equal(await hint.isVisible(), true);
      assert.equal(await hint.textContent(), 'Hold Shift to drop files into the chat');
      assert.equal(await drag('dragover', true, uris), true, 'dragover is cancelled so the drop can happen');
      assert.equal(await hint.textContent(), 'Drop to attach');
      await drag('dragleave', true, uris);
      assert.equal(await hint.isHidden(), true);
      await drag('dragenter', false, { 'text/plain': 'some text' });
      assert.equal(await hint.isHidden(), true, 'dragging text is not dragging files');
    });

    it('a Shift-drop from the Explorer posts its URIs (resourceurls and the VS Code uri-list), each once', async () => {
      const a = 'file:///w/src/app.ts';
      const b = 'file:///w/docs/paper.pdf';
      const data = { resourceurls: JSON.stringify([a, b]), 'application/vnd.code.uri-list': `${a}\r\n${b}` };
      await drag('dragenter', true, data);
      assert.equal(await drag('drop', true, data), true);
      assert.deepEqual(await postedOfType('attach/uris'), [{ type: 'attach/uris', uris: [a, b] }]);
      assert.equal(await page.locator('.drop-hint').isHidden(), true);
    });

    it('a drop from the OS posts each file’s bytes', async () => {
      const jpeg = jpegBytes(8, 8);
      assert.equal(await drag('drop', true, {}, [{ name: 'photo.jpg', type: 'image/jpeg', data: base64(jpeg) }]), true);
      assert.deepEqual(await postedOfType('attach/bytes'), [{ type: 'attach/bytes', name: 'photo.jpg', data: base64(jpeg) }]);
    });

    it('a drop from the OS that also names its files in a uri-list sends the bytes (they may be outside the workspace)', async () => {
      const jpeg = jpegBytes(8, 8);
      assert.equal(await drag('drop', true, { 'text/uri-list': 'file:///home/me/Downloads/photo.jpg' }, [{ name: 'photo.jpg', type: 'image/jpeg', data: base64(jpeg) }]), true);
      assert.deepEqual(await postedOfType('attach/bytes'), [{ type: 'attach/bytes', name: 'photo.jpg', data: base64(jpeg) }]);
      assert.ok(!(await posted()).some((message) => message.type === 'attach/uris'));
    });

    it('refuses images in the page when the model does not take them, and says so', async () => {
      await deliverHandled({ type: 'composer/accepts', accepts: { image: false, pdf: true, known: true } });
      assert.equal(await paste([{ name: 'shot.png', type: 'image/png', data: base64(png) }]), true);
      await drag('drop', true, { 'text/uri-list': 'file:///w/diagram.png' });
      const notice = page.locator('.composer-notice');
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? '', /does not take images/);
      assert.match((await notice.textContent()) ?? '', /diagram\.png/);
      assert.ok(!(await posted()).some((message) => message.type === 'attach/bytes' || message.type === 'attach/uris'));
    });

    it('refuses a file over the limit by its size, naming it, without reading it', async () => {
      await page.evaluate(() => {
        const huge = new File([new Uint8Array(34_000_000)], 'huge.pdf', { type: 'application/pdf' });
        const flags = window as unknown as { hugeWasRead: boolean };
        flags.hugeWasRead = false;
        for (const method of ['arrayBuffer', 'stream', 'text', 'bytes', 'slice'] as const) {
          Object.defineProperty(huge, method, { value: () => ((flags.hugeWasRead = true), Promise.reject(new Error('read'))) });
        }
        // A DataTransfer would hold its own copy of the File: the page gets the watched one through a stand-in clipboard.
        const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
        Object.defineProperty(event, 'clipboardData', { value: { items: [{ kind: 'file', type: huge.type, getAsFile: () => huge }], getData: () => '' } });
        document.querySelector('.composer-input')!.dispatchEvent(event);
      });
      const notice = page.locator('.composer-notice');
      await notice.waitFor();
      assert.match((await notice.locator('.notice-title').textContent()) ?? '', /huge\.pdf is too large/);
      assert.equal(await page.evaluate(() => (window as unknown as { hugeWasRead: boolean }).hugeWasRead), false, 'the file was not read');
      assert.ok(!(await posted()).some((message) => message.type === 'attach/bytes'));
    });
  });

  describe('image/resize', () => {
    const halves = (x: number): [number, number, number, number] => (x < 2000 ? [220, 30, 30, 255] : [30, 30, 220, 255]);

    it('downscales a 4000×3000 JPEG to exactly the size asked, keeping the picture', async () => {
      const photo = jpegBytes(4000, 3000, { paint: halves, quality: 85 });
      await forgetPosted();
      await deliver({ type: 'image/resize', jobId: 'job-1', data: base64(photo), mediaType: 'image/jpeg', width: 1568, height: 1176, output: 'image/jpeg', quality: 0.85 });
      const [answer] = await postedOfType('image/resized');
      assert.equal(answer.jobId, 'job-1');
      assert.equal(answer.error, undefined);
      const result = decodeImage(new Uint8Array(Buffer.from(answer.data!, 'base64')));
      assert.deepEqual([result.width, result.height], [1568, 1176]);
      const [leftRed, , leftBlue] = result.pixel(392, 588);
      const [rightRed, , rightBlue] = result.pixel(1176, 588);
      assert.ok(leftRed > 180 && leftBlue < 80, `left half is still red (${leftRed}, ${leftBlue})`);
      assert.ok(rightBlue > 180 && rightRed < 80, `right half is still blue (${rightRed}, ${rightBlue})`);
      assert.ok(parseWebviewMessage(answer).ok);
    });

    it('encodes PNG when asked for PNG', async () => {
      await forgetPosted();
      await deliver({ type: 'image/resize', jobId: 'job-2', data: base64(pngBytes(300, 200)), mediaType: 'image/png', width: 150, height: 100, output: 'image/png', quality: 1 });
      const [answer] = await postedOfType('image/resized');
      const bytes = Buffer.from(answer.data!, 'base64');
      assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
      const result = decodeImage(new Uint8Array(bytes));
      assert.deepEqual([result.width, result.height], [150, 100]);
    });

    it('answers a corrupt image with an error, not silence', async () => {
      await forgetPosted();
      await deliver({ type: 'image/resize', jobId: 'job-3', data: base64(new TextEncoder().encode('this is not a JPEG at all')), mediaType: 'image/jpeg', width: 10, height: 10, output: 'image/jpeg', quality: 0.8 });
      const [answer] = await postedOfType('image/resized');
      assert.equal(answer.jobId, 'job-3');
      assert.equal(answer.data, undefined);
      assert.match(answer.error ?? '', /Could not resize the image/);
      assert.ok(parseWebviewMessage(answer).ok);
    });
  });

  describe('transcript', () => {
    it('shows a turn’s attachments as chips before its text, thumbnails from the store, and opens them on click', async () => {
      const question: ChatMessage = {
        id: 'u1',
        parentId: null,
        role: 'user',
        blocks: [{ type: 'attachment', attachment: shot }, { type: 'attachment', attachment: paper }, { type: 'attachment', attachment: source }, { type: 'text', text: 'What do these say?' }],
        status: 'complete',
        createdAt: 1,
      };
      const reply: ChatMessage = { id: 'a1', parentId: 'u1', role: 'assistant', blocks: [{ type: 'text', text: 'They say hello.' }], status: 'complete', createdAt: 2 };
      const conversation: Conversation = { ...emptyConversation('c2', { model: MODEL, systemPrompt: '' }, 0), messages: [question, reply] };
      await deliverHandled({ type: 'state/full', state: viewState({ conversation }) });
      const turn = page.locator('.message-user');
      await turn.locator('.block-attachment').first().waitFor();
      const blockClasses = await turn.locator('.blocks > .block').evaluateAll((blocks) => blocks.map((block) => block.className));
      assert.deepEqual(blockClasses, ['block block-attachment', 'block block-attachment', 'block block-attachment', 'block block-text']);

      const image = turn.locator('.attachment-chip.is-image img');
      assert.equal(await image.getAttribute('src'), `${BASE}/${SHOT_SHA}.png`);
      assert.equal(await image.getAttribute('loading'), 'lazy');
      assert.equal(await turn.locator('.attachment-chip.is-pdf .codicon-file-pdf').count(), 1);
      assert.equal(await turn.locator('.attachment-chip.is-pdf .attachment-details').textContent(), '12 pages · ≈24,000 tokens');
      assert.equal(await turn.locator('.attachment-chip.is-text .attachment-name').textContent(), 'src/app.ts');
      assert.equal(await turn.locator('.attachment-remove').count(), 0, 'what was sent cannot be removed');

      await forgetPosted();
      await turn.getByRole('button', { name: 'Open paper.pdf' }).click();
      await turn.getByRole('button', { name: 'Open screenshot.png' }).click();
      assert.deepEqual(await postedOfType('attachment/open', 2), [
        { type: 'attachment/open', sha256: PDF_SHA },
        { type: 'attachment/open', sha256: SHOT_SHA },
      ]);
    });

    it('still shows a legacy inline image block', async () => {
      const tinyPng = base64(pngBytes(2, 2));
      const question: ChatMessage = { id: 'u9', parentId: null, role: 'user', blocks: [{ type: 'image', mediaType: 'image/png', data: tinyPng }, { type: 'text', text: 'old' }], status: 'complete', createdAt: 1 };
      await deliverHandled({ type: 'state/full', state: viewState({ conversation: { ...emptyConversation('c3', { model: MODEL, systemPrompt: '' }, 0), messages: [question] } }) });
      await page.locator('.message-user .block-image img').waitFor();
      assert.equal(await page.locator('.message-user .block-image img').getAttribute('src'), `data:image/png;base64,${tinyPng}`);
    });
  });

  // Last (mocha runs a suite's own tests before its nested suites): what every test above made the page post.
  describe('what the page posted', () => {
    it('passes the host’s guard, every message', async () => {
      const all = [...postedBefore, ...(await posted())];
      assert.ok(all.length > 20);
      for (const message of all) assert.ok(parseWebviewMessage(message).ok, `${message.type} is accepted`);
    });
  });
});

/** The query is asked once typing pauses, not once per key. */
describe('@ mention queries are debounced, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('attachmentsApp.page.ts'));
    // Installed, the clock still runs in real time; paused, it moves only when the test says (typing takes real time).
    await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
    await page.clock.pauseAt(new Date('2026-01-01T00:00:01Z'));
    await page.locator('.composer-input').waitFor();
    await page.evaluate((state) => window.postMessage({ type: 'state/full', state }, '*'), viewState());
  });

  after(async () => {
    await browser?.close();
  });

  const queries = () =>
    page.evaluate(() =>
      (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted.flatMap((message) => (message.type === 'files/query' ? [message.query] : [])),
    );

  it('asks for "src" once, 100 ms after the last key', async () => {
    await page.locator('.composer-input').focus();
    await page.keyboard.type('@src');
    await page.clock.runFor(99);
    assert.deepEqual(await queries(), []);
    await page.clock.runFor(2);
    assert.deepEqual(await queries(), ['src']);
  });

  it('asks for nothing when the @ is inside a word (an e-mail address)', async () => {
    await page.locator('.composer-input').fill('');
    await page.keyboard.type('mail me@src');
    await page.clock.runFor(1000);
    assert.deepEqual(await queries(), ['src']);
  });
});
