import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { FeatureStore } from '../../src/risk/features/feature-store.ts';

const DAY_MS = 24 * 3600_000;
const T0 = Date.UTC(2026, 0, 5, 4); // a Monday, 12:00 in Shanghai

function store(): FeatureStore {
  return new FeatureStore({ labelDelayMs: 7 * DAY_MS, timeZone: 'Asia/Shanghai' });
}

describe('online features', () => {
  test('velocity windows count what came before, never the payment itself', () => {
    const s = store();
    for (let i = 0; i < 5; i += 1) s.observe({ id: `p${i}`, atMs: T0 + i * 20 * 60_000, amountMinor: 1_000, entities: { customer: 'c', merchant: 'm' } });
    const f = s.features({ id: 'x', atMs: T0 + 100 * 60_000, amountMinor: 9_000, entities: { customer: 'c', merchant: 'm', card: 'k' } });
    assert.equal(f['customer.count_1h'], 2, 'the payments at 60 and 80 minutes');
    assert.equal(f['customer.count_1d'], 5);
    assert.equal(f['customer.sum_1d'], 5_000);
    assert.equal(f['customer.amount_ratio_30d'], 9);
    assert.equal(f['card.is_new'], true);
    assert.equal(f['customer.is_new'], false);
    assert.equal(f['device.is_new'], undefined, 'no device given: unknown, not new');
    assert.equal(f.is_night, false);
    assert.equal(f.is_weekend, false);
    assert.equal(s.features({ id: 'y', atMs: Date.UTC(2026, 0, 10, 17), amountMinor: 1, entities: {} }).is_night, true, '01:00 on Sunday in Shanghai');
  });

  test('a chargeback reaches merchant risk only once the payment is a label delay old', () => {
    const s = store();
    s.observe({ id: 'fraud', atMs: T0, amountMinor: 5_000, entities: { customer: 'victim', merchant: 'm' } });
    for (let i = 1; i <= 3; i += 1) s.observe({ id: `ok${i}`, atMs: T0 + i * 60_000, amountMinor: 5_000, entities: { customer: `c${i}`, merchant: 'm' } });
    // Reported one day later: the consumer's own features see it at once…
    assert.ok(s.label('fraud', true));
    const nextDay = s.features({ id: 'a', atMs: T0 + DAY_MS, amountMinor: 100, entities: { customer: 'victim', merchant: 'm' } });
    assert.equal(nextDay['customer.known_frauds_30d'], 1);
    // …but the merchant's risk window ends a label delay ago, so it does not yet.
    assert.equal(nextDay['merchant.risk_7d'], 0);
    assert.equal(nextDay['merchant.labelled_count_7d'], 0);
    const afterDelay = s.features({ id: 'b', atMs: T0 + 7 * DAY_MS + 3_600_000, amountMinor: 100, entities: { merchant: 'm' } });
    assert.equal(afterDelay['merchant.labelled_count_7d'], 4);
    assert.equal(afterDelay['merchant.risk_7d'], 0.25);
    // A label withdrawn (a review found it legitimate) stops counting.
    s.label('fraud', false);
    assert.equal(s.features({ id: 'c', atMs: T0 + 7 * DAY_MS + 3_600_000, amountMinor: 100, entities: { merchant: 'm' } })['merchant.risk_7d'], 0);
  });

  test('old history is dropped, and windows stay exact across compaction', () => {
    const s = store();
    const n = 120_000;
    for (let i = 0; i < n; i += 1) s.observe({ id: `p${i}`, atMs: T0 + i * 60_000, amountMinor: 100, entities: { merchant: 'busy' } });
    const end = T0 + (n - 1) * 60_000;
    const f = s.features({ id: 'x', atMs: end, amountMinor: 100, entities: { merchant: 'busy' } });
    assert.equal(f['merchant.count_1d'], 1_440, 'one a minute for the last 24 hours (exclusive of the window start)');
    assert.equal(f['merchant.count_30d'], 30 * 1_440);
    assert.ok(s.size < n, 'payments older than the horizon are no longer addressable');
  });
});
