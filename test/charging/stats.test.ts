import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { failed, ok } from '../support/client.ts';
import { startOcppApp, type OcppTestApp, type StationClient } from '../ocpp/support.ts';

/**
 * The operator's figures per station and local day, from sessions run by
 * strict OCPP 1.6J stations with their own timestamps. The test tariff is
 * flat all day at ¥1.20 per kWh (¥0.70 electricity + ¥0.50 service).
 *
 * Asia/Shanghai is UTC+8: its 2026-01-01 runs from 2025-12-31T16:00Z to
 * 2026-01-01T16:00Z. The clock stands at 2026-01-02T14:00Z, 22:00 on the
 * 2nd in Shanghai, while one session is still charging.
 */
describe('charging stats', () => {
  let ocpp: OcppTestApp;
  const HOUR = 3_600_000;
  const utc = (text: string): number => Date.parse(text);
  const iso = (ms: number): string => new Date(ms).toISOString();

  /** A booted station (connectors 1 and 2 in Shanghai, or one elsewhere) charging on a prepaid card's tag of its own. */
  async function station(id: string, options: { timeZone?: string } = {}): Promise<{ client: StationClient; run: (s: { connector: number; from: string; to?: string; wh: number }) => Promise<void> }> {
    if (options.timeZone === undefined) await ocpp.register(id);
    else {
      const registered = await ocpp.app.paygrid.modules.stations.register(ocpp.merchantId, {
        id,
        name: id,
        timeZone: options.timeZone,
        tariffId: (await ocpp.find('ST-A')).tariffId,
        password: 'correct-horse-battery-staple',
        connectors: [{ id: 1, type: 'GB/T DC', maxPowerW: 60_000 }],
      });
      assert.ok('station' in registered, JSON.stringify(registered));
    }
    const card = await ocpp.app.request('POST', '/v1/prepaid_cards', { body: { currency: 'cny', initial_amount: 50_000 } });
    const tag = `TAG-${id}`;
    assert.equal((await ocpp.app.request('POST', '/v1/charging/id_tags', { key: ocpp.merchantKey, body: { id_tag: tag, prepaid_card: card.body.id } })).status, 200);
    const client = await ocpp.connectBooted(id);
    return {
      client,
      async run({ connector, from, to, wh }) {
        const start = (await client.call('StartTransaction', { connectorId: connector, idTag: tag, meterStart: 0, timestamp: from })) as { transactionId: number; idTagInfo: { status: string } };
        assert.equal(start.idTagInfo.status, 'Accepted');
        if (to !== undefined) await client.call('StopTransaction', { transactionId: start.transactionId, meterStop: wh, timestamp: to, reason: 'Local' });
      },
    };
  }

  before(async () => {
    ocpp = await startOcppApp();
    ocpp.app.clock.advanceMs(38 * HOUR);
    assert.equal(iso(ocpp.app.clock.nowMs()), '2026-01-02T14:00:00.000Z');
    const a = await station('ST-A');
    // 1st 10:00–11:00 local, 10 kWh.
    await a.run({ connector: 1, from: '2026-01-01T02:00:00Z', to: '2026-01-01T03:00:00Z', wh: 10_000 });
    // 1st 23:30 to the 2nd 01:30 local, 20 kWh: paid on the 2nd, busy on both days.
    await a.run({ connector: 2, from: '2026-01-01T15:30:00Z', to: '2026-01-01T17:30:00Z', wh: 20_000 });
    // The 2nd from 20:00 local, still charging at 22:00.
    await a.run({ connector: 1, from: '2026-01-02T12:00:00Z', wh: 0 });
    const b = await station('ST-B');
    // The 2nd 09:00–10:00 local, 5 kWh.
    await b.run({ connector: 2, from: '2026-01-02T01:00:00Z', to: '2026-01-02T02:00:00Z', wh: 5_000 });
  });
  after(async () => {
    await ocpp.close();
  });

  const stats = (query: { from: string; to: string; station?: string }, key = ocpp.merchantKey) => ocpp.app.client(key).GET('/v1/charging/stats', { params: { query } });
  const cny = (amount: number) => [{ amount, currency: 'cny' }];

  test('counts sessions, energy and revenue on the local day each session completed, and utilization per day, exactly', async () => {
    const answer = ok(await stats({ from: '2026-01-01', to: '2026-01-02' }));
    assert.equal(answer.object, 'charging_stats');
    assert.deepEqual(
      answer.data.map((d) => [d.station, d.date, d.connectors, d.sessions_completed, d.energy_wh, d.revenue, d.utilization]),
      [
        // 60 + 30 minutes of 2 × 24 hours.
        ['ST-A', '2026-01-01', 2, 1, 10_000, cny(1_200), '0.0313'],
        // 90 minutes of the night session and 120 of the one still charging.
        ['ST-A', '2026-01-02', 2, 1, 20_000, cny(2_400), '0.0729'],
        ['ST-B', '2026-01-01', 2, 0, 0, [], '0.0000'],
        ['ST-B', '2026-01-02', 2, 1, 5_000, cny(600), '0.0208'],
      ],
    );
    assert.equal(answer.data.length, 4);
    assert.deepEqual(answer.totals, { sessions_completed: 3, energy_wh: 35_000, revenue: cny(4_200), utilization: '0.0313' }, '6 hours of 2 stations × 2 connectors × 2 days');
  });

  test('one station at a time, with its own totals', async () => {
    const answer = ok(await stats({ from: '2026-01-02', to: '2026-01-02', station: 'ST-A' }));
    assert.deepEqual(
      answer.data.map((d) => [d.station, d.date, d.timezone]),
      [['ST-A', '2026-01-02', 'Asia/Shanghai']],
    );
    assert.deepEqual(answer.totals, { sessions_completed: 1, energy_wh: 20_000, revenue: cny(2_400), utilization: '0.0729' });
  });

  test('a day on which the clocks change is as long as it really is', async () => {
    // Stations' timestamps count no later than the clock: move it past the session.
    ocpp.app.clock.advanceMs(utc('2026-03-10T00:00:00Z') - ocpp.app.clock.nowMs());
    const ny = await station('ST-NY', { timeZone: 'America/New_York' });
    // From 23:00 on 7 March (EST) to 01:00 on 9 March (EDT): the whole of the 8th, which has 23 hours.
    await ny.run({ connector: 1, from: '2026-03-08T04:00:00Z', to: '2026-03-09T05:00:00Z', wh: 2_000 });
    const answer = ok(await stats({ from: '2026-03-07', to: '2026-03-09', station: 'ST-NY' }));
    assert.deepEqual(
      answer.data.map((d) => [d.date, d.sessions_completed, d.utilization]),
      [
        ['2026-03-07', 0, '0.0417'],
        ['2026-03-08', 0, '1.0000'],
        ['2026-03-09', 1, '0.0417'],
      ],
    );
    // 25 hours busy of 71.
    assert.equal(answer.totals.utilization, '0.3521');
  });

  test('bad dates and ranges are refused with the parameter', async () => {
    const cases: [{ from: string; to: string; station?: string }, number, string, string][] = [
      [{ from: '2026-02-30', to: '2026-03-01' }, 400, 'from', 'date_invalid'],
      [{ from: '2026-1-1', to: '2026-01-02' }, 400, 'from', 'parameter_invalid'],
      [{ from: '2026-01-01', to: '2026-13-01' }, 400, 'to', 'date_invalid'],
      [{ from: '2026-01-02', to: '2026-01-01' }, 400, 'to', 'range_reversed'],
      [{ from: '2026-01-01', to: '2026-04-03' }, 400, 'to', 'range_too_long'],
      [{ from: '2026-01-01', to: '2026-01-01', station: 'NOPE' }, 404, 'station', 'resource_missing'],
    ];
    for (const [query, status, param, code] of cases) {
      const error = failed(await stats(query), status);
      assert.deepEqual([error.param, error.code], [param, code], JSON.stringify(query));
    }
    assert.equal(ok(await stats({ from: '2026-01-01', to: '2026-04-02', station: 'ST-B' })).data.length, 92, 'exactly 92 days is allowed');
    const shop = await ocpp.app.request('POST', '/v1/merchants', { body: { name: 'Shop' } });
    assert.equal(failed(await stats({ from: '2026-01-01', to: '2026-01-01' }, shop.body.secret_key), 403).code, 'permission_denied');
  });
});
