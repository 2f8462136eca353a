import { strict as assert } from 'node:assert';
import { completedSessionTotals, type SessionTotals } from '../charging/index.ts';
import type { Queryable } from '../db/database.ts';
import { divideRounded, findCurrency, type RoundingRule } from '../money/index.ts';
import type { PaymentFigures, PaymentIntents, TimeWindow } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import { startOfLocalDayMs } from '../platform/time.ts';
import type { Risk } from '../risk/index.ts';

/**
 * The dashboard: a platform's (or one merchant's) payments, refunds, risk
 * decisions and charging over the last seven local days. Each figure is asked of
 * the module that owns its table (payments, risk, charging); this module only
 * cuts the days and adds them up, so that it holds no SQL of its own.
 *
 * Definitions (docs/api.md, "Dashboard"), every one per local day of the market's
 * time zone, in one currency:
 * - a payment intent counts on the day it was created (Stripe's dashboard counts
 *   a payment on its creation date), whatever happened to it later: so the
 *   figures equal what GET /v1/payment_intents lists with that day's
 *   created[gte]/created[lt];
 * - gmv is what the succeeded ones received (amount_received), before refunds;
 * - success_rate is succeeded ÷ (succeeded + failed + canceled), where failed is
 *   an intent whose last attempt was declined or blocked by risk control (status
 *   requires_payment_method with a last_payment_error) and canceled is status
 *   canceled; intents still under way are left out;
 * - refunds count on the day they were created, succeeded ones only;
 *   refund_rate is refunded_amount ÷ gmv of the same days.
 * Ratios have RATE_DECIMALS places, rounded half up once; a zero denominator reads "0.0000".
 */
export const DASHBOARD_DAYS = 7;
export const RATE_DECIMALS = 4;
export const RATE_ROUNDING: RoundingRule = 'half_up';
/** Later than any local day's end from its start (23 to 25 hours with daylight saving). */
const MORE_THAN_A_DAY_MS = 26 * 3600_000;

export interface ReportsDependencies {
  /** The database the charging module's totals read. */
  db: Queryable;
  clock: Clock;
  /** The market's time zone: days begin at its midnight. */
  timeZone: string;
  paymentIntents: Pick<PaymentIntents, 'figures'>;
  risk: Pick<Risk, 'decisionCounts' | 'openReviewCount'>;
}

export interface DashboardQuery {
  /** One merchant's figures; the whole platform's when undefined. */
  merchantId?: string;
  /** ISO 4217, upper case. */
  currency: string;
}

export interface Figures extends PaymentFigures {
  /** succeeded ÷ (succeeded + failed + canceled), e.g. "0.9500". */
  successRate: string;
  /** refunded ÷ gross, e.g. "0.0125". */
  refundRate: string;
}

export interface DashboardDay extends Figures {
  /** The local day, YYYY-MM-DD. */
  date: string;
}

export interface Dashboard {
  currency: string;
  timeZone: string;
  generatedAtMs: number;
  today: Figures;
  last7Days: Figures;
  /** Oldest first, ending today. */
  daily: DashboardDay[];
  risk: { blockedToday: number; inReview: number; challengedToday: number };
  charging: { today: SessionTotals; last7Days: SessionTotals };
}

export class Reports {
  constructor(private readonly deps: ReportsDependencies) {}

  async dashboard(query: DashboardQuery): Promise<Dashboard | { failure: 'unknown_currency' }> {
    if (findCurrency(query.currency)?.code !== query.currency) return { failure: 'unknown_currency' };
    const nowMs = this.deps.clock.nowMs();
    const days = localDays(nowMs, this.deps.timeZone, DASHBOARD_DAYS);
    const today = days[days.length - 1];
    assert(today !== undefined, 'the dashboard covers at least today');
    const filter = { ...(query.merchantId === undefined ? {} : { merchantId: query.merchantId }), currency: query.currency };
    const [payments, charging, decisions, inReview] = await Promise.all([
      this.deps.paymentIntents.figures(filter, days),
      completedSessionTotals(this.deps.db, filter, days),
      this.deps.risk.decisionCounts({ ...(query.merchantId === undefined ? {} : { merchantId: query.merchantId }), fromMs: today.fromMs, beforeMs: today.beforeMs }),
      this.deps.risk.openReviewCount(query.merchantId),
    ]);
    assert(payments.length === days.length && charging.length === days.length, 'one row of figures per day');
    const daily = days.map((d, i) => ({ date: d.date, ...withRates(payments[i] ?? emptyFigures()) }));
    return {
      currency: query.currency,
      timeZone: this.deps.timeZone,
      generatedAtMs: nowMs,
      today: withRates(payments[payments.length - 1] ?? emptyFigures()),
      last7Days: withRates(payments.reduce(addFigures, emptyFigures())),
      daily,
      risk: { blockedToday: decisions.block, inReview, challengedToday: decisions.challenge },
      charging: { today: charging[charging.length - 1] ?? emptyTotals(), last7Days: charging.reduce(addTotals, emptyTotals()) },
    };
  }
}

/** The `count` local days ending with the one that contains `nowMs`, oldest first, as [start, next start). */
export function localDays(nowMs: number, timeZone: string, count: number): Array<TimeWindow & { date: string }> {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateOf = (ms: number): string => {
    const parts = format.formatToParts(ms);
    const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
  const days: Array<TimeWindow & { date: string }> = [];
  let fromMs = startOfLocalDayMs(nowMs, timeZone);
  let beforeMs = startOfLocalDayMs(fromMs + MORE_THAN_A_DAY_MS, timeZone);
  for (let i = 0; i < count; i += 1) {
    assert(beforeMs > fromMs, `the local day ${dateOf(fromMs)} in ${timeZone} has a length`);
    days.unshift({ date: dateOf(fromMs), fromMs, beforeMs });
    beforeMs = fromMs;
    fromMs = startOfLocalDayMs(fromMs - 1, timeZone);
  }
  return days;
}

function emptyFigures(): PaymentFigures {
  return { paymentCount: 0, succeededCount: 0, grossMinor: 0n, failedCount: 0, canceledCount: 0, refundCount: 0, refundedMinor: 0n };
}

function addFigures(a: PaymentFigures, b: PaymentFigures): PaymentFigures {
  return {
    paymentCount: a.paymentCount + b.paymentCount,
    succeededCount: a.succeededCount + b.succeededCount,
    grossMinor: a.grossMinor + b.grossMinor,
    failedCount: a.failedCount + b.failedCount,
    canceledCount: a.canceledCount + b.canceledCount,
    refundCount: a.refundCount + b.refundCount,
    refundedMinor: a.refundedMinor + b.refundedMinor,
  };
}

function withRates(f: PaymentFigures): Figures {
  const decided = BigInt(f.succeededCount + f.failedCount + f.canceledCount);
  return { ...f, successRate: ratio(BigInt(f.succeededCount), decided), refundRate: ratio(f.refundedMinor, f.grossMinor) };
}

function emptyTotals(): SessionTotals {
  return { sessionsCompleted: 0, energyWh: 0n, revenueMinor: 0n };
}

function addTotals(a: SessionTotals, b: SessionTotals): SessionTotals {
  return { sessionsCompleted: a.sessionsCompleted + b.sessionsCompleted, energyWh: a.energyWh + b.energyWh, revenueMinor: a.revenueMinor + b.revenueMinor };
}

/** `numerator ÷ denominator` with RATE_DECIMALS places, rounded once; "0.0000" when there is nothing to divide by. */
export function ratio(numerator: bigint, denominator: bigint): string {
  const scale = 10n ** BigInt(RATE_DECIMALS);
  const scaled = denominator === 0n ? 0n : divideRounded(numerator * scale, denominator, RATE_ROUNDING);
  return `${scaled / scale}.${(scaled % scale).toString().padStart(RATE_DECIMALS, '0')}`;
}
