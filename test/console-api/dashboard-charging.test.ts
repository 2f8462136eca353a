import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { ok } from '../support/client.ts';
import { startOcppApp, type OcppTestApp } from '../ocpp/support.ts';

/**
 * The dashboard's charging figures agree with the charging stats of the same
 * local days. Sessions run on a strict OCPP 1.6J station with its own
 * timestamps, paid by a prepaid card's tag, at the test tariff's flat ¥1.20 per
 * kWh. The clock stands at 2026-01-02T14:00Z, 22:00 on the 2nd in Shanghai.
 */
describe('the dashboard’s charging figures', () => {
  let ocpp: OcppTestApp;
  const HOUR = 3_600_000;

  before(async () => {
    ocpp = await startOcppApp();
    ocpp.app.clock.advanceMs(38 * HOUR);
    await ocpp.register('ST-D');
    const card = await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 50_000 } });
    assert.equal((await ocpp.app.request('POST', '/v1/charging/id_tags', { key: ocpp.merchantKey, body: { id_tag: 'TAG-D', prepaid_card: card.body.id } })).status, 200);
    const station = await ocpp.connectBooted('ST-D');
    const run = async (connectorId: number, from: string, to: string | undefined, wh: number): Promise<void> => {
      const start = (await station.call('StartTransaction', { connectorId, idTag: 'TAG-D', meterStart: 0, timestamp: from })) as { transactionId: number };
      if (to !== undefined) await station.call('StopTransaction', { transactionId: start.transactionId, meterStop: wh, timestamp: to, reason: 'Local' });
    };
    // The 1st, 10:00–11:00 local: 10 kWh.
    await run(1, '2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z', 10_000);
    // The 1st 23:30 to the 2nd 01:30 local: 20 kWh, completed on the 2nd.
    await run(2, '2026-01-01T15:30:00Z', '2026-01-01T17:30:00Z', 20_000);
    // Still charging: counts nowhere yet.
    await run(1, '2026-01-02T12:00:00Z', undefined, 0);
  });
  after(async () => {
    await ocpp.close();
  });

  test('today and the last 7 days equal the charging stats’ totals for the same days, for the operator and for the charging merchant', async () => {
    const stats = async (from: string, to: string) => ok(await ocpp.app.client(ocpp.merchantKey).GET('/v1/charging/stats', { params: { query: { from, to } } })).totals;
    const today = await stats('2026-01-02', '2026-01-02');
    const week = await stats('2025-12-27', '2026-01-02');
    const asWire = (t: typeof today) => ({ sessions_completed: t.sessions_completed, energy_wh: t.energy_wh, revenue: t.revenue.find((r) => r.currency === 'cny')?.amount ?? 0 });
    assert.deepEqual(asWire(today), { sessions_completed: 1, energy_wh: 20_000, revenue: 2_400 });
    assert.deepEqual(asWire(week), { sessions_completed: 2, energy_wh: 30_000, revenue: 3_600 });
    for (const key of [undefined, ocpp.merchantKey]) {
      const d = ok(await ocpp.app.client(key).GET('/v1/reports/dashboard'));
      assert.deepEqual(d.charging, { today: asWire(today), last_7_days: asWire(week) });
    }
  });

  test('another merchant has no charging figures', async () => {
    const other = ok(await ocpp.app.client().POST('/v1/merchants', { body: { name: 'Elsewhere' } }));
    const d = ok(await ocpp.app.client(other.secret_key).GET('/v1/reports/dashboard'));
    assert.deepEqual(d.charging, { today: { sessions_completed: 0, energy_wh: 0, revenue: 0 }, last_7_days: { sessions_completed: 0, energy_wh: 0, revenue: 0 } });
  });
});
