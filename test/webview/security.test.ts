import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, FrameLocator, Page, Request } from 'playwright-core';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { HOSTILE_PAYLOADS, type HostilePayload } from '../fixtures/hostilePayloads';
import { repoRoot, type CodeServer } from './runtime';
import { expectEventually, runCommand, startWorkbench } from './workbench';

const KEY = 'sk-ant-security-test-key-0123456789';
const RESULTS = path.join(repoRoot, 'test-results');
const WEBVIEW = 'iframe.webview.ready[src*="extensionId=claude-chat-dev.claude-chat"]';
const PAYLOADS_PER_ANSWER = 30;
/** The heading the suite puts before each payload, so every finding in the DOM names its payload. */
const heading = (index: number, payload: HostilePayload) => `### PAYLOAD-${String(index + 1).padStart(3, '0')} ${payload.name}`;

interface RecordedRequest {
  url: string;
  /** Made after the first hostile answer began to stream. */
  duringAttack: boolean;
  frameUrl: string;
  resourceType: string;
}

interface Finding {
  payload: string;
  problem: string;
}

/** What the in-page audit returns: findings per payload, and which payload headings were rendered at all. */
interface Audit {
  headings: string[];
  emptySections: string[];
  findings: Finding[];
  transcriptFindings: string[];
  links: { payload: string; href: string }[];
}

/**
 * Checklist rows 15-17: hostile model output (script, event handlers, SVG, frames, CSS, dangerous link schemes, remote
 * images; see test/fixtures/hostilePayloads.ts) streamed into the real chat view in a real VS Code (code-server) and
 * Chromium must stay inert: no script runs, the CSP reports nothing, the page makes no request to any other host, no
 * active element or attribute reaches the DOM, and links open only http(s) and only through the host.
 */
describe('hostile model output in a real browser', function () {
  this.timeout(120_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let codeServer: CodeServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let chat: FrameLocator;
  let inner: Frame;
  let outer: Frame;
  const requests = new Map<Request, RecordedRequest>();
  const dialogs: string[] = [];
  const consoleErrors: { text: string; duringAttack: boolean }[] = [];
  const pageErrors: string[] = [];
  const popups: string[] = [];
  let duringAttack = false;
  let streamed = false;

  before(async () => {
    ({ codeServer, browser, page } = await startWorkbench(server, KEY));
    context = page.context();
    // page.on('request') sees every frame of the page; the context also sees service workers and other pages.
    const record = (request: Request) => {
      if (requests.has(request)) return;
      let frameUrl: string;
      try {
        frameUrl = request.frame().url();
      } catch {
        frameUrl = request.serviceWorker() ? 'service worker' : '';
      }
      requests.set(request, { url: request.url(), duringAttack, frameUrl, resourceType: request.resourceType() });
    };
    page.on('request', record);
    context.on('request', record);
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), duringAttack });
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    context.on('page', (opened) => popups.push(opened.url()));

    await runCommand(page, 'Claude Chat: New Chat');
    chat = page.frameLocator(WEBVIEW).frameLocator('iframe#active-frame');
    await chat.locator('.composer-input').waitFor({ timeout: 30_000 });
    ({ outer, inner } = await chatFrames(page));
    await inner.evaluate(INSTALL_MONITOR);
    assert.equal(await inner.evaluate('typeof window.__securityMonitor'), 'object', 'the monitor is installed in the chat frame');
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server.stop();
  });

  it('runs the chat view under the exact CSP: nonce-only script, no network, no frames, forms or <base>', async () => {
    const csp = await inner.evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''`);
    assert.equal(typeof csp, 'string');
    const policy = String(csp);
    const directives = new Map<string, string[]>();
    for (const part of policy.split(';').map((piece) => piece.trim()).filter(Boolean)) {
      const [name, ...values] = part.split(/\s+/);
      assert.ok(!directives.has(name), `${name} appears once`);
      directives.set(name, values);
    }
    assert.deepEqual([...directives.keys()].sort(), ['base-uri', 'connect-src', 'default-src', 'font-src', 'form-action', 'frame-src', 'img-src', 'script-src', 'style-src'], policy);
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.equal(directives.get('script-src')?.length, 1, `script-src is one nonce: ${policy}`);
    assert.match(directives.get('script-src')![0], /^'nonce-[A-Za-z0-9+/]{16,}={0,2}'$/);
    // The webview's own resource origin(s), as VS Code gives them (cspSource): host sources or 'self', never a
    // wildcard, a bare scheme or another keyword.
    const cspSource = directives.get('style-src') ?? [];
    assert.ok(cspSource.length >= 1 && cspSource.length <= 2, `style-src is only the webview's cspSource: ${policy}`);
    for (const source of cspSource) assert.match(source, /^('self'|https:\/\/(\*\.)?[a-z0-9.-]+\.[a-z]+)$/, `cspSource part ${source}`);
    assert.deepEqual(directives.get('font-src'), cspSource);
    assert.deepEqual(directives.get('img-src'), [...cspSource, 'data:', 'blob:']);
    assert.deepEqual(directives.get('connect-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-src'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
    assert.doesNotMatch(policy, /unsafe-|strict-dynamic|wasm|(^|\s)(\*|https?:|data:[^\s;]+|blob:[^\s;]+)(\s|;|$)/);
    // Every script the policy governs (those after the CSP meta; VS Code puts its acquireVsCodeApi shim before it)
    // is ours, from the extension, and carries that nonce.
    const scripts = (await inner.evaluate(`(() => {
      const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      return [...document.scripts]
        .filter((script) => meta.compareDocumentPosition(script) & Node.DOCUMENT_POSITION_FOLLOWING)
        .map((script) => ({ nonce: script.nonce !== '', src: script.src, inline: script.textContent.trim().length > 0 }));
    })()`)) as { nonce: boolean; src: string; inline: boolean }[];
    assert.ok(scripts.length > 0, 'our script is there');
    for (const script of scripts) {
      assert.ok(script.nonce && !script.inline && /\/dist\/webview\.js(\?|$)/.test(script.src), `a governed script that is not our nonce-tagged bundle: ${JSON.stringify(script)}`);
    }
  });

  it(`renders ${HOSTILE_PAYLOADS.length} hostile payloads inert: no script, no CSP violation, no request, no active DOM`, async () => {
    const batches: HostilePayload[][] = [];
    for (let i = 0; i < HOSTILE_PAYLOADS.length; i += PAYLOADS_PER_ANSWER) batches.push(HOSTILE_PAYLOADS.slice(i, i + PAYLOADS_PER_ANSWER));
    const pwnedAfterBatch: string[] = [];
    duringAttack = true;
    for (const [b, batch] of batches.entries()) {
      const offset = b * PAYLOADS_PER_ANSWER;
      const text = batch.map((payload, i) => `${heading(offset + i, payload)}\n\n${payload.markdown}\n\n`).join('');
      server.enqueue({ kind: 'reply', text, chunkSize: 40 });
      await chat.locator('.composer-input').fill(`Security batch ${b + 1} of ${batches.length}`);
      await chat.locator('.composer-input').press('Enter');
      await expectEventually(
        async () => (await chat.locator('.message-assistant').count()) === b + 1 && (await chat.locator('.message-assistant.is-streaming').count()) === 0,
        `answer ${b + 1} finished streaming`,
        30_000,
      );
      const pwned = await inner.evaluate('[window.__pwned, window.__pwnedBy]');
      if (JSON.stringify(pwned) !== '[null,null]') pwnedAfterBatch.push(`after answer ${b + 1} (${batch[0].name} … ${batch[batch.length - 1].name}): ${JSON.stringify(pwned)}`);
    }
    streamed = true;
    // Give anything deferred (lazy images, media, meta refresh, animations, autofocus) time to fire.
    await page.waitForTimeout(1500);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'security.png') });

    const failures: string[] = [];
    const fail = (what: string, items: string[]) => {
      if (items.length === 0) return;
      const counts = new Map<string, number>();
      for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
      const lines = [...counts].map(([item, count]) => (count > 1 ? `${item} (×${count})` : item));
      failures.push(`${what} (${items.length}):\n    ${lines.slice(0, 80).join('\n    ')}${lines.length > 80 ? `\n    … ${lines.length - 80} more` : ''}`);
    };

    // 1. No script ran, in the chat frame, the webview host frame or the workbench.
    fail('script ran in the chat frame', pwnedAfterBatch);
    for (const [where, frame] of [['chat frame', inner], ['webview host frame', outer], ['workbench page', page.mainFrame()]] as const) {
      const state = (await frame.evaluate('({ pwned: window.__pwned, by: window.__pwnedBy, title: document.title })')) as { pwned?: number; by?: string[]; title: string };
      if (state.pwned !== undefined || state.by !== undefined) failures.push(`script ran in the ${where}: __pwned=${state.pwned}, by ${JSON.stringify(state.by)}`);
      if (/PWNED/i.test(state.title)) failures.push(`the ${where}'s title was changed: ${state.title}`);
    }
    if (/PWNED/i.test(await page.title())) failures.push(`the workbench title was changed: ${await page.title()}`);

    // 2. The CSP had nothing to block (so nothing hostile even tried to load), and no node was ever active.
    const monitor = (await inner.evaluate('window.__securityMonitor.report()')) as { violations: string[]; mutations: string[] };
    fail('securitypolicyviolation events in the chat frame', monitor.violations);
    fail('active content inserted while streaming (seen by a MutationObserver)', monitor.mutations);
    await inner.evaluate('window.__securityMonitor.stopObserving()');
    fail(
      'CSP or exfil errors on the console',
      consoleErrors.filter((entry) => entry.duringAttack && /Content Security Policy|exfil\.invalid|PWNED/i.test(entry.text)).map((entry) => entry.text.slice(0, 300)),
    );
    fail('uncaught errors mentioning the payloads', pageErrors.filter((message) => /exfil|pwned/i.test(message)));

    // 3. No request to any host but code-server's own origin.
    fail('requests to other hosts after the hostile answers began', foreignRequests(true).map(describeRequest));
    fail('requests to exfil.invalid at any time', [...requests.values()].filter((r) => r.url.includes('exfil.invalid')).map(describeRequest));
    fail('browser dialogs (alert/confirm/prompt/beforeunload)', dialogs);
    fail('new pages or popups', popups);

    // 4. The rendered DOM, payload by payload.
    const audit = (await inner.evaluate(AUDIT_DOM)) as Audit;
    const expected = HOSTILE_PAYLOADS.map((payload, i) => heading(i, payload).slice(4));
    fail('payloads whose heading never rendered (the corpus did not arrive as sent)', expected.filter((name) => !audit.headings.includes(name)));
    fail('payloads that rendered nothing at all', audit.emptySections);
    fail('active content in the rendered answers, by payload', audit.findings.map(({ payload, problem }) => `${payload}: ${problem}`));
    fail('forbidden elements anywhere in the transcript', audit.transcriptFindings);
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);

    // The safe parts still work (otherwise "inert" could mean "nothing rendered").
    assert.ok(audit.links.some((link) => link.href === 'https://exfil.invalid/md-link-mixed-safe-unsafe/safe'), 'an https link rendered as a link');
    assert.ok(!audit.links.some((link) => /^mailto:/i.test(link.href)), 'no mailto link rendered as a link');
    assert.ok(((await chat.locator('.message-assistant .block-markdown').allTextContents()).join('\n')).includes('mailto:victim@exfil.invalid?body=secret'), 'a mailto link shows as plain text');
    assert.ok((await chat.locator('.image-placeholder').count()) >= 10, 'remote images became placeholders');
    assert.match((await chat.locator('.message-assistant .block-markdown').first().textContent()) ?? '', /<script>window\.__pwned/, 'a <script> payload shows as text');
  });

  it('opens links only through the host: javascript: is text, https, local and private-network links ask first, and nothing leaves the page', async () => {
    assert.ok(streamed, 'the hostile answers were streamed by the test before');
    duringAttack = true;
    await inner.evaluate('window.__securityMonitor.reset()');
    const answers = chat.locator('.message-assistant .block-markdown');
    const settingsEditors = async () => page.locator('.settings-editor').count();
    assert.equal(await settingsEditors(), 0);

    // A javascript: link survives only as text: clicking that text does nothing at all.
    assert.equal(await answers.locator('a[href^="javascript:" i], a[href^="vbscript:" i], a[href^="command:" i], a[href^="vscode" i], a[href^="data:" i], a[href^="file:" i]').count(), 0, 'no link with a dangerous scheme is clickable');
    const javascriptText = answers.locator('p', { hasText: '[click me javascript](javascript:' });
    assert.equal(await javascriptText.count(), 1, 'the javascript: link of md-link-javascript is shown as text');
    let mark = requests.size;
    await javascriptText.click();
    await page.waitForTimeout(800);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no confirmation for a javascript: link');
    assert.equal(await inner.evaluate('window.__pwned'), undefined);
    assert.deepEqual(leftThePage(mark), [], 'clicking the javascript: text made no request');

    // An https link, clicked as a person would: the host calls openExternal, so VS Code asks first, once, and
    // nothing is fetched or opened until the person agrees (they cancel here).
    mark = requests.size;
    const popupsBefore = popups.length;
    await answers.locator('a[href="https://exfil.invalid/md-link-mixed-safe-unsafe/safe"]').click();
    const confirmations = await dismissEveryDialog(page);
    assert.equal(confirmations.length, 1, `exactly one confirmation for one click; saw ${JSON.stringify(confirmations)}`);
    assert.match(confirmations[0], /open the external website\?.*https:\/\/exfil\.invalid\/md-link-mixed-safe-unsafe\/safe/s, 'VS Code\'s confirmation names the real URL');
    assert.deepEqual(
      { requests: leftThePage(mark), windows: popups.slice(popupsBefore) },
      { requests: [], windows: [] },
      // VS Code's webview frame (pre/index.html, handleInnerClick) follows every trusted click on an <a> itself, whether
      // or not the page called preventDefault, and in a trusted workspace opens http(s) without asking: the chat's
      // click handler must also stop the click's propagation so that only the host opens links.
      'the https link was opened before the person answered the confirmation: something besides the host (VS Code\'s own webview link handling) followed the click',
    );

    // Defence in depth: if a sanitizer bug ever let a dangerous link into the DOM, a click on it still opens nothing:
    // the host refuses it (and logs that), and no other handler acts on it.
    const injected = [
      'command:workbench.action.openSettings',
      'javascript:window.__pwned=(window.__pwned||0)+1',
      'vscode://file/etc/passwd',
      'vscode://vscode.git/clone?url=https%3A%2F%2Fexfil.invalid%2Finjected%2Frepo.git',
      'file:///etc/passwd',
      'data:text/html,<script>parent.__pwned=1</script>',
      'https://user:password@exfil.invalid/injected/credentials',
      '//exfil.invalid/injected/relative',
      'mailto:victim@exfil.invalid?body=injected',
    ];
    const opened: string[] = [];
    for (const [i, href] of injected.entries()) {
      mark = requests.size;
      await inner.evaluate(
        `(() => { const a = document.createElement('a'); a.id = 'injected-${i}'; a.href = ${JSON.stringify(href)}; a.textContent = 'injected ${i}'; document.querySelector('.message-assistant .block-markdown .markdown').prepend(a); })()`,
      );
      await chat.locator(`#injected-${i}`).click();
      await page.waitForTimeout(700);
      const dialogsShown = await dismissEveryDialog(page, 300);
      if (dialogsShown.length > 0) opened.push(`${href}: dialog ${JSON.stringify(dialogsShown)}`);
      if ((await settingsEditors()) > 0) opened.push(`${href}: a command ran (the Settings editor opened)`);
      if ((await inner.evaluate('window.__pwned')) !== undefined) opened.push(`${href}: script ran`);
      for (const request of leftThePage(mark)) opened.push(`${href}: request ${request}`);
    }
    await inner.evaluate(`document.querySelectorAll('[id^="injected-"]').forEach((a) => a.remove())`);
    assert.deepEqual(opened, [], 'dangerous links, if they ever reached the DOM, must open nothing');
    for (const href of injected) {
      try {
        await expectEventually(async () => (await hostLog(codeServer)).includes(`Refused to open a link that is not http(s): ${href.slice(0, 100)}`), `the host logged a refusal of ${href}`);
      } catch {
        assert.fail(`the host did not log a refusal of ${href}; its log:\n${await hostLog(codeServer)}`);
      }
    }

    // Links to this machine and to private networks ask exactly once before anything opens. VS Code itself opens
    // localhost, 127.0.0.1 and [::1] without asking (isLocalhostAuthority in its trusted-domain check), so for those
    // the host asks; for private ranges VS Code's own link protection does, as this checks on the real workbench.
    // Should a confirmation ever be missing, no request may reach those addresses from this machine: abort them.
    await page.context().route(/^https?:\/\/(127\.0\.0\.1:9\/|localhost:9\/|10\.|192\.168\.)/, (route) => route.abort());
    const nearby: [string, RegExp][] = [
      ['http://127.0.0.1:9/loopback', /Open http:\/\/127\.0\.0\.1:9\/loopback\?.*server on your own computer/s],
      ['http://localhost:9/loopback-name', /Open http:\/\/localhost:9\/loopback-name\?/],
      ['http://192.168.0.10/private', /open the external website\?.*http:\/\/192\.168\.0\.10\/private/s],
      ['http://10.1.2.3/private', /open the external website\?.*http:\/\/10\.1\.2\.3\/private/s],
    ];
    for (const [i, [href, expected]] of nearby.entries()) {
      const popupsBeforeClick = popups.length;
      await inner.evaluate(
        `(() => { const a = document.createElement('a'); a.id = 'nearby-${i}'; a.href = ${JSON.stringify(href)}; a.textContent = 'nearby ${i}'; document.querySelector('.message-assistant .block-markdown .markdown').prepend(a); })()`,
      );
      await chat.locator(`#nearby-${i}`).click();
      const asked = await dismissEveryDialog(page);
      assert.equal(asked.length, 1, `${href}: exactly one confirmation before it opens; saw ${JSON.stringify(asked)}`);
      assert.match(asked[0], expected, `${href}: the confirmation names the link`);
      assert.deepEqual(popups.slice(popupsBeforeClick), [], `${href}: nothing opened after Cancel`);
    }
    await inner.evaluate(`document.querySelectorAll('[id^="nearby-"]').forEach((a) => a.remove())`);
    await page.context().unroute(/^https?:\/\/(127\.0\.0\.1:9\/|localhost:9\/|10\.|192\.168\.)/);

    assert.deepEqual(popups, [], 'no window opened');
    assert.deepEqual(dialogs, [], 'no browser dialog');
    const monitor = (await inner.evaluate('window.__securityMonitor.report()')) as { violations: string[] };
    assert.deepEqual(monitor.violations, [], 'clicking caused no CSP violation');
  });

  it('has detectors that can fire (controls: a blocked image, a blocked inline handler, a blocked fetch, a real request)', async () => {
    await inner.evaluate(`window.__securityMonitor.reset()`);
    await inner.evaluate(`(() => {
      const holder = document.createElement('div');
      holder.id = 'security-controls';
      holder.innerHTML = '<img src="https://exfil.invalid/control/img.png"><img src="data:," onerror="window.__pwned=(window.__pwned||0)+1">';
      document.body.append(holder);
      fetch('https://exfil.invalid/control/fetch').catch(() => undefined);
    })()`);
    await expectEventually(async () => ((await inner.evaluate('window.__securityMonitor.report().violations.length')) as number) >= 3, 'three CSP violations were reported');
    const { violations } = (await inner.evaluate('window.__securityMonitor.report()')) as { violations: string[] };
    assert.ok(violations.some((v) => v.startsWith('img-src')), violations.join('\n'));
    assert.ok(violations.some((v) => v.startsWith('script-src')), violations.join('\n'));
    assert.ok(violations.some((v) => v.startsWith('connect-src')), violations.join('\n'));
    assert.equal(await inner.evaluate('window.__pwned'), undefined, 'the CSP blocked the inline handler');
    await inner.evaluate(`document.getElementById('security-controls').remove()`);

    // The request recorder sees a request the workbench page itself makes.
    await page.evaluate(`fetch('https://exfil.invalid/control/recorder', { mode: 'no-cors' }).catch(() => undefined)`);
    await expectEventually(async () => [...requests.values()].some((r) => r.url === 'https://exfil.invalid/control/recorder'), 'the request recorder saw the control request');
  });

  /** Requests made since `mark` (an index into the recorder) to anywhere but code-server's own origin. */
  function leftThePage(mark: number): string[] {
    return [...requests.values()]
      .slice(mark)
      .filter((r) => !r.url.startsWith(`${codeServer.url}/`) && !/^(data|blob):/.test(r.url) && !isWorkbenchGalleryQuery(r))
      .map(describeRequest);
  }

  function foreignRequests(onlyDuringAttack: boolean): RecordedRequest[] {
    return [...requests.values()].filter(
      (r) => (!onlyDuringAttack || r.duringAttack) && !r.url.startsWith(`${codeServer.url}/`) && !/^(data|blob):/.test(r.url) && !isWorkbenchGalleryQuery(r),
    );
  }

  /**
   * The one request of VS Code's own that may leave: the workbench page (never a webview) asking code-server's
   * extension gallery about installed extensions, which it does on its own schedule. Not caused by the chat.
   */
  function isWorkbenchGalleryQuery(r: RecordedRequest): boolean {
    return r.url.startsWith('https://open-vsx.org/vscode/gallery/') && r.frameUrl.startsWith(`${codeServer.url}/`) && !r.frameUrl.includes('webview');
  }
});

function describeRequest(request: RecordedRequest): string {
  const name = /exfil\.invalid\/([a-z0-9-]+)\//.exec(request.url)?.[1];
  return `${name ? `[${name}] ` : ''}${request.resourceType} ${request.url.slice(0, 200)} (from ${request.frameUrl.slice(0, 120)})`;
}

/** The webview host frame (VS Code's) and, inside it, the chat page (ours). */
async function chatFrames(page: Page): Promise<{ outer: Frame; inner: Frame }> {
  const outerElement = await page.locator(WEBVIEW).elementHandle();
  const outer = await outerElement?.contentFrame();
  assert.ok(outer, 'the webview host frame exists');
  const innerElement = await outer.locator('iframe#active-frame').elementHandle();
  const inner = await innerElement?.contentFrame();
  assert.ok(inner, 'the chat frame exists');
  return { outer, inner };
}

/** Cancels every VS Code dialog that shows up (one after another) and returns their texts. */
async function dismissEveryDialog(page: Page, firstWaitMs = 10_000): Promise<string[]> {
  const box = page.locator('.monaco-dialog-box');
  const texts: string[] = [];
  for (let wait = firstWaitMs; texts.length < 5; wait = 1500) {
    try {
      await box.first().waitFor({ timeout: wait });
    } catch {
      break;
    }
    texts.push(((await box.first().textContent()) ?? '').replace(/\s+/g, ' '));
    const cancel = box.first().locator('.monaco-button', { hasText: /^Cancel$/ });
    if ((await cancel.count()) > 0) await cancel.first().click();
    else await page.keyboard.press('Escape');
    await box.first().waitFor({ state: 'detached', timeout: 5000 });
  }
  return texts;
}

/** The extension's own log ("Claude Chat" output channel), as code-server writes it under the profile. */
async function hostLog(server: CodeServer): Promise<string> {
  const logs = path.join((server as CodeServer & { userDataDir: string }).userDataDir, 'logs');
  const files = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true }).map(String).filter((file) => file.endsWith('Claude Chat.log')) : [];
  return files.map((file) => fs.readFileSync(path.join(logs, file), 'utf8')).join('\n');
}

/**
 * Runs in the chat frame before the first hostile answer: records every CSP violation, and audits every node added to
 * a rendered answer while it streams (the tail is re-rendered many times; a transient <img> would be caught here).
 */
const INSTALL_MONITOR = `(() => {
  const violations = [];
  const mutations = [];
  // Which payload was streaming: the last payload heading rendered so far (a render covers whatever arrived since
  // the last frame, so this names the payload or one shortly after it).
  const streaming = () => {
    const headings = document.querySelectorAll('.message-assistant .block-markdown h3');
    return headings.length > 0 ? headings[headings.length - 1].textContent.replace(/^PAYLOAD-\\d+ /, '') : '(no payload yet)';
  };
  // The payload an element belongs to: the payload heading before it, if it is still in the page.
  const payloadOf = (element) => {
    if (!element.isConnected) return 'near ' + streaming();
    const heading = document.evaluate('preceding::h3[1]', element, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    return heading ? heading.textContent.replace(/^PAYLOAD-\\d+ /, '') : '(before the first payload)';
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + (e.sample ? ' "' + e.sample.slice(0, 80) + '"' : '') + ', while the answer was at ' + streaming() + ' (' + (e.sourceFile || '').split('/').pop() + ':' + e.lineNumber + ')');
  });
  const check = ${checkElementSource()};
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const nodes = record.type === 'attributes' ? [record.target] : [...record.addedNodes];
      for (const node of nodes) {
        if (!(node instanceof Element) || !node.closest('.block-markdown')) continue;
        for (const element of [node, ...node.querySelectorAll('*')]) {
          for (const problem of check(element)) if (mutations.length < 500) mutations.push(payloadOf(element) + ': ' + problem + ': ' + element.outerHTML.slice(0, 160));
        }
      }
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  window.__securityMonitor = {
    report: () => ({ violations: [...violations], mutations: [...mutations] }),
    reset: () => { violations.length = 0; mutations.length = 0; },
    stopObserving: () => observer.disconnect(),
  };
})()`;

/**
 * The rules for one element of a rendered answer, as source for the page: the tags DOMPurify allows plus what the
 * code-block toolbar adds, no event handler, no style attribute, no URL-bearing attribute but href, href only
 * http(s) (mailto: too is text).
 */
function checkElementSource(): string {
  return `(element) => {
    const ALLOWED_TAGS = ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'span', 'a',
      'em', 'strong', 'del', 's', 'sup', 'sub', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'button'];
    const ALLOWED_ATTRIBUTES = ['href', 'title', 'class', 'start', 'type', 'data-code-action', 'aria-label', 'aria-hidden'];
    const FORBIDDEN = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'img', 'image', 'picture', 'source', 'video', 'audio',
      'track', 'svg', 'math', 'style', 'link', 'meta', 'base', 'form', 'input', 'textarea', 'select', 'portal', 'fencedframe', 'template', 'noscript', 'marquee'];
    const problems = [];
    const tag = element.localName;
    if (FORBIDDEN.includes(tag)) problems.push('<' + tag + '> element');
    else if (!ALLOWED_TAGS.includes(tag)) problems.push('unexpected <' + tag + '> element');
    for (const { name, value } of [...element.attributes]) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on')) problems.push('event handler ' + name + '="' + value.slice(0, 60) + '" on <' + tag + '>');
      else if (lower === 'style') problems.push('style attribute "' + value.slice(0, 60) + '" on <' + tag + '>');
      else if (!ALLOWED_ATTRIBUTES.includes(lower)) problems.push('unexpected attribute ' + name + '="' + value.slice(0, 60) + '" on <' + tag + '>');
    }
    if (element.hasAttribute('href') && !/^https?:/i.test(element.getAttribute('href'))) {
      problems.push('href "' + element.getAttribute('href').slice(0, 80) + '" on <' + tag + '>');
    }
    if (element.hasAttribute('href') && tag !== 'a') problems.push('href on <' + tag + '>');
    return problems;
  }`;
}

/**
 * Audits every rendered answer, walking it in document order: a "PAYLOAD-nnn name" heading starts that payload's
 * section, so each finding names its payload. Also checks the whole transcript for forbidden elements.
 */
const AUDIT_DOM = `(() => {
  const check = ${checkElementSource()};
  const headings = [];
  const emptySections = [];
  const findings = [];
  const links = [];
  let current = '(before the first payload)';
  let sectionText = '';
  const closeSection = () => {
    if (headings.length > 0 && sectionText.trim() === '') emptySections.push(current);
    sectionText = '';
  };
  for (const answer of document.querySelectorAll('.message-assistant .block-markdown')) {
    const walker = document.createTreeWalker(answer, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!node.parentElement.closest('h3')) sectionText += node.textContent;
        continue;
      }
      const match = node.localName === 'h3' && /^PAYLOAD-(\\d{3}) ([a-z0-9-]+)$/.exec(node.textContent.trim());
      if (match) {
        closeSection();
        current = match[2];
        headings.push(match[0]);
      }
      for (const problem of check(node)) findings.push({ payload: current, problem });
      if (node.localName === 'a' && node.hasAttribute('href')) links.push({ payload: current, href: node.getAttribute('href') });
    }
  }
  closeSection();
  const transcriptFindings = [];
  const transcript = document.querySelector('.transcript');
  if (!transcript) transcriptFindings.push('no .transcript element');
  else {
    const forbidden = 'script, iframe, frame, object, embed, applet, img, svg, math, style, link, meta, base, form, input, video, audio, picture, source, track';
    for (const element of transcript.querySelectorAll(forbidden)) transcriptFindings.push('<' + element.localName + '> ' + element.outerHTML.slice(0, 160));
    for (const element of transcript.querySelectorAll('*')) {
      for (const { name } of [...element.attributes]) if (name.toLowerCase().startsWith('on')) transcriptFindings.push(name + ' on <' + element.localName + '>');
    }
  }
  return { headings, emptySections, findings, transcriptFindings, links };
})()`;
