import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import type { ChatMessage } from '../../src/shared/conversation';
import { cacheHitRate, totalInputTokens } from '../../src/shared/usage';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { activateAgainstFake, releaseFake } from '../helpers/fakeApiHost';
import { MIN_CACHEABLE_TOKENS } from '../fakes/promptCache';

const KEY = 'sk-ant-integration-prompt-caching-0123456789';
/** Long enough to be cached on its own (the fake counts a token per 4 characters, like the API roughly does). */
const LONG_SYSTEM_PROMPT = `You review code for a team that values clarity. ${'Prefer small functions with names that say what they do. '.repeat(80)}`;

interface CachedBody {
  system: { type: string; text: string; cache_control?: { type: string; ttl?: string } }[];
  messages: { role: string; content: { type: string; cache_control?: { type: string; ttl?: string } }[] }[];
}

describe('prompt caching in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;

  before(async () => {
    assert.ok(LONG_SYSTEM_PROMPT.length / 4 > MIN_CACHEABLE_TOKENS);
    api = await activateAgainstFake(server, KEY);
  });

  after(async () => {
    await releaseFake(api, server, ['promptCaching']);
  });

  beforeEach(() => {
    server.reset();
    api.session.newChat();
    api.session.updateMeta({ systemPrompt: LONG_SYSTEM_PROMPT });
  });

  async function turn(text: string): Promise<ChatMessage> {
    const result = await api.session.send(text);
    assert.ok(result.ok, result.ok ? '' : result.error.detail);
    const answer = await result.reply;
    assert.equal(answer.status, 'complete');
    return answer;
  }

  it('by default caches the system prompt and the conversation for 5 minutes, and later turns read it', async () => {
    const first = await turn('Review this: function f(a) { return a * 2 }');
    const second = await turn('And name it better?');
    const third = await turn('Thanks. One more idea?');

    const body = server.messageRequests[2].body as CachedBody;
    assert.deepEqual(body.system[0].cache_control, { type: 'ephemeral', ttl: '5m' });
    const marked = body.messages.map((message) => message.content.some((block) => block.cache_control !== undefined));
    assert.deepEqual(marked, [false, false, true, false, true], 'the last two user turns carry the breakpoints');

    // The first answer wrote the prefix; each later one read what the previous wrote and wrote its new turns.
    assert.equal(first.usage?.cacheReadInputTokens, 0);
    assert.ok((first.usage?.cacheCreationInputTokens ?? 0) > MIN_CACHEABLE_TOKENS);
    assert.equal(first.usage?.cacheCreation5mInputTokens, first.usage?.cacheCreationInputTokens, 'written with the 5-minute TTL');
    assert.equal(first.usage?.cacheCreation1hInputTokens, 0);
    for (const later of [second, third]) {
      assert.ok(later.usage && later.usage.cacheReadInputTokens >= first.usage!.cacheCreationInputTokens, 'the earlier prefix was read');
      assert.ok(cacheHitRate(later.usage) > 0.8, `hit rate ${cacheHitRate(later.usage)}`);
    }
    // What the view shows and the ledger adds up is what the API reported, exactly.
    assert.equal(totalInputTokens(third.usage!), third.usage!.inputTokens + third.usage!.cacheCreationInputTokens + third.usage!.cacheReadInputTokens);
  });

  it('claudeChat.promptCaching 1h writes with the 1-hour TTL; off sends no breakpoint and reads nothing', async () => {
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('promptCaching', '1h', vscode.ConfigurationTarget.Global);
    // A settings change resets an empty chat to the defaults: the long system prompt goes in after it.
    api.session.newChat();
    api.session.updateMeta({ systemPrompt: LONG_SYSTEM_PROMPT });
    const hour = await turn('Cache me for an hour');
    assert.equal(hour.usage?.cacheCreation1hInputTokens, hour.usage?.cacheCreationInputTokens);
    assert.ok((hour.usage?.cacheCreationInputTokens ?? 0) > 0);

    await config.update('promptCaching', 'off', vscode.ConfigurationTarget.Global);
    api.session.newChat();
    api.session.updateMeta({ systemPrompt: LONG_SYSTEM_PROMPT });
    server.reset();
    await turn('No caching, please');
    const uncached = await turn('Still none');
    assert.ok(!JSON.stringify(server.messageRequests.map((request) => request.body)).includes('cache_control'));
    assert.equal(uncached.usage?.cacheReadInputTokens, 0);
    assert.equal(uncached.usage?.cacheCreationInputTokens, 0);
  });
});
