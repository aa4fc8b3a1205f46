import assert from 'node:assert/strict';
import { answerParamsProblem, shapeReply, type AnswerParamsBody } from '../../fakes/answerParams';
import { FAKE_MODELS } from '../../fakes/scenarios';

const model = (id: string) => FAKE_MODELS.find((info) => info.id === id);
const body = (extra: Partial<AnswerParamsBody> = {}): AnswerParamsBody => ({ model: 'claude-sonnet-5-5', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }], ...extra });

/** The fake server refuses answer parameters the way the API does, so the extension's bounding is really tested. */
describe('fake server: answer parameters', () => {
  it('accepts what the model takes', () => {
    assert.equal(answerParamsProblem(body({ thinking: { type: 'enabled', budget_tokens: 2048 }, output_config: { effort: 'high' }, stop_sequences: ['END'] }), model('claude-sonnet-5-5')), undefined);
  });

  it("refuses max_tokens over the model's limit, a budget not below max_tokens, and thinking on a model that does not think", () => {
    assert.match(answerParamsProblem(body({ max_tokens: 9000 }), model('claude-text-only-test')) ?? '', /max_tokens: 9000 > 8192/);
    assert.match(answerParamsProblem(body({ thinking: { type: 'enabled', budget_tokens: 4096 } }), model('claude-sonnet-5-5')) ?? '', /must be greater than `thinking.budget_tokens`/);
    assert.match(answerParamsProblem(body({ thinking: { type: 'enabled', budget_tokens: 512 } }), model('claude-sonnet-5-5')) ?? '', /greater than or equal to 1024/);
    assert.match(answerParamsProblem(body({ thinking: { type: 'adaptive' } }), model('claude-text-only-test')) ?? '', /does not support extended thinking/);
  });

  it('refuses a prefill with thinking on, and whitespace stop sequences', () => {
    const prefilled = body({ thinking: { type: 'adaptive' }, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: '{' }] }] });
    assert.match(answerParamsProblem(prefilled, model('claude-sonnet-5-5')) ?? '', /final `assistant` message must start with a thinking block/);
    assert.match(answerParamsProblem(body({ stop_sequences: [' '] }), model('claude-sonnet-5-5')) ?? '', /non-whitespace/);
  });

  it('cuts the answer at the first stop sequence it contains', () => {
    const shaped = shapeReply({ kind: 'reply', text: 'one two three' }, body({ stop_sequences: ['three', 'two'] }));
    assert.deepEqual(shaped, { kind: 'reply', text: 'one ', stopReason: 'stop_sequence', stopSequence: 'two' });
  });
});
