import type { FeatureCatalogue, FeatureType } from '../rules/expression.ts';

/**
 * Every feature the risk engine computes for a payment, by name: what rules
 * may refer to and what a model may be trained on. Money features are in
 * minor units (fen), times in seconds, and counts exclude the payment being
 * scored (velocity is "how many before this one", as in Stripe Radar).
 */

/** The entities a payment is seen through; each keeps its own sliding windows. */
export const ENTITY_KINDS = ['customer', 'card', 'device', 'ip', 'merchant'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** The sliding windows of the velocity features, ending at the payment. */
export const WINDOWS: readonly { name: string; ms: number }[] = [
  { name: '1h', ms: HOUR_MS },
  { name: '1d', ms: DAY_MS },
  { name: '7d', ms: 7 * DAY_MS },
  { name: '30d', ms: 30 * DAY_MS },
];

/** The windows of merchant risk, which end `labelDelay` before the payment (the handbook's terminal risk). */
export const RISK_WINDOWS: readonly { name: string; ms: number }[] = [
  { name: '1d', ms: DAY_MS },
  { name: '7d', ms: 7 * DAY_MS },
  { name: '30d', ms: 30 * DAY_MS },
];

/** How far back an entity's history is kept: the longest window plus the label delay, with a day to spare. */
export function historyHorizonMs(labelDelayMs: number): number {
  return 30 * DAY_MS + labelDelayMs + DAY_MS;
}

function catalogueEntries(): [string, FeatureType][] {
  const entries: [string, FeatureType][] = [
    ['amount', 'number'],
    ['currency', 'string'],
    ['payment_method', 'string'],
    ['subject', 'string'],
    ['hour', 'number'],
    ['is_night', 'boolean'],
    ['is_weekend', 'boolean'],
    ['score', 'number'],
    ['customer.id', 'string'],
    ['card.fingerprint', 'string'],
    ['device.id', 'string'],
    ['ip', 'string'],
    ['merchant.id', 'string'],
    ['customer.is_new', 'boolean'],
    ['card.is_new', 'boolean'],
    ['device.is_new', 'boolean'],
    ['ip.is_new', 'boolean'],
    ['customer.seconds_since_last', 'number'],
    ['customer.amount_ratio_30d', 'number'],
    ['customer.amount_zscore_30d', 'number'],
    ['customer.known_frauds_30d', 'number'],
    ['card.known_frauds_30d', 'number'],
  ];
  for (const kind of ENTITY_KINDS) {
    for (const w of WINDOWS) {
      entries.push([`${kind}.count_${w.name}`, 'number'], [`${kind}.sum_${w.name}`, 'number'], [`${kind}.avg_${w.name}`, 'number']);
    }
  }
  for (const w of RISK_WINDOWS) entries.push([`merchant.risk_${w.name}`, 'number'], [`merchant.labelled_count_${w.name}`, 'number']);
  return entries;
}

/** Feature name → type: what the rule language checks expressions against. */
export const FEATURE_CATALOGUE: FeatureCatalogue = new Map(catalogueEntries());

/** The numeric and boolean features, in a fixed order: a model's default inputs (identifiers and the score itself are not inputs). */
export const MODEL_FEATURES: readonly string[] = [...FEATURE_CATALOGUE.entries()]
  .filter(([name, type]) => type !== 'string' && name !== 'score')
  .map(([name]) => name);
