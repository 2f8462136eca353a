import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { trainGbdt } from '../../src/risk/model/gbdt.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { fundedConsumer } from '../support/consumers.ts';

async function messagesTo(app: TestApp, phone: string): Promise<string[]> {
  const sms = await app.request('GET', `/v1/test_helpers/sms?phone=${encodeURIComponent(phone)}`);
  return sms.body.data.map((m: { body: string }) => m.body);
}

describe('risk control in the payment path', () => {
  let app: TestApp;
  let merchant: { id: string; secret_key: string };
  let payer: { token: string; customerId: string; phone: string };

  before(async () => {
    app = await startTestApp();
    merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Shop' } })).body;
    payer = await fundedConsumer(app);
  });
  after(async () => {
    await app.close();
  });

  const available = async (): Promise<number> => (await app.request('GET', '/v1/me', { key: payer.token })).body.wallet_balances[0].available;

  /** The merchant creates an intent; the consumer confirms it from the wallet. */
  const pay = async (amount: number) => {
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount, currency: 'cny' } });
    const confirmed = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, {
      key: payer.token,
      headers: { 'x-device-id': 'phone-1' },
      body: { payment_method_data: { type: 'wallet' }, client_secret: pi.body.client_secret, password: '112233' },
    });
    return { id: pi.body.id as string, clientSecret: pi.body.client_secret as string, confirmed };
  };

  const rule = (name: string, expression: string, action: string, priority?: number) => app.request('POST', '/v1/risk/rules', { body: { name, expression, action, ...(priority === undefined ? {} : { priority }) } });

  test('rules with a syntax error or an unknown feature are refused on save with the position', async () => {
    const incomplete = await rule('Broken', 'amount > ', 'block');
    assert.equal(incomplete.status, 400);
    assert.equal(incomplete.body.error.param, 'expression');
    assert.equal(incomplete.body.error.code, 'syntax_error');
    assert.equal(incomplete.body.error.position, 9);
    const unknown = await rule('Typo', 'amount > 5 and customer.cont_1h > 3', 'review');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'unknown_feature');
    assert.equal(unknown.body.error.position, 15);
    assert.match(unknown.body.error.message, /customer\.count_1h/);
    const mismatch = await rule('Types', "payment_method > 3", 'review');
    assert.equal(mismatch.body.error.code, 'type_mismatch');
    const listed = await app.request('GET', '/v1/risk/rules');
    assert.equal(listed.body.data.length, 0, 'nothing was stored');
    const notOperator = await app.request('POST', '/v1/risk/rules', { key: merchant.secret_key, body: { name: 'x', expression: 'amount > 1', action: 'block' } });
    assert.equal(notOperator.status, 403);
  });

  test('a block rule declines with the rule’s reason code and moves no money', async () => {
    const saved = await rule('Large amount', 'amount >= 66600 and amount < 66700', 'block');
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.version, 1);
    const before = await available();
    const { id, confirmed } = await pay(66_600);
    assert.equal(confirmed.status, 402);
    assert.equal(confirmed.body.error.code, 'risk_blocked');
    const intent = confirmed.body.error.payment_intent;
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.last_payment_error.code, 'risk_blocked');
    assert.equal(intent.risk.decision, 'block');
    assert.equal(intent.risk.rule, saved.body.id);
    assert.equal(intent.risk.reasons[0].code, 'large_amount');
    assert.equal(await available(), before);

    // The decision is kept with every input value, and the log refuses to be rewritten.
    const decisions = await app.request('GET', `/v1/risk/decisions?subject=${id}`);
    assert.equal(decisions.body.data.length, 1);
    const decision = decisions.body.data[0];
    assert.equal(decision.decision, 'block');
    assert.deepEqual(decision.rule, { id: saved.body.id, version: 1 });
    assert.equal(decision.features.amount, 66_600);
    assert.equal(decision.features['device.id'], 'phone-1');
    assert.equal(typeof decision.features['customer.count_1h'], 'number');
    await assert.rejects(app.paygrid.db.query("UPDATE risk_decisions SET decision = 'allow' WHERE id = $1", [decision.id]), /append-only/);
  });

  test('a review waits in processing; approval continues the payment, decline cancels it and tells the consumer', async () => {
    await rule('Odd amounts', 'amount == 12345 or amount == 12346', 'review');
    const before = await available();
    const held = await pay(12_345);
    assert.equal(held.confirmed.status, 200, JSON.stringify(held.confirmed.body));
    assert.equal(held.confirmed.body.status, 'processing');
    assert.equal(held.confirmed.body.risk.decision, 'review');
    assert.equal(await available(), before, 'nothing is held while in review');

    const queue = await app.request('GET', '/v1/risk/reviews');
    const review = queue.body.data.find((r: { payment_intent: string }) => r.payment_intent === held.id);
    assert.ok(review, 'the payment is in the queue');
    assert.equal(review.status, 'open');
    const approved = await app.request('POST', `/v1/risk/reviews/${review.id}/approve`, { body: { note: 'Known customer, called back.' } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.notes[0].note, 'Known customer, called back.');
    const paid = await app.request('GET', `/v1/payment_intents/${held.id}`, { key: merchant.secret_key });
    assert.equal(paid.body.status, 'succeeded');
    assert.equal(await available(), before - 12_345);
    const again = await app.request('POST', `/v1/risk/reviews/${review.id}/decline`, { body: {} });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'review_closed');

    const second = await pay(12_346);
    const secondReview = (await app.request('GET', '/v1/risk/reviews')).body.data.find((r: { payment_intent: string }) => r.payment_intent === second.id);
    const declined = await app.request('POST', `/v1/risk/reviews/${secondReview.id}/decline`, { body: {} });
    assert.equal(declined.body.status, 'declined');
    const canceled = await app.request('GET', `/v1/payment_intents/${second.id}`, { key: merchant.secret_key });
    assert.equal(canceled.body.status, 'canceled');
    assert.equal(canceled.body.cancellation_reason, 'fraudulent');
    assert.equal(await available(), before - 12_345);
    assert.ok((await messagesTo(app, payer.phone)).some((m) => m.includes('未通过风险审核')));
  });

  test('a challenge resumes after the right code, and not after a wrong one', async () => {
    await rule('New device, big spend', "amount == 23456 and device.id == 'phone-1'", 'challenge');
    const before = await available();
    const challenged = await pay(23_456);
    assert.equal(challenged.confirmed.status, 200, JSON.stringify(challenged.confirmed.body));
    assert.equal(challenged.confirmed.body.status, 'requires_action');
    assert.deepEqual(challenged.confirmed.body.next_action, { type: 'verify_with_code', verify_with_code: { channel: 'sms' } });
    const code = (await messagesTo(app, payer.phone)).map((m) => /支付验证码 (\d{6})/.exec(m)?.[1]).find((c) => c !== undefined);
    assert.ok(code, 'the code was sent by SMS');
    const wrong = await app.request('POST', `/v1/payment_intents/${challenged.id}/verify_challenge`, { key: payer.token, body: { code: code === '000000' ? '111111' : '000000', client_secret: challenged.clientSecret } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'invalid_code');
    assert.equal(await available(), before);
    const passed = await app.request('POST', `/v1/payment_intents/${challenged.id}/verify_challenge`, { key: payer.token, body: { code, client_secret: challenged.clientSecret } });
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.status, 'succeeded');
    assert.equal(await available(), before - 23_456);
    const replay = await app.request('POST', `/v1/payment_intents/${challenged.id}/verify_challenge`, { key: payer.token, body: { code, client_secret: challenged.clientSecret } });
    assert.equal(replay.status, 400, 'a passed challenge cannot pay twice');
  });

  test('allow and block lists: the allow list wins over a block rule, a blocked consumer is declined', async () => {
    await rule('Block 777', 'amount == 7770 or amount == 7771', 'block');
    const allowed = await app.request('POST', '/v1/risk/list_entries', { body: { list: 'allow', kind: 'customer', value: payer.customerId, note: 'VIP' } });
    assert.equal(allowed.status, 200);
    const through = await pay(7_770);
    assert.equal(through.confirmed.body.status, 'succeeded');
    assert.equal(through.confirmed.body.risk.reasons[0].code, 'allow_listed');
    await app.request('POST', '/v1/risk/list_entries', { body: { list: 'block', kind: 'device', value: 'phone-1' } });
    // Still allowed: allow lists come first.
    assert.equal((await pay(100)).confirmed.body.status, 'succeeded');
    const removed = await app.request('GET', '/v1/risk/list_entries');
    for (const entry of removed.body.data.filter((e: { list: string }) => e.list === 'allow')) await app.request('DELETE', `/v1/risk/list_entries/${entry.id}`);
    const blocked = await pay(101);
    assert.equal(blocked.confirmed.status, 402);
    assert.equal(blocked.confirmed.body.error.payment_intent.risk.reasons[0].code, 'block_listed');
    for (const entry of (await app.request('GET', '/v1/risk/list_entries')).body.data) await app.request('DELETE', `/v1/risk/list_entries/${entry.id}`);
  });

  test('a rule named in Chinese carries the reason code it is given; without one its code is rule_matched; a code that is not snake case is refused', async () => {
    const bad = await app.request('POST', '/v1/risk/rules', { body: { name: '大额', expression: 'amount == 41', action: 'block', reason_code: 'Big Amount' } });
    assert.deepEqual([bad.status, bad.body.error.param], [400, 'reason_code']);
    const unnamed = await rule('大额（无代码）', 'amount == 42', 'block');
    assert.equal(unnamed.body.reason_code, 'rule_matched');
    const saved = await app.request('POST', '/v1/risk/rules', { body: { name: '新卡大额交易', expression: 'amount == 43', action: 'block', reason_code: 'large_new_card' } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.reason_code, 'large_new_card');
    const { confirmed } = await pay(43);
    assert.equal(confirmed.body.error.payment_intent.risk.reasons[0].code, 'large_new_card');
    // A later edit keeps the code unless it sends another, and each version records its own.
    const renamed = await app.request('POST', `/v1/risk/rules/${saved.body.id}`, { body: { name: '新卡大额' } });
    assert.equal(renamed.body.reason_code, 'large_new_card');
    const recoded = await app.request('POST', `/v1/risk/rules/${saved.body.id}`, { body: { reason_code: 'new_card_large_amount' } });
    assert.equal((await pay(43)).confirmed.body.error.payment_intent.risk.reasons[0].code, 'new_card_large_amount');
    const versions = await app.request('GET', `/v1/risk/rules/${recoded.body.id}/versions`);
    assert.deepEqual(versions.body.data.map((v: { version: number; reason_code: string }) => [v.version, v.reason_code]), [
      [3, 'new_card_large_amount'],
      [2, 'large_new_card'],
      [1, 'large_new_card'],
    ]);
  });

  test('a rule edit is a new version and takes effect at once; a disabled rule stops matching', async () => {
    const saved = await rule('Tiny', 'amount == 31', 'block');
    assert.equal((await pay(31)).confirmed.status, 402);
    const edited = await app.request('POST', `/v1/risk/rules/${saved.body.id}`, { body: { expression: 'amount == 32' } });
    assert.equal(edited.body.version, 2);
    assert.equal((await pay(31)).confirmed.body.status, 'succeeded');
    assert.equal((await pay(32)).confirmed.status, 402);
    await app.request('POST', `/v1/risk/rules/${saved.body.id}`, { body: { status: 'disabled' } });
    assert.equal((await pay(32)).confirmed.body.status, 'succeeded');
    const versions = await app.request('GET', `/v1/risk/rules/${saved.body.id}/versions`);
    assert.deepEqual(versions.body.data.map((v: { version: number; expression: string }) => [v.version, v.expression]), [
      [3, 'amount == 32'],
      [2, 'amount == 32'],
      [1, 'amount == 31'],
    ]);
  });

  test('top-ups and wallet transfers are scored too: a block rule refuses them, and no money moves', async () => {
    await rule('Top-up probe', "subject == 'top_up' and amount == 4321", 'block');
    await rule('Transfer probe', "subject == 'wallet_transfer' and amount == 4322", 'block');
    const before = await available();
    const topUp = await app.request('POST', '/v1/top_ups', { key: payer.token, body: { amount: 4_321, currency: 'cny', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } } });
    assert.equal(topUp.status, 402);
    assert.equal(topUp.body.error.code, 'risk_blocked');
    assert.equal(topUp.body.error.top_up.status, 'failed');
    const friend = await fundedConsumer(app);
    const friendBefore = (await app.request('GET', '/v1/me', { key: friend.token })).body.wallet_balances[0].available;
    const transfer = await app.request('POST', '/v1/wallet_transfers', { key: payer.token, body: { to_customer: friend.customerId, amount: 4_322, currency: 'cny', password: '112233' } });
    assert.equal(transfer.status, 402, JSON.stringify(transfer.body));
    assert.equal(transfer.body.error.code, 'risk_blocked');
    assert.equal(transfer.body.error.reasons[0].code, 'transfer_probe');
    assert.equal(await available(), before);
    assert.equal((await app.request('GET', '/v1/me', { key: friend.token })).body.wallet_balances[0].available, friendBefore);
    const allowed = await app.request('POST', '/v1/wallet_transfers', { key: payer.token, body: { to_customer: friend.customerId, amount: 100, currency: 'cny', password: '112233' } });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    const { rows } = await app.paygrid.db.query<{ subject_type: string; decision: string }>("SELECT subject_type, decision FROM risk_decisions WHERE subject_type IN ('top_up', 'wallet_transfer') AND amount IN (4321, 4322)");
    assert.deepEqual(rows.map((r) => `${r.subject_type}:${r.decision}`).sort(), ['top_up:block', 'wallet_transfer:block']);
  });

  test('a fraud chargeback labels the payment and the same consumer’s later payments', async () => {
    const first = await pay(500);
    app.clock.advanceMs(60_000);
    const later = await pay(501);
    assert.equal(later.confirmed.body.status, 'succeeded');
    const dispute = await app.request('POST', '/v1/disputes', { key: merchant.secret_key, body: { payment_intent: first.id, reason: 'fraudulent' } });
    assert.equal(dispute.status, 200, JSON.stringify(dispute.body));
    assert.ok(dispute.body.labelled_payments >= 2);
    const { rows } = await app.paygrid.db.query<{ subject_id: string; source: string }>('SELECT subject_id, source FROM risk_labels WHERE origin_id = $1 ORDER BY source', [dispute.body.id]);
    assert.ok(rows.some((r) => r.subject_id === first.id && r.source === 'dispute'));
    assert.ok(rows.some((r) => r.subject_id === later.id && r.source === 'propagated'));
    const other = (await app.request('POST', '/v1/merchants', { body: { name: 'Other' } })).body;
    const foreign = await app.request('POST', '/v1/disputes', { key: other.secret_key, body: { payment_intent: first.id, reason: 'fraudulent' } });
    assert.equal(foreign.status, 404, 'a merchant cannot dispute another merchant’s payment');
    const next = await pay(502);
    assert.equal(next.confirmed.body.status, 'succeeded');
    const decision = (await app.request('GET', `/v1/risk/decisions?subject=${next.id}`)).body.data[0];
    assert.ok(decision.features['customer.known_frauds_30d'] >= 2, 'the labels count in the consumer’s features at once');
  });
});

describe('risk fail-safe', () => {
  let app: TestApp;

  before(async () => {
    // A budget of 0 ms: the model always misses it.
    app = await startTestApp({ PAYGRID_RISK_BUDGET_MS: '0' });
  });
  after(async () => {
    await app.close();
  });

  test('a model past its time budget leaves payments flowing under the rules alone, counted', async () => {
    // A model that would block everything: it learned that every payment is fraud.
    const n = 200;
    const features = new Float64Array(n);
    for (let i = 0; i < n; i += 1) features[i] = i;
    const model = trainGbdt({ features, nRows: n, nFeatures: 1, labels: new Uint8Array(n).fill(1), featureNames: ['amount'] }, { params: { nTrees: 5 } });
    const uploaded = await app.request('POST', '/v1/risk/models', { body: { artifact: model, source: 'test' } });
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    const live = await app.request('POST', `/v1/risk/models/${uploaded.body.version}`, { body: { status: 'active' } });
    assert.equal(live.body.status, 'active');
    await app.request('POST', '/v1/risk/rules', { body: { name: 'Block 999', expression: 'amount == 999', action: 'block' } });

    const merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Shop' } })).body;
    const payer = await fundedConsumer(app);
    const pay = async (amount: number) => {
      const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount, currency: 'cny' } });
      return app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: payer.token, body: { payment_method_data: { type: 'wallet' }, client_secret: pi.body.client_secret, password: '112233' } });
    };
    const flowing = await pay(1_000);
    assert.equal(flowing.status, 200, JSON.stringify(flowing.body));
    assert.equal(flowing.body.status, 'succeeded');
    const ruled = await pay(999);
    assert.equal(ruled.status, 402, 'the rules still decide');
    const decisions = await app.request('GET', `/v1/risk/decisions?subject=${flowing.body.id}`);
    // With no time at all, the feature store already misses the budget; either way the model is not asked.
    assert.match(decisions.body.data[0].fail_safe, /^(features|model)_over_budget$/);
    assert.equal(decisions.body.data[0].model_version, null);
    const counted = app.paygrid.modules.risk.engine.counters.failSafe;
    assert.ok(counted.features_over_budget + counted.model_over_budget >= 2);
    const metrics = await app.request('GET', '/metrics');
    assert.match(String(metrics.body), /paygrid_risk_fail_safe_total\{cause="(features|model)_over_budget"\} [1-9]/);
  });
});

describe('backtests and shadow models', () => {
  let app: TestApp;
  let merchant: { id: string; secret_key: string };

  before(async () => {
    app = await startTestApp();
    merchant = (await app.request('POST', '/v1/merchants', { body: { name: 'Shop' } })).body;
  });
  after(async () => {
    await app.close();
  });

  const payAs = async (who: { token: string }, amount: number) => {
    app.clock.advanceMs(60_000);
    const pi = await app.request('POST', '/v1/payment_intents', { key: merchant.secret_key, body: { amount, currency: 'cny' } });
    const confirmed = await app.request('POST', `/v1/payment_intents/${pi.body.id}/confirm`, { key: who.token, body: { payment_method_data: { type: 'wallet' }, client_secret: pi.body.client_secret, password: '112233' } });
    return confirmed.body;
  };

  test('a backtest shows what a candidate rule would have changed, with precision and recall against the labels', async () => {
    const from = Math.floor(app.clock.nowMs() / 1000);
    const honest = await fundedConsumer(app);
    const thief = await fundedConsumer(app);
    for (const amount of [1_000, 2_000, 3_000, 9_500]) assert.equal((await payAs(honest, amount)).status, 'succeeded');
    const stolen = [];
    for (const amount of [9_001, 9_002, 9_003]) stolen.push(await payAs(thief, amount));
    const dispute = await app.request('POST', '/v1/disputes', { body: { payment_intent: stolen[0].id, reason: 'fraudulent' } });
    assert.equal(dispute.body.labelled_payments, 3, 'the thief’s later payments are labelled too');
    const to = Math.floor(app.clock.nowMs() / 1000) + 1;

    const report = await app.request('POST', '/v1/risk/backtests', { body: { from, to, rules: [{ name: 'Over 90', expression: 'amount > 9000 and amount < 9100', action: 'block' }] } });
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.equal(report.body.frauds, 3);
    assert.equal(report.body.current.flagged, 0);
    assert.equal(report.body.candidate.blocked, 3);
    assert.equal(report.body.candidate.precision, 1);
    assert.equal(report.body.candidate.recall, 1);
    assert.deepEqual(report.body.changed.by_transition, { 'allow->block': 3 });
    assert.deepEqual(report.body.changed.sample.map((c: { subject: string }) => c.subject).sort(), stolen.map((s) => s.id).sort());

    const wider = await app.request('POST', '/v1/risk/backtests', { body: { from, to, rules: [{ name: 'Over 90', expression: "subject == 'payment_intent' and amount > 9000", action: 'review' }] } });
    assert.equal(wider.body.candidate.reviewed, 4);
    assert.equal(wider.body.candidate.precision, 0.75);

    const invalid = await app.request('POST', '/v1/risk/backtests', { body: { from, to, rules: [{ name: 'x', expression: 'amount >', action: 'block' }] } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.param, 'rules[0][expression]');
    const empty = await app.request('POST', '/v1/risk/backtests', { body: { from: 1, to: 2 } });
    assert.equal(empty.body.error.code, 'no_decisions');
  });

  test('a shadow model is scored beside the live one and recorded, and decides nothing', async () => {
    const n = 100;
    const features = new Float64Array(n);
    for (let i = 0; i < n; i += 1) features[i] = i;
    const model = trainGbdt({ features, nRows: n, nFeatures: 1, labels: new Uint8Array(n).fill(1), featureNames: ['amount'] }, { params: { nTrees: 5 } });
    const uploaded = await app.request('POST', '/v1/risk/models', { body: { artifact: model, source: 'test' } });
    const shadow = await app.request('POST', `/v1/risk/models/${uploaded.body.version}`, { body: { status: 'shadow' } });
    assert.equal(shadow.body.status, 'shadow');
    const payer = await fundedConsumer(app);
    const paid = await payAs(payer, 1_234);
    assert.equal(paid.status, 'succeeded', 'the shadow model would block, but it decides nothing');
    assert.equal(paid.risk.model_version, undefined);
    const decision = (await app.request('GET', `/v1/risk/decisions?subject=${paid.id}`)).body.data[0];
    assert.equal(decision.shadow.model_version, uploaded.body.version);
    assert.ok(decision.shadow.score >= 75);
    const listed = await app.request('GET', '/v1/risk/models');
    assert.equal(listed.body.data[0].status, 'shadow');
  });
});
