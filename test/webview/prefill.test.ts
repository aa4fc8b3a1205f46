import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ChatError } from '../../src/shared/chatError';
import type { PrefillPageApi } from './pages/prefill.page';
import { chatStylesheet, openTestPage } from './runtime';

type Api = { prefillPage: PrefillPageApi };

describe('the composer’s prefill field and notice buttons, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  let css = '';

  before(async () => {
    css = await chatStylesheet();
    ({ browser, page } = await openTestPage('prefill.page.ts'));
    // A control that is missing fails its test in seconds, not after Playwright's 30 s wait for it.
    page.setDefaultTimeout(5_000);
  });

  beforeEach(async () => {
    await page.evaluate((style) => (window as unknown as Api).prefillPage.render({ css: style }), css);
  });

  after(async () => {
    await browser?.close();
  });

  const sent = () => page.evaluate(() => (window as unknown as Api).prefillPage.sent());
  const ran = () => page.evaluate(() => (window as unknown as Api).prefillPage.ran());
  const accept = () => page.evaluate(() => (window as unknown as Api).prefillPage.accept());
  const reject = (error: ChatError) => page.evaluate((e) => (window as unknown as Api).prefillPage.reject(e), error);
  const toggle = () => page.locator('.composer .prefill-toggle');
  const row = () => page.locator('.composer .prefill-row');
  const field = () => page.locator('.composer .prefill-row textarea.prefill-input');
  const message = () => page.locator('.composer textarea.composer-input');
  const sendButton = () => page.locator('.composer .send-button');
  const notice = () => page.locator('.composer .composer-notice');
  const focusedClass = () => page.evaluate(() => document.activeElement?.className ?? '');

  /** The question typed in the composer, then the field opened by its toggle and `prefill` typed into it. */
  async function typeWithPrefill(prefill: string): Promise<void> {
    await message().fill('Describe a cat as JSON.');
    await toggle().click();
    await page.keyboard.type(prefill);
  }

  it('is closed at first, and the quote toggle opens the “Answer starts with” field focused and closes it again', async () => {
    assert.equal(await toggle().getAttribute('aria-pressed'), 'false');
    assert.equal(await row().isVisible(), false);
    await toggle().click();
    assert.equal(await toggle().getAttribute('aria-pressed'), 'true');
    assert.equal(await row().isVisible(), true);
    assert.match(await row().innerText(), /Answer starts with/);
    assert.match(await focusedClass(), /\bprefill-input\b/, 'the field takes the focus so the prefill can be typed at once');
    await toggle().click();
    assert.equal(await toggle().getAttribute('aria-pressed'), 'false');
    assert.equal(await row().isVisible(), false);
  });

  it('`{` typed in the field and Enter there sends the message with the prefill "{"', async () => {
    await typeWithPrefill('{');
    assert.equal(await field().inputValue(), '{');
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent(), [{ text: 'Describe a cat as JSON.', prefill: '{' }]);
    assert.equal(await field().inputValue(), '{', 'Enter sends rather than adding a line to the prefill');
  });

  it('the Send button sends the open field’s prefill too', async () => {
    await typeWithPrefill('{');
    await sendButton().click();
    assert.deepEqual(await sent(), [{ text: 'Describe a cat as JSON.', prefill: '{' }]);
  });

  it('Enter in the message box sends the open field’s prefill too', async () => {
    await typeWithPrefill('{');
    await message().press('Enter');
    assert.deepEqual(await sent(), [{ text: 'Describe a cat as JSON.', prefill: '{' }]);
  });

  it('sends no prefill when the field was never opened, or was closed again with text still in it', async () => {
    await message().fill('Hello');
    await message().press('Enter');
    assert.deepEqual(await sent(), [{ text: 'Hello', prefill: null }]);
    await accept();

    await typeWithPrefill('{');
    await toggle().click();
    assert.equal(await row().isVisible(), false);
    await sendButton().click();
    assert.deepEqual((await sent())[1], { text: 'Describe a cat as JSON.', prefill: null });
  });

  it('sends no prefill when the field holds only whitespace', async () => {
    await typeWithPrefill('   ');
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent(), [{ text: 'Describe a cat as JSON.', prefill: null }]);
  });

  it('Escape in the field closes it and unpresses the toggle; the next send has no prefill', async () => {
    await typeWithPrefill('{');
    await page.keyboard.press('Escape');
    assert.equal(await row().isVisible(), false);
    assert.equal(await toggle().getAttribute('aria-pressed'), 'false');
    assert.deepEqual(await sent(), [], 'Escape sends nothing');
    await message().press('Enter');
    assert.deepEqual(await sent(), [{ text: 'Describe a cat as JSON.', prefill: null }]);
  });

  it('Shift+Enter in the field starts a new line of the prefill; Enter with no message sends nothing', async () => {
    await typeWithPrefill('{');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('"name":');
    assert.equal(await field().inputValue(), '{\n"name":');
    assert.deepEqual(await sent(), []);
    await message().fill('');
    await field().press('Enter');
    assert.deepEqual(await sent(), [], 'a prefill alone is no message');
    await message().fill('Go on');
    await field().press('Enter');
    assert.deepEqual(await sent(), [{ text: 'Go on', prefill: '{\n"name":' }]);
  });

  it('once the host accepts, the message and the prefill are cleared and the field is closed: the prefill was for one answer', async () => {
    await typeWithPrefill('{');
    await page.keyboard.press('Enter');
    await accept();
    assert.equal(await message().inputValue(), '');
    assert.equal(await row().isVisible(), false);
    assert.equal(await toggle().getAttribute('aria-pressed'), 'false');
    await toggle().click();
    assert.equal(await field().inputValue(), '', 'reopened empty');
    await toggle().click();
    await message().fill('And a dog?');
    await message().press('Enter');
    assert.deepEqual((await sent())[1], { text: 'And a dog?', prefill: null });
  });

  it('when the host refuses, the message and the prefill both stay, and sending again resends both', async () => {
    await typeWithPrefill('{');
    await page.keyboard.press('Enter');
    await reject({ kind: 'invalidRequest', title: 'The model does not take a prefill.', detail: 'Turn thinking off to use one.', status: 400, actions: [] });
    assert.equal(await notice().isVisible(), true);
    assert.match(await notice().innerText(), /does not take a prefill/);
    assert.equal(await message().inputValue(), 'Describe a cat as JSON.');
    assert.equal(await row().isVisible(), true);
    assert.equal(await toggle().getAttribute('aria-pressed'), 'true');
    assert.equal(await field().inputValue(), '{');
    await sendButton().click();
    assert.deepEqual(await sent(), [
      { text: 'Describe a cat as JSON.', prefill: '{' },
      { text: 'Describe a cat as JSON.', prefill: '{' },
    ]);
  });

  it('a refusal offering Pick Model and New Chat shows both buttons, which run Change Model and New Chat', async () => {
    await message().fill('Hello');
    await message().press('Enter');
    await reject({ kind: 'notFound', title: 'The API does not know the model "claude-nope".', detail: 'Pick another model or start a new chat.', status: 404, actions: ['pickModel', 'newChat'] });
    const buttons = notice().getByRole('button');
    assert.deepEqual((await buttons.allInnerTexts()).map((label) => label.trim()), ['Pick Model', 'New Chat']);
    await notice().getByRole('button', { name: 'Pick Model' }).click();
    assert.deepEqual(await ran(), ['changeModel']);
    await notice().getByRole('button', { name: 'New Chat' }).click();
    assert.deepEqual(await ran(), ['changeModel', 'newChat']);
  });

  it('a refusal offering neither shows no Pick Model or New Chat button', async () => {
    await message().fill('Hello');
    await message().press('Enter');
    await reject({ kind: 'invalidRequest', title: 'Too long.', detail: 'Shorten the message.', status: 400, actions: [] });
    assert.equal(await notice().isVisible(), true);
    assert.equal(await notice().getByRole('button').count(), 0);
    assert.deepEqual(await ran(), []);
  });
});
