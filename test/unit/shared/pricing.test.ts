import assert from 'node:assert/strict';
import {
  BUILT_IN_PRICES,
  CACHE_READ_MULTIPLIER,
  CACHE_WRITE_1H_MULTIPLIER,
  CACHE_WRITE_5M_MULTIPLIER,
  findPrice,
  modelFamily,
  parsePriceOverrides,
  priceFor,
  type ModelPrice,
} from '../../../src/shared/pricing';

/** The SDK's model union (reference, 2026-11-20), the ones a user can pick. */
const SDK_MODELS = ['claude-haiku-5-5', 'claude-sonnet-5-5', 'claude-opus-5-5', 'claude-fable-5-2', 'claude-mythos-5-2', 'claude-fable-5-1', 'claude-sonnet-5', 'claude-opus-5', 'claude-opus-4-8', 'claude-sonnet-4-5'];

/** Models whose cache reads the pricing page lists below the standard 0.1× input. */
const CHEAPER_READS: Record<string, number> = { 'claude-fable-5-2': 0.025, 'claude-fable-5-1': 0.025, 'claude-mythos-5-1': 0.025, 'claude-opus-5-5': 0.05, 'claude-sonnet-5-5': 0.05 };

describe('pricing: the built-in table', () => {
  it('prices every model of the SDK’s union except Mythos 5.2, whose price no source gives', () => {
    const unpriced = SDK_MODELS.filter((model) => priceFor(model) === undefined);
    assert.deepEqual(unpriced, ['claude-mythos-5-2']);
  });

  it('has the list prices of the pricing page for the current models', () => {
    assert.deepEqual(priceFor('claude-sonnet-5-5'), { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.1, output: 10 });
    assert.deepEqual(priceFor('claude-opus-5-5'), { input: 4, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2, output: 20 });
    assert.deepEqual(priceFor('claude-fable-5-1'), { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25, output: 50 });
    assert.deepEqual(priceFor('claude-opus-4-8'), { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 });
    assert.deepEqual(priceFor('claude-sonnet-4-5'), { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 });
    const haiku = priceFor('claude-haiku-5-5');
    assert.equal(haiku?.input, 0.1);
    assert.deepEqual(haiku?.longPrompt, { aboveInputTokens: 100_000, input: 0.5, cacheWrite5m: 0.625, cacheWrite1h: 1, cacheRead: 0.05, output: 2.5 });
  });

  it('prices 1-hour writes at 2× input and 5-minute writes at 1.25× for every model, and reads at 0.1× unless the page says less', () => {
    const rows: [string, Omit<ModelPrice, 'longPrompt'>][] = Object.entries(BUILT_IN_PRICES).flatMap(([model, price]) => [
      [model, price] as [string, ModelPrice],
      ...(price.longPrompt ? [[`${model} (long prompt)`, price.longPrompt] as [string, ModelPrice]] : []),
    ]);
    for (const [model, price] of rows) {
      const readMultiplier = CHEAPER_READS[model] ?? CACHE_READ_MULTIPLIER;
      assert.equal(price.cacheWrite5m, price.input * CACHE_WRITE_5M_MULTIPLIER, `${model} 5-minute writes`);
      assert.equal(price.cacheWrite1h, price.input * CACHE_WRITE_1H_MULTIPLIER, `${model} 1-hour writes`);
      assert.ok(Math.abs(price.cacheRead - price.input * readMultiplier) < 1e-12, `${model} reads: ${price.cacheRead}`);
      assert.ok(price.output > price.input, `${model} output costs more than input`);
    }
  });

  it('prices a dated snapshot as its family, and nothing else as a neighbour', () => {
    assert.equal(modelFamily('claude-sonnet-4-5-20250929'), 'claude-sonnet-4-5');
    assert.equal(modelFamily('claude-opus-4-20250514'), 'claude-opus-4');
    assert.equal(priceFor('claude-sonnet-4-5-20250929'), BUILT_IN_PRICES['claude-sonnet-4-5']);
    assert.equal(priceFor('claude-opus-4-20250514'), BUILT_IN_PRICES['claude-opus-4']);
    // An unseen point release, a variant suffix or a short date is unknown: never the price of the model it resembles.
    for (const model of ['claude-opus-5-6', 'claude-sonnet-5-5-fast', 'claude-haiku-5-5-2026', 'sonnet', 'claude-opus', '']) {
      assert.equal(priceFor(model), undefined, model);
    }
  });

  it('finds nothing for ids that name members of every object', () => {
    for (const model of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.equal(priceFor(model), undefined, model);
      assert.equal(priceFor(model, { other: BUILT_IN_PRICES['claude-opus-5'] }), undefined, model);
    }
  });
});

describe('pricing: the user’s prices', () => {
  const mine: ModelPrice = { input: 1, output: 2, cacheWrite5m: 3, cacheWrite1h: 4, cacheRead: 5 };
  const snapshot: ModelPrice = { input: 6, output: 7, cacheWrite5m: 8, cacheWrite1h: 9, cacheRead: 10 };

  it('win over the built-in ones, for the family and its snapshots, and add models the table lacks', () => {
    assert.equal(priceFor('claude-sonnet-5-5', { 'claude-sonnet-5-5': mine }), mine);
    assert.equal(priceFor('claude-sonnet-5-5-20260928', { 'claude-sonnet-5-5': mine }), mine);
    assert.equal(priceFor('claude-mythos-5-2', { 'claude-mythos-5-2': mine }), mine);
    assert.deepEqual(findPrice('claude-sonnet-5-5', { 'claude-sonnet-5-5': mine }), { price: mine, source: 'override' });
    assert.deepEqual(findPrice('claude-sonnet-5-5', { 'claude-opus-5': mine }), { price: BUILT_IN_PRICES['claude-sonnet-5-5'], source: 'builtIn' });
  });

  it('for an exact snapshot id win over the user’s family price', () => {
    const overrides = { 'claude-sonnet-5-5': mine, 'claude-sonnet-5-5-20260928': snapshot };
    assert.equal(priceFor('claude-sonnet-5-5-20260928', overrides), snapshot);
    assert.equal(priceFor('claude-sonnet-5-5-20261201', overrides), mine);
  });
});

describe('parsePriceOverrides', () => {
  it('takes nothing from an unset setting, without a problem', () => {
    assert.deepEqual(parsePriceOverrides(undefined), { overrides: {}, problems: [] });
    assert.deepEqual(parsePriceOverrides({}), { overrides: {}, problems: [] });
  });

  it('takes complete entries as they are, and fills missing cache prices with the standard multiples of input', () => {
    const { overrides, problems } = parsePriceOverrides({
      ' claude-mythos-5-2 ': { input: 10, output: 50, cacheRead: 0.25 },
      'my-gateway-model': { input: 0.3, output: 1.2 },
      'claude-opus-5': { input: 5, output: 25, cacheWrite5m: 6, cacheWrite1h: 9, cacheRead: 0 },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(overrides['claude-mythos-5-2'], { input: 10, output: 50, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25 });
    // 0.3 × 0.1 in floating point is 0.030000000000000002: the default is the price, not the rounding error.
    assert.deepEqual(overrides['my-gateway-model'], { input: 0.3, output: 1.2, cacheWrite5m: 0.375, cacheWrite1h: 0.6, cacheRead: 0.03 });
    assert.deepEqual(overrides['claude-opus-5'], { input: 5, output: 25, cacheWrite5m: 6, cacheWrite1h: 9, cacheRead: 0 });
  });

  it('leaves out an entry with a missing, negative, infinite or non-number price, naming the entry and field', () => {
    const { overrides, problems } = parsePriceOverrides({
      good: { input: 1, output: 2 },
      noOutput: { input: 1 },
      negative: { input: -1, output: 2 },
      text: { input: '1', output: 2 },
      infinite: { input: 1, output: Infinity },
      badCache: { input: 1, output: 2, cacheRead: null },
    });
    assert.deepEqual(Object.keys(overrides), ['good']);
    assert.deepEqual(problems, [
      'claudeChat.pricing["noOutput"]: output is required; ignored.',
      'claudeChat.pricing["negative"]: input must be a number of dollars, 0 or more; ignored.',
      'claudeChat.pricing["text"]: input must be a number of dollars, 0 or more; ignored.',
      'claudeChat.pricing["infinite"]: output must be a number of dollars, 0 or more; ignored.',
      'claudeChat.pricing["badCache"]: cacheRead must be a number of dollars, 0 or more; ignored.',
    ]);
  });

  it('reports a field that is not a price (a typo would otherwise quietly take the default) but keeps the entry', () => {
    const { overrides, problems } = parsePriceOverrides({ m: { input: 4, output: 20, cacheWrite: 5 } });
    assert.deepEqual(overrides.m, { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 });
    assert.deepEqual(problems, ['claudeChat.pricing["m"]: "cacheWrite" is not a price field (input, output, cacheWrite5m, cacheWrite1h, cacheRead); ignored.']);
  });

  it('refuses a setting that is not an object, an entry that is not one, and an empty model id', () => {
    for (const raw of [[], 'claude-opus-5', 3]) {
      const { overrides, problems } = parsePriceOverrides(raw);
      assert.deepEqual(overrides, {});
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^claudeChat\.pricing must be an object of model id → prices/);
    }
    const { overrides, problems } = parsePriceOverrides({ '  ': { input: 1, output: 2 }, listed: [1, 2], 'x\ny': 5 });
    assert.deepEqual(overrides, {});
    assert.deepEqual(problems, [
      'claudeChat.pricing["  "]: the model id must be 1 to 200 characters; ignored.',
      'claudeChat.pricing["listed"] must be an object such as { "input": 2, "output": 10 }; ignored.',
      'claudeChat.pricing["x y"] must be an object such as { "input": 2, "output": 10 }; ignored.',
    ]);
  });

  it('keeps a model named like an object member as data, not as a prototype', () => {
    const { overrides } = parsePriceOverrides(JSON.parse('{"__proto__": {"input": 1, "output": 2}, "constructor": {"input": 3, "output": 4}}'));
    assert.equal(priceFor('constructor', overrides)?.input, 3);
    assert.equal(priceFor('__proto__', overrides)?.input, 1);
    assert.equal(Object.getPrototypeOf(overrides), Object.prototype);
  });
});
