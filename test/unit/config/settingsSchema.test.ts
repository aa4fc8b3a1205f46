import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SettingScope } from '../../../src/config/settingScopes';
import { DEFAULT_SETTINGS, customEndpointLabel, parseSettings } from '../../../src/config/settingsSchema';
import { BUILT_IN_COMMANDS, type BuiltInCommandName } from '../../../src/shared/codeCommandCatalog';
import { PRICING_TABLE_DATE } from '../../../src/shared/pricing';

/** claudeChat.baseUrl as SettingsService passes it: every scope that sets it, the most specific first. */
function baseUrlSetIn(...values: [unknown, SettingScope][]) {
  return { baseUrl: values.map(([value, scope]) => ({ value, scope })) };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));

describe('parseSettings', () => {
  it('gives the defaults for an empty configuration', () => {
    assert.deepEqual(parseSettings({}), { settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('takes valid values', () => {
    const { settings, problems } = parseSettings({ model: ' claude-opus-5-5 ', maxTokens: 4000, systemPrompt: '', streamIdleTimeoutSeconds: 5 }, baseUrlSetIn(['http://127.0.0.1:9999/', 'user']));
    assert.deepEqual(problems, []);
    assert.equal(settings.model, 'claude-opus-5-5');
    assert.equal(settings.maxTokens, 4000);
    assert.equal(settings.systemPrompt, '');
    assert.equal(settings.baseUrl, 'http://127.0.0.1:9999');
    assert.equal(settings.streamIdleTimeoutMs, 5000);
    assert.equal(customEndpointLabel(settings), '127.0.0.1:9999');
  });

  for (const [baseUrl, shown] of [
    ['javascript:alert(1)', /\(javascript:\)/],
    ['file:///etc/passwd', /\(file:\)/],
    ['not a url', /settings must/],
    ['https://user:secret@proxy.example/v1?token=t0ken', /\(https:\/\/proxy\.example\)/],
  ] as const) {
    it(`refuses baseUrl ${JSON.stringify(baseUrl)} and explains why, naming no more than its scheme and host`, () => {
      const { settings, problems } = parseSettings({}, baseUrlSetIn([baseUrl, 'user']));
      assert.equal(settings.baseUrl, undefined);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /claudeChat\.baseUrl in your user settings/);
      assert.match(problems[0], shown);
      assert.doesNotMatch(problems[0], /secret|t0ken|user:|\/v1|alert|passwd|not a url/);
    });
  }

  it('falls back from an empty or unusable workspace base URL to the user’s, never to the default host', () => {
    const gateway = 'https://gateway.example';
    assert.deepEqual(parseSettings({}, baseUrlSetIn(['', 'workspace'], [gateway, 'user'])), { settings: { ...DEFAULT_SETTINGS, baseUrl: gateway, baseUrlScope: 'user' }, problems: [] });
    const unusable = parseSettings({}, baseUrlSetIn(['ftp://x.example', 'workspaceFolder'], ['  ', 'workspace'], [gateway, 'user']));
    assert.equal(unusable.settings.baseUrl, gateway);
    assert.equal(unusable.settings.baseUrlScope, 'user');
    assert.deepEqual(unusable.problems, ["claudeChat.baseUrl in this folder's settings (ftp://x.example) must be an http(s) URL without a user name or password; it is ignored."]);
    // The user's own empty value is the default endpoint, as package.json declares.
    assert.equal(parseSettings({}, baseUrlSetIn(['', 'user'])).settings.baseUrl, undefined);
  });

  for (const maxTokens of [0, -1, 1.5, 1e9, '100']) {
    it(`refuses maxTokens ${JSON.stringify(maxTokens)}`, () => {
      const { settings, problems } = parseSettings({ maxTokens });
      assert.equal(settings.maxTokens, DEFAULT_SETTINGS.maxTokens);
      assert.match(problems[0], /maxTokens/);
    });
  }

  it('records who chose the base URL, and the header says when a workspace did', () => {
    const fromWorkspace = parseSettings({}, baseUrlSetIn(['https://gateway.example:8443/v1', 'workspace'])).settings;
    assert.equal(fromWorkspace.baseUrlScope, 'workspace');
    assert.equal(customEndpointLabel(fromWorkspace), 'gateway.example:8443 (workspace setting)');
    const fromContainer = parseSettings({}, baseUrlSetIn(['https://gateway.example:8443/v1', 'container'])).settings;
    assert.equal(customEndpointLabel(fromContainer), 'gateway.example:8443 (container setting)');
    const fromUser = parseSettings({}, baseUrlSetIn(['https://gateway.example:8443/v1', 'user'])).settings;
    assert.equal(customEndpointLabel(fromUser), 'gateway.example:8443');
    // An unusable workspace URL with no user value leaves the default endpoint, which nobody needs to approve.
    assert.equal(parseSettings({}, baseUrlSetIn(['ftp://x', 'workspace'])).settings.baseUrlScope, 'default');
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

describe('parseSettings: code commands', () => {
  const names = Object.keys(BUILT_IN_COMMANDS) as BuiltInCommandName[];

  it('gives every built-in command its default prompts, new conversations, 2000 lines and prompt files on', () => {
    const { codeCommands } = parseSettings({}).settings;
    for (const name of names) assert.deepEqual(codeCommands.prompts[name], BUILT_IN_COMMANDS[name].defaults, name);
    assert.equal(codeCommands.answerIn, 'newConversation');
    assert.equal(codeCommands.wholeFileMaxLines, 2000);
    assert.deepEqual(codeCommands.customCommands, []);
    assert.equal(codeCommands.promptFiles, true);
  });

  it('takes a command’s overridden system prompt and template, leaving the other commands’ defaults', () => {
    const { settings, problems } = parseSettings({ 'codeCommands.explain.systemPrompt': 'Explain tersely.', 'codeCommands.explain.template': 'Explain ${code} for ${question}' });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.codeCommands.prompts.explain, { systemPrompt: 'Explain tersely.', template: 'Explain ${code} for ${question}' });
    assert.deepEqual(settings.codeCommands.prompts.refactor, BUILT_IN_COMMANDS.refactor.defaults);
  });

  it('an empty system prompt sends none; an empty template falls back to the built-in one', () => {
    const { settings, problems } = parseSettings({ 'codeCommands.fix.systemPrompt': '', 'codeCommands.fix.template': '  \n ', 'codeCommands.ask.template': '' });
    assert.deepEqual(problems, []);
    assert.equal(settings.codeCommands.prompts.fix.systemPrompt, '');
    assert.equal(settings.codeCommands.prompts.fix.template, BUILT_IN_COMMANDS.fix.defaults.template);
    assert.equal(settings.codeCommands.prompts.ask.template, BUILT_IN_COMMANDS.ask.defaults.template);
  });

  it('does not change the defaults other parses start from', () => {
    parseSettings({ 'codeCommands.explain.systemPrompt': 'Changed.' });
    assert.equal(parseSettings({}).settings.codeCommands.prompts.explain.systemPrompt, BUILT_IN_COMMANDS.explain.defaults.systemPrompt);
    assert.equal(DEFAULT_SETTINGS.codeCommands.prompts.explain.systemPrompt, BUILT_IN_COMMANDS.explain.defaults.systemPrompt);
  });

  it('takes answerIn, wholeFileMaxLines and promptFiles.enabled', () => {
    const { settings, problems } = parseSettings({ 'codeCommands.answerIn': 'currentConversation', 'codeCommands.wholeFileMaxLines': 500, 'promptFiles.enabled': false });
    assert.deepEqual(problems, []);
    assert.equal(settings.codeCommands.answerIn, 'currentConversation');
    assert.equal(settings.codeCommands.wholeFileMaxLines, 500);
    assert.equal(settings.codeCommands.promptFiles, false);
  });

  it('reports a bad answerIn and keeps new conversations', () => {
    const { settings, problems } = parseSettings({ 'codeCommands.answerIn': 'sidebar' });
    assert.equal(settings.codeCommands.answerIn, 'newConversation');
    assert.deepEqual(problems, ['claudeChat.codeCommands.answerIn must be "newConversation" or "currentConversation".']);
  });

  for (const maxLines of [0, -5, 1.5, 20_001, '300']) {
    it(`reports wholeFileMaxLines ${JSON.stringify(maxLines)} and keeps 2000`, () => {
      const { settings, problems } = parseSettings({ 'codeCommands.wholeFileMaxLines': maxLines });
      assert.equal(settings.codeCommands.wholeFileMaxLines, 2000);
      assert.deepEqual(problems, ['claudeChat.codeCommands.wholeFileMaxLines must be a whole number from 1 to 20000.']);
    });
  }

  it('takes the valid custom commands and reports the broken ones, each problem naming the setting, entry and field', () => {
    const { settings, problems } = parseSettings({
      customCommands: [
        { id: 'review', title: 'Review', template: '${code}' },
        { id: 'bad id', title: 'Broken', template: '${code}' },
        { id: 'tidy', title: 'Tidy', template: '${code}', conversation: 'elsewhere' },
      ],
    });
    assert.deepEqual(settings.codeCommands.customCommands.map((command) => command.id), ['review', 'tidy']);
    assert.equal(problems.length, 2);
    assert.ok(problems.every((problem) => problem.startsWith('claudeChat.customCommands')), problems.join('\n'));
    assert.match(problems[0], /claudeChat\.customCommands\[1\]\.id: required/);
    assert.match(problems[1], /claudeChat\.customCommands\[2\]\.conversation: must be "current" or "new"/);
  });

  it('reports custom commands that are not a list', () => {
    const { settings, problems } = parseSettings({ customCommands: { id: 'review' } });
    assert.deepEqual(settings.codeCommands.customCommands, []);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /claudeChat\.customCommands must be a list/);
  });
});

describe('parseSettings: pricing', () => {
  it('has no price overrides by default', () => {
    assert.deepEqual(parseSettings({}).settings.pricing, {});
  });

  it('takes the user’s prices, filling cache prices from input, and reports the broken entries among the other problems', () => {
    const { settings, problems } = parseSettings({ pricing: { 'claude-mythos-5-2': { input: 10, output: 50 }, 'claude-opus-5': { input: 5 } } });
    assert.deepEqual(settings.pricing, { 'claude-mythos-5-2': { input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1 } });
    assert.deepEqual(problems, ['claudeChat.pricing["claude-opus-5"]: output is required; ignored.']);
  });

  it('reports a value that is not an object and keeps the built-in prices', () => {
    const { settings, problems } = parseSettings({ pricing: 'cheap' });
    assert.deepEqual(settings.pricing, {});
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^claudeChat\.pricing must be an object/);
  });

  it('is declared application-scoped (no workspace can change what the user is told things cost), naming the table’s date', () => {
    const pricing = manifest.contributes.configuration.properties['claudeChat.pricing'];
    assert.equal(pricing.scope, 'application');
    assert.deepEqual(pricing.default, {});
    assert.deepEqual(pricing.additionalProperties.required, ['input', 'output']);
    assert.ok(pricing.markdownDescription.includes(`**${PRICING_TABLE_DATE}**`), 'the description names the date of the built-in prices');
  });
});
