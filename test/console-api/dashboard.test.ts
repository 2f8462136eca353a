import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { PaygridClient, ResponseBody } from '../../src/client/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { failed, ok } from '../support/client.ts';
import { cardPayment, shanghaiMidnight, shop, type ShopFixture } from './support.ts';

type Dashboard = ResponseBody<'/v1/reports/dashboard', 'get'>;
type Figures = Dashboard['today'];

/**
 * The dashboard over two local days of Asia/Shanghai (UTC+8). The clock starts at
 * 2026-01-01T00:00Z, 08:00 on the 1st in Shanghai.
 *
 * Day 1 (2026-01-01): shop A takes ¥100.00 (succeeded), has ¥50.00 declined, cancels
 * ¥20.00 and leaves ¥30.00 unconfirmed; shop B takes ¥70.00.
 * Day 2 (2026-01-02, in its last second in Shanghai, 15:59:59Z): A takes ¥200.00, has
 * ¥666.00 blocked by a risk rule, holds ¥123.45 for review, and refunds ¥40.00 of
 * day 1's payment. Then the clock passes local midnight.
 */
describe('the dashboard', () => {
  let app: TestApp;
  let a: ShopFixture;
  let b: ShopFixture;
  let firstPayment: string;
  const HOUR = 3_600_000;

  const dashboard = async (client: PaygridClient, query: { currency?: string; merchant?: string } = {}): Promise<Dashboard> => ok(await client.GET('/v1/reports/dashboard', { params: { query } }));
  const figures = (f: Figures) => ({ ...f });
  const expected = (f: Partial<Figures>): Figures => ({
    gmv: 0,
    payment_count: 0,
    succeeded_count: 0,
    failed_count: 0,
    canceled_count: 0,
    success_rate: '0.0000',
    refunded_amount: 0,
    refund_count: 0,
    refund_rate: '0.0000',
    ...f,
  });

  before(async () => {
    app = await startTestApp();
    a = await shop(app, 'Shop A');
    b = await shop(app, 'Shop B');
    // Day 1.
    firstPayment = (await cardPayment(a, 10_000)).id;
    assert.equal((await cardPayment(a, 5_000, a.declinedCard)).status, 'requires_payment_method');
    const canceled = ok(await a.client.POST('/v1/payment_intents', { body: { amount: 2_000, currency: 'cny' } }));
    ok(await a.client.POST('/v1/payment_intents/{id}/cancel', { params: { path: { id: canceled.id } }, body: {} }));
    ok(await a.client.POST('/v1/payment_intents', { body: { amount: 3_000, currency: 'cny' } }));
    assert.equal((await cardPayment(b, 7_000)).status, 'succeeded');
    // Day 2, its last second in Shanghai (the UTC date is still the 2nd, and would be until 8 hours later).
    app.clock.advanceMs(40 * HOUR - 1000);
    assert.equal(new Date(app.clock.nowMs()).toISOString(), '2026-01-02T15:59:59.000Z');
    ok(await app.client().POST('/v1/risk/rules', { body: { name: 'Block 666', expression: 'amount == 66600', action: 'block' } }));
    ok(await app.client().POST('/v1/risk/rules', { body: { name: 'Review 123.45', expression: 'amount == 12345', action: 'review' } }));
    assert.equal((await cardPayment(a, 20_000)).status, 'succeeded');
    const blocked = await cardPayment(a, 66_600);
    assert.equal(blocked.last_payment_error?.code, 'risk_blocked');
    assert.equal((await cardPayment(a, 12_345)).status, 'processing', 'held for review');
    ok(await a.client.POST('/v1/refunds', { body: { payment_intent: firstPayment, amount: 4_000 } }));
  });
  after(async () => {
    await app.close();
  });

  test('the operator sees the whole platform: today, the last 7 local days and each day, with exact rates', async () => {
    const d = await dashboard(app.client());
    assert.equal(d.object, 'dashboard');
    assert.equal(d.currency, 'cny');
    assert.equal(d.time_zone, 'Asia/Shanghai');
    assert.equal(d.merchant, null);
    assert.deepEqual(
      d.daily.map((day) => day.date),
      ['2025-12-27', '2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02'],
    );
    // Today: ¥200 succeeded, the blocked one failed, the one in review undecided; ¥40 refunded today of yesterday's payment.
    assert.deepEqual(figures(d.today), expected({ gmv: 20_000, payment_count: 3, succeeded_count: 1, failed_count: 1, success_rate: '0.5000', refunded_amount: 4_000, refund_count: 1, refund_rate: '0.2000' }));
    const dayOne = d.daily[5];
    assert.ok(dayOne !== undefined);
    assert.deepEqual({ ...dayOne }, { date: '2026-01-01', ...expected({ gmv: 17_000, payment_count: 5, succeeded_count: 2, failed_count: 1, canceled_count: 1, success_rate: '0.5000' }) });
    assert.deepEqual({ ...d.daily[6] }, { date: '2026-01-02', ...figures(d.today) });
    // 3 succeeded of 6 decided; ¥40 of ¥370 refunded is 0.108108…, rounded half up.
    assert.deepEqual(figures(d.last_7_days), expected({ gmv: 37_000, payment_count: 8, succeeded_count: 3, failed_count: 2, canceled_count: 1, success_rate: '0.5000', refunded_amount: 4_000, refund_count: 1, refund_rate: '0.1081' }));
    assert.deepEqual(d.risk, { blocked_today: 1, in_review: 1, challenged_today: 0 });
    assert.deepEqual(d.charging, { today: { sessions_completed: 0, energy_wh: 0, revenue: 0 }, last_7_days: { sessions_completed: 0, energy_wh: 0, revenue: 0 } });
  });

  test('every day’s figures are exactly what the payment intent and refund lists return for that day', async () => {
    const d = await dashboard(app.client());
    for (const day of d.daily) {
      const range = { 'created[gte]': shanghaiMidnight(day.date), 'created[lt]': shanghaiMidnight(day.date) + 86_400 };
      const all = ok(await app.client().GET('/v1/payment_intents', { params: { query: { ...range, limit: 100 } } }));
      const succeeded = ok(await app.client().GET('/v1/payment_intents', { params: { query: { ...range, status: 'succeeded', limit: 100 } } }));
      const canceled = ok(await app.client().GET('/v1/payment_intents', { params: { query: { ...range, status: 'canceled', limit: 100 } } }));
      const refunds = ok(await app.client().GET('/v1/refunds', { params: { query: { ...range, status: 'succeeded', limit: 100 } } }));
      assert.equal(all.has_more || succeeded.has_more || refunds.has_more, false);
      assert.equal(all.data.length, day.payment_count, day.date);
      assert.equal(succeeded.data.length, day.succeeded_count, day.date);
      assert.equal(succeeded.data.reduce((sum, p) => sum + p.amount_received, 0), day.gmv, day.date);
      assert.equal(all.data.filter((p) => p.status === 'requires_payment_method' && p.last_payment_error !== null).length, day.failed_count, day.date);
      assert.equal(canceled.data.length, day.canceled_count, day.date);
      assert.equal(refunds.data.length, day.refund_count, day.date);
      assert.equal(refunds.data.reduce((sum, r) => sum + r.amount, 0), day.refunded_amount, day.date);
    }
  });

  test('a merchant sees only its own payments; the operator can ask for one merchant; another merchant’s figures are refused', async () => {
    const own = await dashboard(a.client);
    assert.equal(own.merchant, a.merchant.id);
    // ¥300 of A's succeeded; 2 succeeded, 2 failed, 1 canceled; ¥40 of ¥300 refunded.
    assert.deepEqual(figures(own.last_7_days), expected({ gmv: 30_000, payment_count: 7, succeeded_count: 2, failed_count: 2, canceled_count: 1, success_rate: '0.4000', refunded_amount: 4_000, refund_count: 1, refund_rate: '0.1333' }));
    assert.deepEqual(own.risk, { blocked_today: 1, in_review: 1, challenged_today: 0 });
    const shopB = await dashboard(b.client);
    assert.deepEqual(figures(shopB.last_7_days), expected({ gmv: 7_000, payment_count: 1, succeeded_count: 1, success_rate: '1.0000' }));
    assert.deepEqual(figures(shopB.today), expected({}));
    assert.deepEqual(shopB.risk, { blocked_today: 0, in_review: 0, challenged_today: 0 });
    const asOperator = await dashboard(app.client(), { merchant: b.merchant.id });
    assert.deepEqual({ ...asOperator, generated: 0 }, { ...shopB, generated: 0 });
    assert.equal(failed(await a.client.GET('/v1/reports/dashboard', { params: { query: { merchant: b.merchant.id } } }), 403).param, 'merchant');
  });

  test('another currency has no figures, an unknown one is refused, and a consumer may not look', async () => {
    const usd = await dashboard(app.client(), { currency: 'usd' });
    assert.equal(usd.currency, 'usd');
    assert.deepEqual(figures(usd.last_7_days), expected({}));
    const unknown = failed(await app.client().GET('/v1/reports/dashboard', { params: { query: { currency: 'xyz' } } }), 400);
    assert.equal(unknown.param, 'currency');
    assert.equal(failed(await app.client(a.merchant.publishable_key).GET('/v1/reports/dashboard'), 403).code, 'permission_denied');
  });

  test('at local midnight a new day begins: today is empty, and the 7 days move on', async () => {
    app.clock.advanceMs(1000);
    const d = await dashboard(app.client());
    assert.equal(d.daily.at(-1)?.date, '2026-01-03');
    assert.equal(d.daily[0]?.date, '2025-12-28');
    assert.deepEqual(figures(d.today), expected({}));
    assert.equal(d.last_7_days.gmv, 37_000);
    assert.deepEqual(d.risk, { blocked_today: 0, in_review: 1, challenged_today: 0 });
  });
});
