import assert from 'node:assert/strict';
import { DEFAULT_ANSWER_SETTINGS, parseAnswerSettings } from '../../../src/config/answerSettings';
import { parseSettings } from '../../../src/config/settingsSchema';

describe('answer settings', () => {
  it('defaults: no thinking, a 4,096 budget, the model\'s own effort, no stop sequences', () => {
    assert.deepEqual(parseSettings({}).settings.answer, DEFAULT_ANSWER_SETTINGS);
  });

  it('reads valid values', () => {
    const problems: string[] = [];
    assert.deepEqual(parseAnswerSettings({ thinking: 'adaptive', thinkingBudgetTokens: 2048, effort: 'high', stopSequences: ['END'] }, problems), {
      thinking: 'adaptive',
      thinkingBudgetTokens: 2048,
      effort: 'high',
      stopSequences: ['END'],
    });
    assert.deepEqual(problems, []);
  });

  it('"default" effort sends none', () => {
    const problems: string[] = [];
    assert.equal(parseAnswerSettings({ effort: 'default' }, problems).effort, undefined);
    assert.deepEqual(problems, []);
  });

  it('reports each bad value and keeps the default', () => {
    const problems: string[] = [];
    const parsed = parseAnswerSettings({ thinking: 'always', thinkingBudgetTokens: 10, effort: 'huge', stopSequences: 'END' }, problems);
    assert.deepEqual(parsed, DEFAULT_ANSWER_SETTINGS);
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /claudeChat\.thinking .*claudeChat\.thinkingBudgetTokens .*claudeChat\.effort .*claudeChat\.stopSequences/s);
  });

  it('drops empty and duplicate stop sequences, saying so', () => {
    const problems: string[] = [];
    assert.deepEqual(parseAnswerSettings({ stopSequences: ['A', '', 'A'] }, problems).stopSequences, ['A']);
    assert.equal(problems.length, 1);
  });
});
