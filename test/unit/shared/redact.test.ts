import assert from 'node:assert/strict';
import { REDACTED, redactSecrets } from '../../../src/shared/redact';

const KEY = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-zz';

describe('redactSecrets', () => {
  it("scrubs the SDK's header error for a key with a NUL in it (the key is quoted whole)", () => {
    const broken = `${KEY}\u0000x`;
    const message = `Headers.append: "Bearer ${broken}" is an invalid header value.`;
    for (const known of [[broken], []]) {
      const scrubbed = redactSecrets(message, known);
      assert.ok(!scrubbed.includes('AbCdEfGh'), scrubbed);
      assert.ok(!scrubbed.includes('\u0000x'), JSON.stringify(scrubbed));
      assert.match(scrubbed, /^Headers\.append: "Bearer \[redacted\]" is an invalid header value\.$/);
    }
  });

  it('scrubs the known key wherever it appears, also JSON-escaped, even when it does not look like a key', () => {
    const odd = 'not-a-prefix-key\nwith-a-line-break';
    assert.equal(redactSecrets(`a ${odd} b`, [odd]), `a ${REDACTED} b`);
    assert.equal(redactSecrets(`{"key":${JSON.stringify(odd)}}`, [odd]), `{"key":"${REDACTED}"}`);
  });

  it('scrubs key-shaped strings, Bearer values and x-api-key values nobody told it about', () => {
    assert.equal(redactSecrets(`key ${KEY} leaked`), `key sk-ant-${REDACTED} leaked`);
    assert.equal(redactSecrets('Authorization: Bearer abc.def-ghi, next'), `Authorization: Bearer ${REDACTED}, next`);
    assert.equal(redactSecrets('x-api-key: secret-value here'), `x-api-key: ${REDACTED} here`);
    assert.equal(redactSecrets('{"x-api-key":"secret-value"}'), `{"x-api-key":"${REDACTED}"}`);
  });

  it('leaves ordinary text and short "secrets" alone, and is idempotent', () => {
    const text = 'The API is overloaded (request req_011). Retry in a moment: a bearer of news.';
    assert.equal(redactSecrets(text, ['', undefined, null, 'a']), text);
    const once = redactSecrets(`Bearer ${KEY} and ${KEY}`, [KEY]);
    assert.equal(redactSecrets(once, [KEY]), once);
    assert.ok(!once.includes(KEY));
  });
});
