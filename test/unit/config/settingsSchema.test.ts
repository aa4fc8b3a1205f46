import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, customEndpointLabel, parseSettings } from '../../../src/config/settingsSchema';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));

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

  it('records who chose the base URL, and the header says when a workspace did', () => {
    const fromWorkspace = parseSettings({ baseUrl: 'https://gateway.example:8443/v1' }, { baseUrl: 'workspace' }).settings;
    assert.equal(fromWorkspace.baseUrlScope, 'workspace');
    assert.equal(customEndpointLabel(fromWorkspace), 'gateway.example:8443 (workspace setting)');
    const fromUser = parseSettings({ baseUrl: 'https://gateway.example:8443/v1' }, { baseUrl: 'user' }).settings;
    assert.equal(customEndpointLabel(fromUser), 'gateway.example:8443');
    // An unusable workspace URL leaves the default endpoint, which nobody needs to approve.
    assert.equal(parseSettings({ baseUrl: 'ftp://x' }, { baseUrl: 'workspace' }).settings.baseUrlScope, 'default');
  });

  it('has the defaults package.json declares (SettingsService reads scopes with inspect(), which gives no default)', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['claudeChat.model'].default, DEFAULT_SETTINGS.model);
    assert.equal(properties['claudeChat.maxTokens'].default, DEFAULT_SETTINGS.maxTokens);
    assert.equal(properties['claudeChat.systemPrompt'].default, DEFAULT_SETTINGS.systemPrompt);
    assert.equal(properties['claudeChat.baseUrl'].default, '');
    assert.equal(properties['claudeChat.streamIdleTimeoutSeconds'].default * 1000, DEFAULT_SETTINGS.streamIdleTimeoutMs);
    assert.equal(properties['claudeChat.titles.enabled'].default, DEFAULT_SETTINGS.generateTitles);
    assert.equal(properties['claudeChat.titles.model'].default, DEFAULT_SETTINGS.titleModel);
  });
});
