import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, customEndpointLabel, parseSettings } from '../../../src/config/settingsSchema';

describe('parseSettings', () => {
  it('gives the defaults for an empty configuration', () => {
    assert.deepEqual(parseSettings({}), { settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('takes valid values', () => {
    const { settings, problems } = parseSettings({ model: ' claude-opus-5-5 ', maxTokens: 4000, systemPrompt: '', baseUrl: 'http://127.0.0.1:9999/', streamIdleTimeoutSeconds: 5 });
    assert.deepEqual(problems, []);
    assert.equal(settings.model, 'claude-opus-5-5');
    assert.equal(settings.maxTokens, 4000);
    assert.equal(settings.systemPrompt, '');
    assert.equal(settings.baseUrl, 'http://127.0.0.1:9999');
    assert.equal(settings.streamIdleTimeoutMs, 5000);
    assert.equal(customEndpointLabel(settings), '127.0.0.1:9999');
  });

  for (const baseUrl of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url', 'https://user:secret@proxy.example']) {
    it(`refuses baseUrl ${JSON.stringify(baseUrl)} and explains why`, () => {
      const { settings, problems } = parseSettings({ baseUrl });
      assert.equal(settings.baseUrl, undefined);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /baseUrl/);
    });
  }

  for (const maxTokens of [0, -1, 1.5, 1e9, '100']) {
    it(`refuses maxTokens ${JSON.stringify(maxTokens)}`, () => {
      const { settings, problems } = parseSettings({ maxTokens });
      assert.equal(settings.maxTokens, DEFAULT_SETTINGS.maxTokens);
      assert.match(problems[0], /maxTokens/);
    });
  }
});
