import assert from 'node:assert/strict';
import { openableLink } from '../../../src/webview/linkPolicy';

describe('openableLink (which links from model output the host opens)', () => {
  it('opens absolute http(s) links', () => {
    assert.equal(openableLink('https://docs.python.org/3/'), 'https://docs.python.org/3/');
    assert.equal(openableLink(' http://example.com/a?b=c '), 'http://example.com/a?b=c');
    assert.equal(openableLink('mailto:someone@example.com'), 'mailto:someone@example.com');
  });
  for (const href of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'command:workbench.action.terminal.new',
    'vscode://file/etc/passwd',
    'file:///etc/passwd',
    '/relative/path',
    '#anchor',
    'https://user:pass@example.com/',
    '',
  ]) {
    it(`refuses ${JSON.stringify(href)}`, () => assert.equal(openableLink(href), undefined));
  }
});
