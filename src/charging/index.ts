/** The charging module's public surface: tariffs (versioned), stations and their connectors, and the pricing of charging sessions. */
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
export { Tariffs, type StoredTariff, type TariffResult } from './tariffs.ts';
export {
  CONNECTOR_STATUSES,
  MAX_CONNECTORS_PER_STATION,
  MAX_STATION_PASSWORD_CHARS,
  MIN_STATION_PASSWORD_CHARS,
  STATION_ID_PATTERN,
  Stations,
  type Connector,
  type ConnectorStatus,
  type NewStation,
  type RegisterFailure,
  type Station,
} from './stations.ts';
