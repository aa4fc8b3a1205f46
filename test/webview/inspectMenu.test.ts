import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { InspectMenuPageApi } from './pages/inspectMenu.page';
import { chatStylesheet, openTestPage } from './runtime';

type Api = { inspectMenuPage: InspectMenuPageApi };

describe('an answer’s Inspect menu, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  let css = '';

  before(async () => {
    css = await chatStylesheet();
  });

  beforeEach(async () => {
    ({ browser, page } = await openTestPage('inspectMenu.page.ts'));
    await page.evaluate((style) => (window as unknown as Api).inspectMenuPage.render({ css: style }), css);
  });

  afterEach(async () => {
    await browser?.close();
  });

  const picked = () => page.evaluate(() => (window as unknown as Api).inspectMenuPage.picked());
  const trigger = () => page.locator('.message-assistant button.inspect');
  const menu = () => page.locator('.message-assistant [role="menu"]');
  /** The focused element's accessible name: its aria-label, else its text. */
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent || '');

  it('is offered on answers only, as a menu button, closed at first', async () => {
    assert.equal(await page.locator('.message-user button.inspect').count(), 0);
    assert.equal(await trigger().getAttribute('aria-haspopup'), 'menu');
    assert.equal(await trigger().getAttribute('aria-expanded'), 'false');
    assert.equal(await menu().isVisible(), false);
  });

  it('opens by click on its five entries and asks for the one clicked, then closes', async () => {
    await trigger().click();
    assert.equal(await trigger().getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await menu().getByRole('menuitem').allTextContents(), ['Show Request', 'Show Response', 'Copy as curl', 'Copy as TypeScript (SDK)', 'Copy as Python (SDK)']);
    await menu().getByRole('menuitem', { name: 'Show Response' }).click();
    assert.deepEqual(await picked(), [{ messageId: 'a1', view: 'response' }]);
    assert.equal(await menu().isVisible(), false);
  });

  it('works from the keyboard: Enter opens on the first entry, arrows move and wrap, Enter picks, focus returns', async () => {
    await trigger().focus();
    await page.keyboard.press('Enter');
    assert.equal(await focused(), 'Show Request');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'Copy as curl');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'Copy as Python (SDK)', 'ArrowUp from the first entry wraps to the last');
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    assert.deepEqual(await picked(), [{ messageId: 'a1', view: 'python' }]);
    assert.equal(await menu().isVisible(), false);
    assert.equal(await focused(), 'Inspect the API request and response');
  });

  it('opens on the last entry with ArrowUp, and Escape closes it with focus back on the button, picking nothing', async () => {
    await trigger().focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'Copy as Python (SDK)');
    await page.keyboard.press('Escape');
    assert.equal(await menu().isVisible(), false);
    assert.equal(await trigger().getAttribute('aria-expanded'), 'false');
    assert.equal(await focused(), 'Inspect the API request and response');
    assert.deepEqual(await picked(), []);
  });

  it('closes when focus or a click goes elsewhere', async () => {
    await trigger().click();
    await page.keyboard.press('Tab');
    assert.equal(await menu().isVisible(), false, 'Tab out of the menu');
    await trigger().click();
    await page.locator('.outside').click();
    assert.equal(await menu().isVisible(), false, 'a click elsewhere');
    assert.deepEqual(await picked(), []);
  });

  it('is not drawn by a view that cannot inspect', async () => {
    await page.evaluate(() => (window as unknown as Api).inspectMenuPage.render({ withInspect: false }));
    assert.equal(await page.locator('button.inspect').count(), 0);
  });
});
