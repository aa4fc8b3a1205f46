import assert from 'node:assert/strict';
import { buildCsp, createNonce } from '../../../src/webview/csp';

describe('webview CSP', () => {
  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => createNonce()));
    assert.equal(nonces.size, 1000);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
  });

  it('allows only our nonce-tagged script and no network at all', () => {
    const csp = buildCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
    const directives = Object.fromEntries(csp.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'nonce-abc123'");
    assert.equal(directives['connect-src'], "'none'");
    assert.equal(directives['frame-src'], "'none'");
    assert.equal(directives['base-uri'], "'none'");
    assert.equal(directives['form-action'], "'none'");
    assert.equal(directives['img-src'], 'https://file+.vscode-resource.vscode-cdn.net data: blob:');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });
});
