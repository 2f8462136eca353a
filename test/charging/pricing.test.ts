import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TIERS, nextSlotBoundary, parsePricePerKwh, formatPricePerKwh, priceSession, slotAt, tariffProblem, type Tariff, type Tier } from '../../src/charging/index.ts';

/**
 * Pricing scenarios: sessions inside one slot, across tiers, across midnight,
 * with gaps in meter values, with idle time and with a meter that resets. The
 * station is in Asia/Shanghai (UTC+8): local 10:00 is 02:00 UTC.
 */
const TZ = 'Asia/Shanghai';
const DAY = Date.UTC(2026, 10, 23) - 8 * 3600_000; // local midnight, 23 Nov 2026
const at = (hh: number, mm: number, ss = 0, dayOffset = 0): number => DAY + dayOffset * 86_400_000 + ((hh * 60 + mm) * 60 + ss) * 1000;
const price = (text: string): bigint => {
  const parsed = parsePricePerKwh(text);
  assert.ok(parsed !== undefined, text);
  return parsed;
};

/** 00:00–08:00 valley, 08:00–10:00 flat, 10:00–12:00 peak, 12:00–14:00 sharp, 14:00–22:00 flat, 22:00–24:00 valley. */
const SLOTS: Tier[] = [...Array<Tier>(16).fill('valley'), ...Array<Tier>(4).fill('flat'), ...Array<Tier>(4).fill('peak'), ...Array<Tier>(4).fill('sharp'), ...Array<Tier>(16).fill('flat'), ...Array<Tier>(4).fill('valley')];
const TARIFF: Tariff = {
  currency: 'CNY',
  tiers: {
    sharp: { energyPricePerKwh: price('1.25230'), servicePricePerKwh: price('0.80000') },
    peak: { energyPricePerKwh: price('1.05000'), servicePricePerKwh: price('0.60000') },
    flat: { energyPricePerKwh: price('0.70000'), servicePricePerKwh: price('0.50000') },
    valley: { energyPricePerKwh: price('0.30000'), servicePricePerKwh: price('0.40000') },
  },
  slots: SLOTS,
  idleFeePerMinuteMinor: 50n,
  idleGraceMinutes: 10,
  sessionFeeMinor: 0n,
  minHoldMinor: 5_000n,
};
const KWH = 1_000_000_000n; // µWh

const lines = (priced: ReturnType<typeof priceSession>) => priced.lineItems.map((l) => (l.kind === 'energy' || l.kind === 'service' ? `${l.kind}:${l.tier}:${l.energyMicroWh}:${l.amountMinor}` : `${l.kind}:${l.amountMinor}`));

describe('charging tariffs', () => {
  test('prices per kWh are decimal strings of at most 5 decimals', () => {
    assert.equal(parsePricePerKwh('0.85230'), 85_230n);
    assert.equal(parsePricePerKwh('1'), 100_000n);
    assert.equal(parsePricePerKwh('12.5'), 1_250_000n);
    for (const bad of ['0.852301', '-1', '1.', '.5', '01.0', '1e3', '']) assert.equal(parsePricePerKwh(bad), undefined, bad);
    assert.equal(formatPricePerKwh(85_230n), '0.85230');
    assert.equal(formatPricePerKwh(1_250_000n), '12.50000');
  });

  test('a tariff needs a known currency, 48 slots of known tiers and no negative fee', () => {
    assert.equal(tariffProblem(TARIFF), undefined);
    assert.deepEqual(tariffProblem({ ...TARIFF, slots: SLOTS.slice(1) }), { problem: 'slots_must_be_48_tiers' });
    assert.deepEqual(tariffProblem({ ...TARIFF, slots: [...SLOTS.slice(1), 'night' as Tier] }), { problem: 'slots_must_be_48_tiers' });
    assert.deepEqual(tariffProblem({ ...TARIFF, currency: 'XYZ' }), { problem: 'unknown_currency' });
    assert.deepEqual(tariffProblem({ ...TARIFF, sessionFeeMinor: -1n }), { problem: 'negative_amount', field: 'session_fee' });
  });

  test('slots follow the station’s wall clock', () => {
    assert.equal(slotAt(at(0, 0), TZ), 0);
    assert.equal(slotAt(at(10, 29, 59), TZ), 20);
    assert.equal(slotAt(at(23, 59, 59), TZ), 47);
    assert.equal(nextSlotBoundary(at(10, 5), TZ), at(10, 30));
    assert.equal(nextSlotBoundary(at(10, 30), TZ), at(11, 0));
    // Kathmandu is UTC+5:45: its slots still start at its own :00 and :30.
    assert.equal(slotAt(Date.UTC(2026, 10, 23, 4, 15), 'Asia/Kathmandu'), 20);
  });
});

describe('pricing a charging session', () => {
  const scenarios: Array<{ name: string; readings: Array<[number, number]>; idle?: Array<[number, number]>; tariff?: Partial<Tariff>; energyWh: bigint; byTier: Partial<Record<Tier, bigint>>; lines: string[]; amount: bigint; resets?: number }> = [
    {
      name: 'inside one slot: 10 kWh at peak',
      readings: [
        [at(10, 5), 1_000],
        [at(10, 25), 11_000],
      ],
      energyWh: 10_000n,
      byTier: { peak: 10n * KWH },
      lines: [`energy:peak:${10n * KWH}:1050`, `service:peak:${10n * KWH}:600`],
      amount: 1_650n,
    },
    {
      name: 'across two tiers: evenly over 09:30–10:30, half flat and half peak',
      readings: [
        [at(9, 30), 0],
        [at(10, 30), 20_000],
      ],
      energyWh: 20_000n,
      byTier: { flat: 10n * KWH, peak: 10n * KWH },
      lines: [`energy:peak:${10n * KWH}:1050`, `service:peak:${10n * KWH}:600`, `energy:flat:${10n * KWH}:700`, `service:flat:${10n * KWH}:500`],
      amount: 2_850n,
    },
    {
      name: 'across midnight: 23:45–00:15, valley on both sides of the date',
      readings: [
        [at(23, 45), 50_000],
        [at(0, 15, 0, 1), 56_000],
      ],
      energyWh: 6_000n,
      byTier: { valley: 6n * KWH },
      lines: [`energy:valley:${6n * KWH}:180`, `service:valley:${6n * KWH}:240`],
      amount: 420n,
    },
    {
      name: 'a gap in meter values is interpolated across the slots it spans (9:10–11:10)',
      readings: [
        [at(9, 0), 0],
        [at(9, 10), 1_000],
        [at(11, 10), 13_000],
      ],
      // 1,000 Wh before 9:10; 12,000 Wh over 120 minutes: 50 minutes flat (5,000) and 70 minutes peak (7,000).
      energyWh: 13_000n,
      byTier: { flat: 6n * KWH, peak: 7n * KWH },
      lines: [`energy:peak:${7n * KWH}:735`, `service:peak:${7n * KWH}:420`, `energy:flat:${6n * KWH}:420`, `service:flat:${6n * KWH}:300`],
      amount: 1_875n,
    },
    {
      name: 'idle time after charging: 25½ minutes, 10 free, 15 billed at ¥0.50',
      readings: [
        [at(12, 0), 0],
        [at(12, 30), 10_000],
      ],
      idle: [[at(12, 30), at(12, 55, 30)]],
      energyWh: 10_000n,
      byTier: { sharp: 10n * KWH },
      lines: [`energy:sharp:${10n * KWH}:1252`, `service:sharp:${10n * KWH}:800`, 'idle:750'],
      amount: 2_802n,
    },
    {
      name: 'a meter that restarts from zero: the interval counts the new reading',
      readings: [
        [at(15, 0), 0],
        [at(15, 10), 5_000],
        [at(15, 20), 200],
        [at(15, 29), 1_200],
      ],
      energyWh: 6_200n,
      byTier: { flat: 6_200_000_000n },
      lines: ['energy:flat:6200000000:434', 'service:flat:6200000000:310'],
      amount: 744n,
      resets: 1,
    },
    {
      name: 'a session fee, and amounts below half a fen round down per line',
      readings: [
        [at(1, 0), 100],
        [at(1, 1), 101],
      ],
      tariff: { sessionFeeMinor: 200n },
      energyWh: 1n,
      byTier: { valley: 1_000_000n },
      lines: ['energy:valley:1000000:0', 'service:valley:1000000:0', 'session:200'],
      amount: 200n,
    },
  ];

  for (const s of scenarios) {
    test(s.name, () => {
      const priced = priceSession({ ...TARIFF, ...s.tariff }, { timeZone: TZ, readings: s.readings.map(([atMs, wh]) => ({ atMs, wh: BigInt(wh) })), idle: (s.idle ?? []).map(([fromMs, toMs]) => ({ fromMs, toMs })) });
      assert.equal(priced.energyWh, s.energyWh);
      assert.deepEqual(priced.energyByTierMicroWh, { sharp: 0n, peak: 0n, flat: 0n, valley: 0n, ...s.byTier });
      assert.deepEqual(lines(priced), s.lines);
      assert.equal(priced.amountMinor, s.amount);
      assert.equal(priced.meterResets, s.resets ?? 0);
    });
  }

  test('readings may arrive in any order (offline queues replay late): the price is the same', () => {
    const readings = [
      { atMs: at(9, 30), wh: 0n },
      { atMs: at(10, 30), wh: 20_000n },
      { atMs: at(10, 0), wh: 9_000n },
    ];
    const inOrder = priceSession(TARIFF, { timeZone: TZ, readings: [...readings].sort((a, b) => a.atMs - b.atMs), idle: [] });
    const shuffled = priceSession(TARIFF, { timeZone: TZ, readings, idle: [] });
    assert.deepEqual(shuffled, inOrder);
    assert.equal(inOrder.energyByTierMicroWh.flat, 9n * KWH);
  });

  test('property: the tiers always add up to exactly the metered energy, and the total to the lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }), wh: fc.integer({ min: 0, max: 200_000 }) }), { minLength: 2, maxLength: 30 }),
        (points) => {
          let wh = 0;
          const readings = points.map((p, i) => {
            wh += p.wh;
            return { atMs: at(0, 0) + (i === 0 ? 0 : points.slice(1, i + 1).reduce((m, q) => m + q.minutes, 0)) * 60_000, wh: BigInt(i === 0 ? 0 : wh) };
          });
          const priced = priceSession(TARIFF, { timeZone: TZ, readings, idle: [] });
          const tiers = TIERS.reduce((sum, t) => sum + priced.energyByTierMicroWh[t], 0n);
          assert.equal(tiers, priced.energyWh * 1_000_000n);
          assert.equal(priced.lineItems.reduce((sum, l) => sum + l.amountMinor, 0n), priced.amountMinor);
        },
      ),
      { numRuns: 200 },
    );
  });
});
