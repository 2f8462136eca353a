import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { DEFAULT_ENGINE_SETTINGS, RiskEngine, type RiskEngineSettings } from '../../src/risk/engine.ts';
import { FEATURE_CATALOGUE } from '../../src/risk/features/catalogue.ts';
import { FeatureStore } from '../../src/risk/features/feature-store.ts';
import type { LiveModel } from '../../src/risk/model/models.ts';
import { compileRule } from '../../src/risk/rules/expression.ts';
import type { ActiveRule } from '../../src/risk/rules/rules.ts';
import type { RiskInput, RuleAction } from '../../src/risk/types.ts';

const T0 = Date.UTC(2026, 0, 5, 4);
let sequence = 0;

function rule(action: RuleAction, expression: string, priority = 100): ActiveRule {
  const compiled = compileRule(expression, FEATURE_CATALOGUE);
  if (!compiled.ok) throw new Error(compiled.error.message);
  sequence += 1;
  return { rule: { id: `rr_${sequence}`, name: `${action} ${sequence}`, expression, action, priority, status: 'active', version: 1, createdAtMs: T0 + sequence, updatedAtMs: T0 }, compiled: compiled.rule };
}

function engine(settings: Partial<RiskEngineSettings> = {}): RiskEngine {
  return new RiskEngine(new FeatureStore({ labelDelayMs: 7 * 86_400_000, timeZone: 'Asia/Shanghai' }), { ...DEFAULT_ENGINE_SETTINGS, ...settings });
}

function payment(amountMinor: bigint, overrides: Partial<RiskInput> = {}): RiskInput {
  sequence += 1;
  return { subjectType: 'payment_intent', subjectId: `pi_${sequence}`, atMs: T0 + sequence * 1000, amountMinor, currency: 'CNY', paymentMethod: 'card', entities: { customer: 'cus_1', card: 'fp_1', merchant: 'mer_1' }, challengeable: true, reviewable: true, ...overrides };
}

const fixedModel = (probability: number, version = 'rm_test'): LiveModel => ({ version, predict: () => probability });

describe('risk engine decisions', () => {
  test('order: allow lists, allow rules, block lists, block rules, challenge, review; priority within a group', () => {
    const e = engine();
    e.setRules([rule('review', 'amount > 100'), rule('challenge', 'amount > 200'), rule('block', 'amount > 300', 200), rule('block', 'amount > 400', 10), rule('allow', 'amount == 999')]);
    assert.equal(e.assess(payment(50n)).decision, 'allow');
    assert.equal(e.assess(payment(150n)).decision, 'review');
    assert.equal(e.assess(payment(250n)).decision, 'challenge');
    const blocked = e.assess(payment(500n));
    assert.equal(blocked.decision, 'block');
    assert.equal(blocked.rule?.name.startsWith('block'), true);
    assert.equal(blocked.reasons[0]?.message.includes('amount > 400'), true, 'the lower priority number runs first');
    assert.equal(e.assess(payment(999n)).decision, 'allow', 'an allow rule beats the block rules');
    e.setLists([{ id: 'rle_1', list: 'block', kind: 'card', value: 'fp_1', note: '', createdAtMs: T0 }]);
    assert.equal(e.assess(payment(999n)).decision, 'allow', 'allow rules come before block lists');
    assert.equal(e.assess(payment(50n)).reasons[0]?.code, 'block_listed');
    e.setLists([{ id: 'rle_2', list: 'allow', kind: 'customer', value: 'cus_1', note: '', createdAtMs: T0 }, { id: 'rle_3', list: 'block', kind: 'card', value: 'fp_1', note: '', createdAtMs: T0 }]);
    assert.equal(e.assess(payment(500n)).reasons[0]?.code, 'allow_listed');
  });

  test('a challenge nobody can answer is a review, and a review nobody can wait for is a block', () => {
    const e = engine();
    e.setRules([rule('challenge', 'amount > 200')]);
    assert.equal(e.assess(payment(250n, { challengeable: false })).decision, 'review');
    const unattended = e.assess(payment(250n, { challengeable: false, reviewable: false }));
    assert.equal(unattended.decision, 'block');
    assert.equal(unattended.reasons.at(-1)?.code, 'review_unavailable');
  });

  test('model thresholds: review at 65, block at 75; the score is a rule feature', () => {
    // A budget no pause on a loaded machine reaches: this test is about thresholds, not time.
    const e = engine({ budgetMs: 10_000 });
    e.setModels({ active: fixedModel(0.7) });
    const reviewed = e.assess(payment(10n));
    assert.deepEqual([reviewed.decision, reviewed.score, reviewed.modelVersion], ['review', 70, 'rm_test']);
    e.setModels({ active: fixedModel(0.8) });
    assert.equal(e.assess(payment(10n)).decision, 'block');
    e.setModels({ active: fixedModel(0.3) });
    e.setRules([rule('challenge', 'score >= 30 and amount > 5')]);
    assert.equal(e.assess(payment(10n)).decision, 'challenge');
  });

  test('fail-safe: past the budget the rules decide alone — open lets the rest through, closed reviews it', () => {
    const slow: LiveModel = {
      version: 'rm_slow',
      predict() {
        const until = performance.now() + 3;
        while (performance.now() < until) {
          // A model that takes 3 ms, past a 1 ms budget.
        }
        return 0.99;
      },
    };
    const open = engine({ budgetMs: 1 });
    open.setModels({ active: slow });
    open.setRules([rule('block', 'amount == 13')]);
    const through = open.assess(payment(10n));
    // On a loaded machine the features alone may already pass 1 ms; either way the model's score is not used.
    assert.match(through.failSafe ?? '', /^(features|model)_over_budget$/);
    assert.deepEqual([through.decision, through.modelVersion], ['allow', undefined]);
    assert.equal(open.assess(payment(13n)).decision, 'block', 'the rules still apply');
    assert.equal(open.counters.failSafe.model_over_budget + open.counters.failSafe.features_over_budget, 2);
    const closed = engine({ budgetMs: 1, failMode: 'closed' });
    closed.setModels({ active: slow });
    const held = closed.assess(payment(10n));
    assert.deepEqual([held.decision, held.reasons[0]?.code], ['review', 'model_unavailable']);
    const broken = engine({ budgetMs: 10_000 });
    broken.setModels({ active: { version: 'rm_broken', predict: () => { throw new Error('corrupt'); } } });
    assert.deepEqual([broken.assess(payment(10n)).decision, broken.counters.failSafe.model_error], ['allow', 1]);
  });

  test('a shadow model is recorded and never decides', () => {
    const e = engine();
    e.setModels({ shadow: fixedModel(0.95, 'rm_candidate') });
    const a = e.assess(payment(10n));
    assert.equal(a.decision, 'allow');
    assert.deepEqual(a.shadow, { modelVersion: 'rm_candidate', score: 95 });
  });
});
