/** The charging module's public surface: tariffs and the pricing of charging sessions. */
export { isTimeZone, nextSlotBoundary, slotAt } from './local-time.ts';
export { PRICING_ROUNDING, priceSession, type LineItem, type MeterReading, type PricedSession, type SessionTimeline } from './pricing.ts';
export {
  PRICE_DECIMALS,
  SLOTS_PER_DAY,
  TIERS,
  formatPricePerKwh,
  parsePricePerKwh,
  tariffProblem,
  type PricePerKwh,
  type Tariff,
  type TariffProblem,
  type Tier,
  type TierPrices,
} from './tariff.ts';
