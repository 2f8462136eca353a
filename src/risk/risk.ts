import type { Database, Transaction } from '../db/database.ts';
import type { PageCursor } from '../db/keyset.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { checkChallenge, issueChallenge, type ChallengeCheck } from './challenges.ts';
import { countDecisions, decisionsBetween, decisionsFor, recordDecision, type DecisionRecord } from './decision-log.ts';
import { runBacktest, type BacktestFailure, type BacktestReport } from './backtest.ts';
import { DEFAULT_ENGINE_SETTINGS, RiskEngine, type RiskEngineSettings } from './engine.ts';
import { historyHorizonMs } from './features/catalogue.ts';
import { FeatureStore } from './features/feature-store.ts';
import { labelsKnownAfter, linkedLaterSubjects, recordLabel } from './labels.ts';
import { RiskLists } from './lists.ts';
import { liveModel, ModelRegistry } from './model/models.ts';
import type { RuleSyntaxError } from './rules/expression.ts';
import { addNote, closeReview, countOpenReviews, findReview, listReviews, openReview, type Review, type ReviewStatus } from './reviews.ts';
import { RiskRules, type ActiveRule, type RuleFailure, type RuleInput } from './rules/rules.ts';
import type { FailSafeCause, ListKind, RiskAssessment, RiskDecision, RiskInput, RiskListEntry, RiskRule, RiskSubjectType } from './types.ts';

export interface RiskSettings extends RiskEngineSettings {
  /** How long after a payment a chargeback is assumed to have arrived: merchant risk ignores newer payments. */
  labelDelayMs: number;
  /** The market's time zone, for the night and weekend features. */
  timeZone: string;
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = { ...DEFAULT_ENGINE_SETTINGS, labelDelayMs: 7 * 24 * 3600_000, timeZone: 'Asia/Shanghai' };

export interface RiskLog {
  warn(details: object, message: string): void;
}

export interface RiskDependencies {
  db: Database;
  clock: Clock;
  settings: RiskSettings;
  /** Tells a consumer something (by SMS): challenge codes, a declined review. */
  notify: (customerId: string, text: string) => Promise<void>;
  log?: RiskLog;
}

/** What the flow that owns a held payment does when the analyst acts: continue it, or cancel it. */
export type ReviewOutcomeHandler = (review: Review, action: 'approve' | 'decline') => Promise<{ ok: true } | { failure: string; message: string }>;

export type ReviewFailure = { failure: 'review_not_found' } | { failure: 'review_closed'; status: ReviewStatus } | { failure: 'review_action_failed'; message: string };

/** Chargeback reasons (Stripe's); the ones that say "I did not make this payment" label it fraud. */
export const DISPUTE_REASONS = ['fraudulent', 'unrecognized', 'duplicate', 'product_not_received', 'product_unacceptable', 'credit_not_processed', 'subscription_canceled', 'general'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
const FRAUD_REASONS: ReadonlySet<DisputeReason> = new Set(['fraudulent', 'unrecognized']);

export interface Dispute {
  id: string;
  paymentIntentId: string;
  merchantId: string;
  amountMinor: bigint;
  currency: string;
  reason: DisputeReason;
  createdAtMs: number;
  /** Payments labelled fraud because of it: the disputed one and those linked to it. */
  labelled: number;
}

/** Linked later payments labelled by one chargeback, at most. */
const MAX_PROPAGATED_LABELS = 1000;
const WARM_UP_PAGE = 5000;
const LABEL_PAGE = 5000;

/**
 * The risk module's one entry point: every payment flow asks it before it
 * authorizes; operators manage rules, lists, models and reviews through it.
 */
export class Risk {
  readonly rules: RiskRules;
  readonly lists: RiskLists;
  readonly models: ModelRegistry;
  readonly features: FeatureStore;
  readonly engine: RiskEngine;
  private readonly reviewHandlers = new Map<RiskSubjectType, ReviewOutcomeHandler>();
  private modelStamp: string | undefined;
  private rulesAndListsStamp: string | undefined;
  private labelsAppliedUntilMs = 0;

  constructor(private readonly deps: RiskDependencies) {
    this.rules = new RiskRules(deps.db, deps.clock);
    this.lists = new RiskLists(deps.db, deps.clock);
    this.models = new ModelRegistry(deps.db, deps.clock);
    this.features = new FeatureStore({ labelDelayMs: deps.settings.labelDelayMs, timeZone: deps.settings.timeZone });
    this.engine = new RiskEngine(this.features, deps.settings, (cause, input, elapsedMs) => this.failSafeLogged(cause, input, elapsedMs));
  }

  private failSafeLogged(cause: FailSafeCause, input: RiskInput, elapsedMs: number): void {
    this.deps.log?.warn({ cause, subject: input.subjectId, elapsedMs: Math.round(elapsedMs * 1000) / 1000, budgetMs: this.deps.settings.budgetMs }, 'risk model missed its time budget; rules decided alone');
  }

  /** Rebuilds the feature windows from the decision log and loads rules, lists and models: before the first payment. */
  async start(): Promise<void> {
    const now = this.deps.clock.nowMs();
    const from = now - historyHorizonMs(this.deps.settings.labelDelayMs);
    let after: { createdAtMs: number; id: string } | undefined;
    for (;;) {
      const page = await decisionsBetween(this.deps.db, from, now + 1, WARM_UP_PAGE, after);
      for (const d of page) this.features.observe({ id: d.subjectId, atMs: d.createdAtMs, amountMinor: Number(d.amountMinor), entities: d.entities });
      if (page.length < WARM_UP_PAGE) break;
      const last = page[page.length - 1]!;
      after = { createdAtMs: last.createdAtMs, id: last.id };
    }
    await this.reload();
  }

  /** Picks up rules, lists, models and labels changed by this or another process. */
  async reload(options: { force?: boolean } = {}): Promise<void> {
    // A cheap look first: lists can hold 100,000 entries, and every process reloads every few seconds.
    const { rows } = await this.deps.db.query<{ stamp: string }>(
      `SELECT (SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') FROM risk_rules) || '/' || (SELECT count(*) || ':' || coalesce(max(id), '') FROM risk_list_entries) AS stamp`,
    );
    const stamp = rows[0]?.stamp;
    if (options.force === true || stamp !== this.rulesAndListsStamp) {
      const { rules, skipped } = await this.rules.loadActive();
      for (const s of skipped) this.deps.log?.warn({ rule: s.rule.id, error: s.error }, 'risk rule no longer compiles; skipped');
      this.engine.setRules(rules);
      this.engine.setLists(await this.lists.all());
      this.rulesAndListsStamp = stamp;
    }
    const modelStamp = await this.models.liveStamp();
    if (modelStamp !== this.modelStamp) {
      const live = await this.models.live();
      this.engine.setModels(live);
      this.modelStamp = live.stamp;
    }
    await this.applyNewLabels();
  }

  private async applyNewLabels(): Promise<void> {
    for (;;) {
      const labels = await labelsKnownAfter(this.deps.db, this.labelsAppliedUntilMs, LABEL_PAGE);
      for (const l of labels) this.features.label(l.subjectId, l.fraud);
      if (labels.length > 0) this.labelsAppliedUntilMs = labels[labels.length - 1]!.knownAtMs;
      if (labels.length < LABEL_PAGE) return;
    }
  }

  /** Scores and decides, in memory (no I/O): call it where the payment is about to be authorized. */
  screen(input: RiskInput): RiskAssessment {
    return this.engine.assess(input);
  }

  /** Stores the decision, and opens a review when it is one, in the caller's transaction. */
  async recordIn(tx: Transaction, assessment: RiskAssessment): Promise<{ reviewId?: string }> {
    await recordDecision(tx, assessment);
    if (assessment.decision !== 'review') return {};
    return { reviewId: await openReview(tx, assessment) };
  }

  /** Sends the consumer a one-time code for a challenged payment. */
  async challenge(subjectId: string, customerId: string): Promise<void> {
    const code = await issueChallenge(this.deps.db, subjectId, customerId, this.deps.clock.nowMs());
    await this.deps.notify(customerId, `【Paygrid】支付验证码 ${code}，5 分钟内有效。如非本人操作，请勿提供。 Your Paygrid payment code is ${code}.`);
  }

  verifyChallenge(subjectId: string, customerId: string, code: string): Promise<ChallengeCheck> {
    return checkChallenge(this.deps.db, subjectId, customerId, code, this.deps.clock.nowMs());
  }

  // Rules, lists and models: every change takes effect in this process at once, in others at their next reload.

  async createRule(input: RuleInput): Promise<{ rule: RiskRule } | RuleFailure> {
    return this.reloadAfter(await this.rules.create(input));
  }

  async updateRule(id: string, patch: Partial<RuleInput>): Promise<{ rule: RiskRule } | RuleFailure> {
    return this.reloadAfter(await this.rules.update(id, patch));
  }

  async addListEntry(list: 'allow' | 'block', kind: ListKind, value: string, note: string): Promise<{ entry: RiskListEntry } | { failure: 'too_many_list_entries'; max: number }> {
    return this.reloadAfter(await this.lists.add(list, kind, value, note));
  }

  async removeListEntry(id: string): Promise<boolean> {
    return this.reloadAfter(await this.lists.remove(id));
  }

  async setModelStatus(version: string, status: 'active' | 'shadow' | 'retired'): ReturnType<ModelRegistry['setStatus']> {
    return this.reloadAfter(await this.models.setStatus(version, status));
  }

  private async reloadAfter<T>(result: T): Promise<T> {
    await this.reload({ force: true });
    return result;
  }

  // Reviews.

  onReviewOutcome(subjectType: RiskSubjectType, handler: ReviewOutcomeHandler): void {
    this.reviewHandlers.set(subjectType, handler);
  }

  getReview(id: string): Promise<Review | undefined> {
    return findReview(this.deps.db, id);
  }

  listReviews(status: ReviewStatus, limit: number, cursor: PageCursor): Promise<{ reviews: Review[]; hasMore: boolean }> {
    return listReviews(this.deps.db, status, limit, cursor);
  }

  async addReviewNote(id: string, note: string): Promise<{ review: Review } | ReviewFailure> {
    const review = await findReview(this.deps.db, id);
    if (review === undefined) return { failure: 'review_not_found' };
    await addNote(this.deps.db, id, note, this.deps.clock.nowMs());
    return { review: (await findReview(this.deps.db, id))! };
  }

  /**
   * The analyst's verdict. The payment's own flow acts first (it continues or
   * cancels the payment, idempotently, under the payment's lock); the review
   * is closed and labelled only when that worked, so a failure leaves it open
   * for another try.
   */
  async closeReview(id: string, action: 'approve' | 'decline', note: string | undefined): Promise<{ review: Review } | ReviewFailure> {
    const review = await findReview(this.deps.db, id);
    if (review === undefined) return { failure: 'review_not_found' };
    if (review.status !== 'open') return { failure: 'review_closed', status: review.status };
    const handler = this.reviewHandlers.get(review.subjectType);
    if (handler !== undefined) {
      const outcome = await handler(review, action);
      if ('failure' in outcome) return { failure: 'review_action_failed', message: outcome.message };
    }
    const now = this.deps.clock.nowMs();
    const closed = await this.deps.db.transaction(async (tx) => {
      const locked = await findReview(tx, id, { lock: true });
      if (locked === undefined || locked.status !== 'open') return locked;
      await closeReview(tx, id, action === 'approve' ? 'approved' : 'declined', action === 'approve' ? 'approved_by_analyst' : 'declined_by_analyst', now);
      if (note !== undefined && note !== '') await addNote(tx, id, note, now);
      await recordLabel(tx, { subjectId: review.subjectId, fraud: action === 'decline', source: 'review', originId: id, knownAtMs: now });
      return undefined;
    });
    if (closed !== undefined) return { failure: 'review_closed', status: closed.status };
    this.features.label(review.subjectId, action === 'decline');
    if (action === 'decline' && review.customerId !== null) {
      await this.deps.notify(review.customerId, '【Paygrid】您的一笔支付未通过风险审核，已取消，款项未扣除。 A payment of yours did not pass our risk review and was canceled; you were not charged.');
    }
    return { review: (await findReview(this.deps.db, id))! };
  }

  // Disputes and labels.

  /**
   * A chargeback reported for a payment. A fraud chargeback labels the payment
   * fraud, and the same consumer's or card's later payments up to now too
   * (Vesta's rule for the IEEE-CIS data); the labels count in features from
   * now on, and in merchant risk only once the payment is a label delay old.
   */
  async reportDispute(input: { paymentIntentId: string; merchantId: string; amountMinor: bigint; currency: string; reason: DisputeReason }): Promise<Dispute> {
    const now = this.deps.clock.nowMs();
    const id = newId('du', now);
    const fraud = FRAUD_REASONS.has(input.reason);
    const labelled = await this.deps.db.transaction(async (tx) => {
      await tx.query('INSERT INTO risk_disputes (id, payment_intent_id, merchant_id, amount, currency, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        input.paymentIntentId,
        input.merchantId,
        input.amountMinor,
        input.currency,
        input.reason,
        new Date(now),
      ]);
      if (!fraud) return [];
      await recordLabel(tx, { subjectId: input.paymentIntentId, fraud: true, source: 'dispute', originId: id, knownAtMs: now });
      const linked = await linkedLaterSubjects(tx, input.paymentIntentId, now, MAX_PROPAGATED_LABELS);
      for (const subjectId of linked) await recordLabel(tx, { subjectId, fraud: true, source: 'propagated', originId: id, knownAtMs: now });
      return [input.paymentIntentId, ...linked];
    });
    for (const subjectId of labelled) this.features.label(subjectId, true);
    return { id, paymentIntentId: input.paymentIntentId, merchantId: input.merchantId, amountMinor: input.amountMinor, currency: input.currency, reason: input.reason, createdAtMs: now, labelled: labelled.length };
  }

  /**
   * What a candidate rule set (the active rules when none is given) and model
   * (the recorded scores when none is given) would have decided over a past
   * window, against what was decided and the labels known now.
   */
  async backtest(request: { fromMs: number; toMs: number; rules?: readonly RuleInput[]; modelVersion?: string }): Promise<BacktestReport | BacktestFailure | { failure: 'rule_invalid'; index: number; error: RuleSyntaxError } | { failure: 'model_not_found' }> {
    let rules: ActiveRule[];
    if (request.rules === undefined) rules = (await this.rules.loadActive()).rules;
    else {
      rules = [];
      for (const [index, input] of request.rules.entries()) {
        const checked = this.rules.validate(input.expression);
        if (!checked.ok) return { failure: 'rule_invalid', index, error: checked.error };
        const now = this.deps.clock.nowMs();
        rules.push({ rule: { id: `candidate_${index}`, name: input.name, expression: input.expression, action: input.action, priority: input.priority ?? index, status: 'active', version: 1, createdAtMs: now, updatedAtMs: now }, compiled: checked.compiled });
      }
    }
    let model;
    if (request.modelVersion !== undefined) {
      const artifact = await this.models.artifact(request.modelVersion);
      if (artifact === undefined) return { failure: 'model_not_found' };
      model = liveModel(request.modelVersion, artifact);
    }
    return runBacktest(this.deps.db, request.fromMs, request.toMs, { rules, lists: await this.lists.all(), model, settings: this.deps.settings });
  }

  /** Decisions taken in [fromMs, beforeMs) by kind (allow, review, block, challenge), of one merchant or all: the dashboard's risk figures. */
  decisionCounts(filter: { merchantId?: string; fromMs: number; beforeMs: number }): Promise<Record<RiskDecision, number>> {
    return countDecisions(this.deps.db, filter);
  }

  /** Reviews waiting for an analyst now, of one merchant's payments or all. */
  openReviewCount(merchantId?: string): Promise<number> {
    return countOpenReviews(this.deps.db, merchantId);
  }

  /** Every decision taken about a payment, newest first. */
  decisionsFor(subjectId: string): Promise<DecisionRecord[]> {
    return decisionsFor(this.deps.db, subjectId);
  }
}
