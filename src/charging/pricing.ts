import { allocate, divideRounded, findCurrency, type RoundingRule } from '../money/index.ts';
import { nextSlotBoundary, slotAt } from './local-time.ts';
import { PRICE_DECIMALS, TIERS, type PricePerKwh, type Tariff, type Tier } from './tariff.ts';

/**
 * Pricing a charging session: a pure function from the tariff frozen at the
 * session's start and the session's meter and status timeline to line items,
 * exact to the minor unit.
 *
 * - Energy between two meter readings is spread evenly over the time between
 *   them (linear interpolation) and split at the half-hour slot boundaries of
 *   the station's local day; each slot's energy goes to its tier. Splits are in
 *   µWh by largest remainder, so the tiers add up to exactly the metered energy.
 * - A reading below the one before means the meter restarted from zero: the
 *   energy of that interval is the new reading (and the reset is reported).
 * - Each line (tier × electricity price, tier × service price, idle minutes ×
 *   fee, the session fee) is rounded once, half up, as a receipt shows it; the
 *   total is the sum of the lines.
 * - Idle time is billed in whole minutes, started minutes free (in the driver's
 *   favour), after the grace period.
 */
export const PRICING_ROUNDING: RoundingRule = 'half_up';

export interface MeterReading {
  atMs: number;
  /** Energy.Active.Import.Register, the meter's running total. */
  wh: bigint;
}

export interface SessionTimeline {
  /** The station's IANA time zone: slots are its wall clock's half hours. */
  timeZone: string;
  /** From meterStart to the last reading (meterStop once stopped), in any order. */
  readings: readonly MeterReading[];
  /** When the car occupied the connector after charging finished (SuspendedEV, Finishing until unplugged). */
  idle: readonly { fromMs: number; toMs: number }[];
}

export type LineItem =
  | { kind: 'energy' | 'service'; tier: Tier; energyMicroWh: bigint; pricePerKwh: PricePerKwh; amountMinor: bigint }
  | { kind: 'idle'; minutes: number; feePerMinuteMinor: bigint; amountMinor: bigint }
  | { kind: 'session'; amountMinor: bigint };

export interface PricedSession {
  /** Metered energy, Wh. */
  energyWh: bigint;
  energyByTierMicroWh: Record<Tier, bigint>;
  lineItems: LineItem[];
  amountMinor: bigint;
  /** How many times the meter restarted from zero during the session (worth a look by the operator). */
  meterResets: number;
}

const MICRO_WH_PER_WH = 1_000_000n;
const MICRO_WH_PER_KWH = 1_000_000_000n;

export function priceSession(tariff: Tariff, timeline: SessionTimeline): PricedSession {
  const { energyByTierMicroWh, energyWh, meterResets } = splitEnergy(tariff, timeline);
  const exponent = BigInt(findCurrency(tariff.currency)?.exponent ?? 2);
  const lineItems: LineItem[] = [];
  for (const tier of TIERS) {
    const energyMicroWh = energyByTierMicroWh[tier];
    if (energyMicroWh === 0n) continue;
    const prices = tariff.tiers[tier];
    lineItems.push({ kind: 'energy', tier, energyMicroWh, pricePerKwh: prices.energyPricePerKwh, amountMinor: energyAmount(energyMicroWh, prices.energyPricePerKwh, exponent) });
    lineItems.push({ kind: 'service', tier, energyMicroWh, pricePerKwh: prices.servicePricePerKwh, amountMinor: energyAmount(energyMicroWh, prices.servicePricePerKwh, exponent) });
  }
  const idleMinutes = billableIdleMinutes(timeline.idle, tariff.idleGraceMinutes);
  if (idleMinutes > 0 && tariff.idleFeePerMinuteMinor > 0n) {
    lineItems.push({ kind: 'idle', minutes: idleMinutes, feePerMinuteMinor: tariff.idleFeePerMinuteMinor, amountMinor: BigInt(idleMinutes) * tariff.idleFeePerMinuteMinor });
  }
  if (tariff.sessionFeeMinor > 0n) lineItems.push({ kind: 'session', amountMinor: tariff.sessionFeeMinor });
  const amountMinor = lineItems.reduce((sum, item) => sum + item.amountMinor, 0n);
  return { energyWh, energyByTierMicroWh, lineItems, amountMinor, meterResets };
}

/** µWh × (price in 10^-5 major per kWh) → minor units, rounded once. */
function energyAmount(energyMicroWh: bigint, pricePerKwh: PricePerKwh, exponent: bigint): bigint {
  return divideRounded(energyMicroWh * pricePerKwh * 10n ** exponent, MICRO_WH_PER_KWH * 10n ** BigInt(PRICE_DECIMALS), PRICING_ROUNDING);
}

function splitEnergy(tariff: Tariff, timeline: SessionTimeline): { energyByTierMicroWh: Record<Tier, bigint>; energyWh: bigint; meterResets: number } {
  const byTier: Record<Tier, bigint> = { sharp: 0n, peak: 0n, flat: 0n, valley: 0n };
  const readings = [...timeline.readings].sort((a, b) => a.atMs - b.atMs);
  let energyWh = 0n;
  let meterResets = 0;
  for (let i = 1; i < readings.length; i += 1) {
    const from = readings[i - 1] as MeterReading;
    const to = readings[i] as MeterReading;
    const reset = to.wh < from.wh;
    if (reset) meterResets += 1;
    const deltaWh = reset ? to.wh : to.wh - from.wh;
    if (deltaWh === 0n) continue;
    energyWh += deltaWh;
    const pieces = slotPieces(from.atMs, to.atMs, timeline.timeZone);
    const shares = allocate(deltaWh * MICRO_WH_PER_WH, pieces.map((p) => p.weight));
    pieces.forEach((piece, index) => {
      const tier = tariff.slots[piece.slot] as Tier;
      byTier[tier] += shares[index] ?? 0n;
    });
  }
  return { energyByTierMicroWh: byTier, energyWh, meterResets };
}

/** The slots an interval crosses, each weighted by the milliseconds spent in it. */
function slotPieces(fromMs: number, toMs: number, timeZone: string): { slot: number; weight: bigint }[] {
  if (toMs <= fromMs) return [{ slot: slotAt(fromMs, timeZone), weight: 1n }];
  const pieces: { slot: number; weight: bigint }[] = [];
  for (let t = fromMs; t < toMs; ) {
    const end = Math.min(nextSlotBoundary(t, timeZone), toMs);
    pieces.push({ slot: slotAt(t, timeZone), weight: BigInt(end - t) });
    t = end;
  }
  return pieces;
}

function billableIdleMinutes(idle: SessionTimeline['idle'], graceMinutes: number): number {
  const idleMs = idle.reduce((sum, period) => sum + Math.max(0, period.toMs - period.fromMs), 0);
  return Math.max(0, Math.floor(idleMs / 60_000) - graceMinutes);
}
