import assert from 'node:assert/strict';
import { openableLink } from '../../../src/webview/linkPolicy';

describe('openableLink (which links from model output the host opens, and who confirms them)', () => {
  it('opens absolute http(s) links, normalised, confirmed by VS Code', () => {
    assert.deepEqual(openableLink('https://docs.python.org/3/'), { url: 'https://docs.python.org/3/', confirmation: 'vscode' });
    assert.deepEqual(openableLink(' http://example.com/a?b=c '), { url: 'http://example.com/a?b=c', confirmation: 'vscode' });
  });

  for (const href of [
    'mailto:someone@example.com',
    'MAILTO:someone@example.com?body=secret',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'command:workbench.action.terminal.new',
    'command:claudeChat.exportConversation?%5B%22json%22%5D',
    'vscode://file/etc/passwd',
    'vscode-insiders://file/etc/passwd',
    'file:///etc/passwd',
    'ftp://example.com/file',
    'tel:+15555550100',
    '/relative/path',
    '//example.com/protocol-relative',
    '#anchor',
    'https://user:pass@example.com/',
    'http://user@localhost:8080/',
    '',
  ]) {
    it(`refuses ${JSON.stringify(href)}`, () => assert.equal(openableLink(href), undefined));
  }

  // VS Code's link protection opens these without its prompt (isLocalhostAuthority): the host must ask instead.
  for (const [href, url] of [
    ['http://localhost:3000/admin', 'http://localhost:3000/admin'],
    ['http://LOCALHOST/', 'http://localhost/'],
    ['http://api.localhost:8080/', 'http://api.localhost:8080/'],
    ['https://127.0.0.1/', 'https://127.0.0.1/'],
    ['http://127.1:9000/x', 'http://127.0.0.1:9000/x'],
    ['http://0x7f000001/', 'http://127.0.0.1/'],
    ['http://2130706433/', 'http://127.0.0.1/'],
    ['http://[::1]:8080/', 'http://[::1]:8080/'],
    ['http://127a0b0c1/', 'http://127a0b0c1/'],
    ['http://0.0.0.0:8000/', 'http://0.0.0.0:8000/'],
    ['http://[::]/', 'http://[::]/'],
  ]) {
    it(`has the host confirm ${href} itself (VS Code would not ask), as ${url}`, () => {
      assert.deepEqual(openableLink(href), { url, confirmation: 'host' });
    });
  }

  // On no version's skip list: VS Code's own prompt confirms them, like any other host; asking too would ask twice.
  for (const href of ['http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.1.1/admin', 'http://169.254.169.254/latest/meta-data/', 'http://[fd00::1]/', 'http://[fe80::1]/', 'http://127.0.0.2/', 'http://localhost.example.com/', 'http://[::ffff:127.0.0.1]/']) {
    it(`leaves ${href} to VS Code's own confirmation`, () => assert.equal(openableLink(href)?.confirmation, 'vscode'));
  }
});
