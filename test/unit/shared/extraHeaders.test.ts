import assert from 'node:assert/strict';
import { MAX_EXTRA_HEADERS, extraHeaderNameProblem, extraHeaderValueProblem, parseExtraHeaders } from '../../../src/shared/extraHeaders';

describe('extra header rules', () => {
  it('refuses every name that carries the key or changes authentication, framing or the protocol, in any case', () => {
    const refused = [
      'Authorization',
      'x-api-key',
      'X-API-KEY',
      'anthropic-version',
      'anthropic-beta',
      'Content-Type',
      'content-length',
      'Host',
      'cookie',
      'proxy-authorization',
      'transfer-encoding',
      'connection',
      'accept-encoding',
      'user-agent',
      'x-claude-chat-client',
      'x-stainless-retry-count',
      'sec-fetch-mode',
    ];
    for (const name of refused) assert.ok(extraHeaderNameProblem(name), `${name} is refused`);
  });

  it('refuses names that are not RFC 7230 tokens', () => {
    for (const name of ['', 'x gateway', 'x-gateway:', 'x-gäteway', 'x-(team)', 'x-team\r\nhost', 'x/team']) assert.ok(extraHeaderNameProblem(name), JSON.stringify(name));
  });

  it('accepts ordinary gateway headers', () => {
    for (const name of ['X-Gateway-Token', 'x-portkey-config', 'Helicone-Auth', "x-team_1.2~!#$%&'*+^`|"]) assert.equal(extraHeaderNameProblem(name), undefined, name);
  });

  it('refuses values with CR, LF, NUL, other control characters or beyond Latin-1, and non-strings', () => {
    for (const value of ['a\rb', 'a\nb', 'a\0b', 'a\x07b', 'a\x7fb', 'token-€', 42, null, { nested: 'x' }]) assert.ok(extraHeaderValueProblem(value), JSON.stringify(value));
    for (const value of ['', 'plain', 'with\ttab', 'café (Latin-1)']) assert.equal(extraHeaderValueProblem(value), undefined, value);
  });

  it('keeps the first of two names that differ only in case, and at most MAX_EXTRA_HEADERS', () => {
    const twice = parseExtraHeaders({ 'X-Team': 'a', 'x-team': 'b' }, 'claudeChat.extraHeaders');
    assert.deepEqual(twice.headers, { 'X-Team': 'a' });
    assert.match(twice.problems[0], /"x-team" is given twice/);
    const many = parseExtraHeaders(Object.fromEntries(Array.from({ length: MAX_EXTRA_HEADERS + 3 }, (_, i) => [`x-h${i}`, 'v'])), 'claudeChat.extraHeaders');
    assert.equal(Object.keys(many.headers).length, MAX_EXTRA_HEADERS);
    assert.equal(many.problems.length, 1);
  });
});
