import type { FeatureValues } from '../rules/expression.ts';
import { ENTITY_KINDS, type EntityKind, historyHorizonMs, RISK_WINDOWS, WINDOWS } from './catalogue.ts';
import { EntityHistory } from './history.ts';
import { isNightHour, isWeekend, LocalCalendar } from './local-calendar.ts';

/** A payment as the feature store sees it: when, how much, and through which entities. */
export interface ObservedPayment {
  /** The payment's id (the subject the decision is about), for labels later. */
  id: string;
  atMs: number;
  /** In minor units; a number is exact for any amount below 2^53 fen. */
  amountMinor: number;
  entities: Partial<Record<EntityKind, string>>;
}

export interface FeatureStoreOptions {
  /** How long after a payment its fraud label is assumed known: merchant risk windows end this long before the payment. */
  labelDelayMs: number;
  /** The time zone of the night and weekend features (the platform's market). */
  timeZone: string;
}

/** Where a payment sits in each of its entities' histories, so that a late label finds it. */
type Placement = [EntityHistory, number][];

/** Payments kept addressable for labels at most; older ones are forgotten first. */
const MAX_ADDRESSABLE_PAYMENTS = 5_000_000;
/** Histories are compacted every this many observations. */
const COMPACT_EVERY = 50_000;

/**
 * The online feature store: per-entity sliding windows over the payments the
 * risk engine has seen, held in memory and rebuilt from the decision log when
 * a process starts. Features are computed before the payment is observed, so
 * a payment never counts towards its own velocity.
 */
export class FeatureStore {
  private readonly histories: Record<EntityKind, Map<string, EntityHistory>> = { customer: new Map(), card: new Map(), device: new Map(), ip: new Map(), merchant: new Map() };
  private readonly placements = new Map<string, Placement>();
  private readonly calendar: LocalCalendar;
  private readonly horizonMs: number;
  private observedSinceCompaction = 0;
  private latestMs = 0;

  constructor(private readonly options: FeatureStoreOptions) {
    this.calendar = new LocalCalendar(options.timeZone);
    this.horizonMs = historyHorizonMs(options.labelDelayMs);
  }

  get size(): number {
    return this.placements.size;
  }

  /** The features of `payment` against everything observed before it. */
  features(payment: ObservedPayment): Record<string, number | boolean | string | undefined> {
    const t = payment.atMs;
    const amount = payment.amountMinor;
    const local = this.calendar.at(t);
    const values: Record<string, number | boolean | string | undefined> = {
      amount,
      hour: local.hour,
      is_night: isNightHour(local.hour),
      is_weekend: isWeekend(local.weekday),
      'customer.id': payment.entities.customer,
      'card.fingerprint': payment.entities.card,
      'device.id': payment.entities.device,
      ip: payment.entities.ip,
      'merchant.id': payment.entities.merchant,
    };
    for (const kind of ENTITY_KINDS) this.entityFeatures(values, kind, payment.entities[kind], t);
    this.customerFeatures(values, payment, t, amount);
    this.merchantRisk(values, payment.entities.merchant, t);
    return values;
  }

  private entityFeatures(values: Record<string, unknown>, kind: EntityKind, key: string | undefined, t: number): void {
    const history = key === undefined ? undefined : this.histories[kind].get(key);
    if (kind !== 'merchant') values[`${kind}.is_new`] = key === undefined ? undefined : history === undefined || history.length === 0;
    for (const w of WINDOWS) {
      if (key === undefined) continue;
      const win = history?.window(t - w.ms, t) ?? { count: 0, sum: 0 };
      values[`${kind}.count_${w.name}`] = win.count;
      values[`${kind}.sum_${w.name}`] = win.sum;
      values[`${kind}.avg_${w.name}`] = win.count === 0 ? 0 : win.sum / win.count;
    }
  }

  private customerFeatures(values: Record<string, unknown>, payment: ObservedPayment, t: number, amount: number): void {
    const customer = payment.entities.customer === undefined ? undefined : this.histories.customer.get(payment.entities.customer);
    const last = customer?.lastTimeMs();
    values['customer.seconds_since_last'] = last === undefined ? undefined : (t - last) / 1000;
    const month = customer?.window(t - WINDOWS[3]!.ms, t);
    if (month !== undefined && month.count > 0) {
      const mean = month.sum / month.count;
      const variance = Math.max(0, month.sumSquares / month.count - mean * mean);
      values['customer.amount_ratio_30d'] = mean === 0 ? undefined : amount / mean;
      values['customer.amount_zscore_30d'] = variance === 0 ? 0 : (amount - mean) / Math.sqrt(variance);
    }
    if (payment.entities.customer !== undefined) values['customer.known_frauds_30d'] = month?.frauds ?? 0;
    if (payment.entities.card !== undefined) {
      const card = this.histories.card.get(payment.entities.card);
      values['card.known_frauds_30d'] = card?.window(t - WINDOWS[3]!.ms, t).frauds ?? 0;
    }
  }

  /**
   * The share of a merchant's payments later reported as fraud, over windows
   * that end one label delay ago: payments more recent than that may still be
   * reported, so counting them would make every merchant look safe (the
   * handbook's terminal risk). Only labels already received count.
   */
  private merchantRisk(values: Record<string, unknown>, merchant: string | undefined, t: number): void {
    if (merchant === undefined) return;
    const history = this.histories.merchant.get(merchant);
    const end = t - this.options.labelDelayMs;
    for (const w of RISK_WINDOWS) {
      const win = history?.window(end - w.ms, end) ?? { count: 0, frauds: 0 };
      values[`merchant.labelled_count_${w.name}`] = win.count;
      values[`merchant.risk_${w.name}`] = win.count === 0 ? 0 : win.frauds / win.count;
    }
  }

  /** Adds the payment to its entities' histories (after it was scored). Observing one id twice changes nothing. */
  observe(payment: ObservedPayment): void {
    if (this.placements.has(payment.id)) return;
    const placement: Placement = [];
    for (const kind of ENTITY_KINDS) {
      const key = payment.entities[kind];
      if (key === undefined) continue;
      let history = this.histories[kind].get(key);
      if (history === undefined) {
        history = new EntityHistory();
        this.histories[kind].set(key, history);
      }
      placement.push([history, history.append(payment.atMs, payment.amountMinor)]);
    }
    this.placements.set(payment.id, placement);
    if (payment.atMs > this.latestMs) this.latestMs = payment.atMs;
    this.observedSinceCompaction += 1;
    if (this.observedSinceCompaction >= COMPACT_EVERY || this.placements.size > MAX_ADDRESSABLE_PAYMENTS) this.compact();
  }

  /** A label has arrived for payment `id`: it counts from now on. False when the payment is unknown here or too old. */
  label(id: string, fraud: boolean): boolean {
    const placement = this.placements.get(id);
    if (placement === undefined) return false;
    let placed = false;
    for (const [history, seq] of placement) placed = history.setFraud(seq, fraud) || placed;
    return placed;
  }

  /** Forgets what is older than any window can reach. */
  private compact(): void {
    this.observedSinceCompaction = 0;
    const cutoffMs = this.latestMs - this.horizonMs;
    for (const kind of ENTITY_KINDS) {
      for (const [key, history] of this.histories[kind]) {
        history.compact(cutoffMs);
        const last = history.lastTimeMs();
        if (last === undefined || last <= cutoffMs) this.histories[kind].delete(key);
      }
    }
    // Map iteration is insertion order, which is time order: the oldest payments go first.
    for (const id of this.placements.keys()) {
      if (this.placements.size <= MAX_ADDRESSABLE_PAYMENTS && !this.isExpired(id, cutoffMs)) break;
      this.placements.delete(id);
    }
  }

  private isExpired(id: string, cutoffMs: number): boolean {
    const placement = this.placements.get(id);
    if (placement === undefined || placement.length === 0) return true;
    const [history, seq] = placement[0]!;
    return !history.has(seq) || history.timeOf(seq)! <= cutoffMs;
  }
}

export type { FeatureValues };
