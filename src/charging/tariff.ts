import { findCurrency } from '../money/index.ts';

/**
 * A charging tariff in the shape of China's common charger billing model (云快充):
 * four time-of-use tiers, each with an electricity price and a service price per
 * kWh, and 48 half-hour slots of the local day, each mapped to a tier; then an
 * idle (occupancy, 占位费) fee per minute after a grace period once charging has
 * finished, an optional fee per session, and the least a session must hold.
 */
export const TIERS = ['sharp', 'peak', 'flat', 'valley'] as const;
export type Tier = (typeof TIERS)[number];

/** Half-hour slots in a local day: slot 0 is 00:00–00:30. */
export const SLOTS_PER_DAY = 48;
/** Prices per kWh are decimal strings of major units with at most this many decimals ("0.85230"). */
export const PRICE_DECIMALS = 5;
const PRICE_PATTERN = /^(0|[1-9]\d{0,5})(\.\d{1,5})?$/;

/** A price per kWh in units of 10^-5 of the major unit: "0.85230" is 85230n. */
export type PricePerKwh = bigint;

export interface TierPrices {
  energyPricePerKwh: PricePerKwh;
  servicePricePerKwh: PricePerKwh;
}

export interface Tariff {
  currency: string;
  tiers: Record<Tier, TierPrices>;
  /** 48 tiers, one per half hour of the station's local day. */
  slots: readonly Tier[];
  idleFeePerMinuteMinor: bigint;
  idleGraceMinutes: number;
  sessionFeeMinor: bigint;
  minHoldMinor: bigint;
}

/** Reads "0.85230" into 85230n; undefined when it is not a price this model takes. */
export function parsePricePerKwh(text: string): PricePerKwh | undefined {
  const match = PRICE_PATTERN.exec(text);
  if (match === null) return undefined;
  const whole = BigInt(match[1] ?? '0');
  const fraction = (match[2] ?? '.').slice(1).padEnd(PRICE_DECIMALS, '0');
  return whole * 10n ** BigInt(PRICE_DECIMALS) + BigInt(fraction);
}

/** Writes 85230n as "0.85230", the wire form. */
export function formatPricePerKwh(price: PricePerKwh): string {
  const scale = 10n ** BigInt(PRICE_DECIMALS);
  return `${price / scale}.${(price % scale).toString().padStart(PRICE_DECIMALS, '0')}`;
}

export type TariffProblem =
  | { problem: 'unknown_currency' }
  | { problem: 'slots_must_be_48_tiers' }
  | { problem: 'negative_amount'; field: 'idle_fee_per_minute' | 'session_fee' | 'min_hold_amount' }
  | { problem: 'idle_grace_out_of_range' };

/** What makes a tariff unusable, or undefined. Prices are parsed before this (they cannot be negative). */
export function tariffProblem(t: Tariff): TariffProblem | undefined {
  if (findCurrency(t.currency)?.code !== t.currency) return { problem: 'unknown_currency' };
  if (t.slots.length !== SLOTS_PER_DAY || t.slots.some((s) => !(TIERS as readonly string[]).includes(s))) return { problem: 'slots_must_be_48_tiers' };
  if (t.idleFeePerMinuteMinor < 0n) return { problem: 'negative_amount', field: 'idle_fee_per_minute' };
  if (t.sessionFeeMinor < 0n) return { problem: 'negative_amount', field: 'session_fee' };
  if (t.minHoldMinor < 0n) return { problem: 'negative_amount', field: 'min_hold_amount' };
  if (!Number.isInteger(t.idleGraceMinutes) || t.idleGraceMinutes < 0 || t.idleGraceMinutes > 24 * 60) return { problem: 'idle_grace_out_of_range' };
  return undefined;
}
