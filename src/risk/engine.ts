import { performance } from 'node:perf_hooks';
import { newId } from '../platform/ids.ts';
import type { EntityKind } from './features/catalogue.ts';
import type { FeatureStore, ObservedPayment } from './features/feature-store.ts';
import type { LiveModel } from './model/models.ts';
import type { ActiveRule } from './rules/rules.ts';
import type { FailSafeCause, RiskAssessment, RiskDecision, RiskInput, RiskListEntry, RiskReason } from './types.ts';

export interface RiskEngineSettings {
  /** Score at or above which a payment goes to review (Stripe Radar's default: 65). */
  reviewThreshold: number;
  /** Score at or above which a payment is blocked (Radar: 75). */
  blockThreshold: number;
  /** Time the feature store and the model may take together before the rules decide alone. */
  budgetMs: number;
  /** When the model's score is missing: `open` lets what no rule stops through; `closed` sends it to review. */
  failMode: 'open' | 'closed';
}

export const DEFAULT_ENGINE_SETTINGS: RiskEngineSettings = { reviewThreshold: 65, blockThreshold: 75, budgetMs: 5, failMode: 'open' };

const ENTITY_LABELS: Readonly<Record<EntityKind, string>> = { customer: 'consumer', card: 'card', device: 'device', ip: 'IP address', merchant: 'merchant' };

/** A model probability as Radar-style score, 0–99. */
export function scoreOf(probability: number): number {
  if (!Number.isFinite(probability) || probability <= 0) return 0;
  return Math.min(99, Math.floor(probability * 100));
}

export interface EngineCounters {
  decisions: Record<RiskDecision, number>;
  failSafe: Record<FailSafeCause, number>;
}

/**
 * The decision for one payment, in this order (first match wins):
 *   1. allow lists, then allow rules — an allowed entity is never blocked;
 *   2. block lists, block rules, then a score at or above the block threshold;
 *   3. challenge rules (a one-time code; where nobody can answer one, review instead);
 *   4. review rules, then a score at or above the review threshold;
 *   5. otherwise allow (or, when the model's score is missing and the fail mode is closed, review).
 * Within a group, rules run by priority (lower first), then by age. Stripe
 * Radar runs its request-3DS rules first, but they do not end its evaluation;
 * ours do, so challenges come after blocks: a blocked card is never offered a code.
 *
 * Everything here is in memory and synchronous: features, model and rules
 * take microseconds. The model is not interrupted (JavaScript cannot preempt
 * it) but when features and model together took longer than the budget, its
 * score is discarded and the rules decide alone; that is counted.
 */
export class RiskEngine {
  private rulesByAction: Record<RiskDecision, ActiveRule[]> = { allow: [], block: [], challenge: [], review: [] };
  private lists: Record<'allow' | 'block', Map<EntityKind, Set<string>>> = { allow: new Map(), block: new Map() };
  private active: LiveModel | undefined;
  private shadow: LiveModel | undefined;
  readonly counters: EngineCounters = { decisions: { allow: 0, review: 0, block: 0, challenge: 0 }, failSafe: { features_over_budget: 0, model_over_budget: 0, model_error: 0 } };

  constructor(
    private readonly features: FeatureStore,
    private settings: RiskEngineSettings,
    private readonly onFailSafe: (cause: FailSafeCause, input: RiskInput, elapsedMs: number) => void = () => {},
  ) {}

  configure(settings: Partial<RiskEngineSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  setRules(rules: readonly ActiveRule[]): void {
    const grouped: Record<RiskDecision, ActiveRule[]> = { allow: [], block: [], challenge: [], review: [] };
    for (const r of rules) grouped[r.rule.action].push(r);
    for (const group of Object.values(grouped)) group.sort((a, b) => a.rule.priority - b.rule.priority || a.rule.createdAtMs - b.rule.createdAtMs || a.rule.id.localeCompare(b.rule.id));
    this.rulesByAction = grouped;
  }

  setLists(entries: readonly RiskListEntry[]): void {
    const lists: Record<'allow' | 'block', Map<EntityKind, Set<string>>> = { allow: new Map(), block: new Map() };
    for (const e of entries) {
      const byKind = lists[e.list];
      let values = byKind.get(e.kind);
      if (values === undefined) byKind.set(e.kind, (values = new Set()));
      values.add(e.value);
    }
    this.lists = lists;
  }

  setModels(models: { active?: LiveModel | undefined; shadow?: LiveModel | undefined }): void {
    this.active = models.active;
    this.shadow = models.shadow;
  }

  get activeModelVersion(): string | undefined {
    return this.active?.version;
  }

  /** Scores and decides; the payment is then counted in its entities' windows. */
  assess(input: RiskInput, decisionId: string = newId('rd', input.atMs)): RiskAssessment {
    const started = performance.now();
    const payment: ObservedPayment = { id: input.subjectId, atMs: input.atMs, amountMinor: Number(input.amountMinor), entities: input.entities };
    const features = this.features.features(payment);
    features.currency = input.currency;
    features.payment_method = input.paymentMethod;
    features.subject = input.subjectType;
    const featuresMs = performance.now() - started;
    const scored = this.scoreWithModel(input, features, started, featuresMs);
    if (scored.score !== undefined) features.score = scored.score;
    const shadow = this.scoreShadow(features);
    const verdict = unattended(input, this.decide(input, features, scored.score, scored.failSafe !== undefined));
    this.features.observe(payment);
    this.counters.decisions[verdict.decision] += 1;
    return {
      decisionId,
      input,
      decision: verdict.decision,
      score: scored.score ?? 0,
      reasons: verdict.reasons,
      ...(verdict.rule === undefined ? {} : { rule: { id: verdict.rule.rule.id, version: verdict.rule.rule.version, name: verdict.rule.rule.name } }),
      ...(scored.score === undefined || this.active === undefined ? {} : { modelVersion: this.active.version }),
      ...(shadow === undefined ? {} : { shadow }),
      ...(scored.failSafe === undefined ? {} : { failSafe: scored.failSafe }),
      features,
      latencyMicros: Math.round((performance.now() - started) * 1000),
    };
  }

  /**
   * The decision these rules, lists and thresholds would take for a payment
   * whose features and score are already known: what a backtest replays over
   * the decision log. Nothing is observed.
   */
  decideOn(input: RiskInput, features: Readonly<Record<string, unknown>>, score: number | undefined): { decision: RiskDecision; reasons: RiskReason[]; ruleId?: string } {
    const verdict = unattended(input, this.decide(input, { ...features, ...(score === undefined ? {} : { score }) }, score, false));
    return { decision: verdict.decision, reasons: verdict.reasons, ...(verdict.rule === undefined ? {} : { ruleId: verdict.rule.rule.id }) };
  }

  private scoreWithModel(input: RiskInput, features: Record<string, unknown>, started: number, featuresMs: number): { score?: number; failSafe?: FailSafeCause } {
    const model = this.active;
    if (model === undefined) return {};
    if (featuresMs > this.settings.budgetMs) return this.failSafe('features_over_budget', input, featuresMs);
    let probability: number;
    try {
      probability = model.predict(features);
    } catch {
      return this.failSafe('model_error', input, performance.now() - started);
    }
    const elapsedMs = performance.now() - started;
    if (elapsedMs > this.settings.budgetMs) return this.failSafe('model_over_budget', input, elapsedMs);
    return { score: scoreOf(probability) };
  }

  private failSafe(cause: FailSafeCause, input: RiskInput, elapsedMs: number): { failSafe: FailSafeCause } {
    this.counters.failSafe[cause] += 1;
    this.onFailSafe(cause, input, elapsedMs);
    return { failSafe: cause };
  }

  /** The candidate model's score, recorded beside the live one; it never changes the decision, and its failure is ignored. */
  private scoreShadow(features: Record<string, unknown>): { modelVersion: string; score: number } | undefined {
    if (this.shadow === undefined) return undefined;
    try {
      return { modelVersion: this.shadow.version, score: scoreOf(this.shadow.predict(features)) };
    } catch {
      return undefined;
    }
  }

  private decide(input: RiskInput, features: Record<string, unknown>, score: number | undefined, modelMissed: boolean): { decision: RiskDecision; reasons: RiskReason[]; rule?: ActiveRule } {
    const allowed = this.listed('allow', input);
    if (allowed !== undefined) return { decision: 'allow', reasons: [{ code: 'allow_listed', message: `The ${ENTITY_LABELS[allowed]} is on the allow list.` }] };
    const allowRule = this.firstMatch('allow', features);
    if (allowRule !== undefined) return this.byRule('allow', allowRule);
    const blocked = this.listed('block', input);
    if (blocked !== undefined) return { decision: 'block', reasons: [{ code: 'block_listed', message: `The ${ENTITY_LABELS[blocked]} is on the block list.` }] };
    const blockRule = this.firstMatch('block', features);
    if (blockRule !== undefined) return this.byRule('block', blockRule);
    if (score !== undefined && score >= this.settings.blockThreshold) return { decision: 'block', reasons: [highScore(score, this.active?.version)] };
    const challengeRule = this.firstMatch('challenge', features);
    if (challengeRule !== undefined) return this.byRule(input.challengeable ? 'challenge' : 'review', challengeRule);
    const reviewRule = this.firstMatch('review', features);
    if (reviewRule !== undefined) return this.byRule('review', reviewRule);
    if (score !== undefined && score >= this.settings.reviewThreshold) return { decision: 'review', reasons: [highScore(score, this.active?.version)] };
    if (modelMissed && this.settings.failMode === 'closed') return { decision: 'review', reasons: [{ code: 'model_unavailable', message: 'The model did not answer in time and the engine fails closed.' }] };
    return { decision: 'allow', reasons: [] };
  }

  private listed(list: 'allow' | 'block', input: RiskInput): EntityKind | undefined {
    for (const [kind, values] of this.lists[list]) {
      const key = input.entities[kind];
      if (key !== undefined && values.has(key)) return kind;
    }
    return undefined;
  }

  private firstMatch(action: RiskDecision, features: Record<string, unknown>): ActiveRule | undefined {
    for (const r of this.rulesByAction[action]) {
      // evaluate never throws by contract; a bug that makes it throw must still not stop a payment.
      try {
        if (r.compiled.evaluate(features as never)) return r;
      } catch {
        continue;
      }
    }
    return undefined;
  }

  private byRule(decision: RiskDecision, rule: ActiveRule): { decision: RiskDecision; reasons: RiskReason[]; rule: ActiveRule } {
    return { decision, reasons: [{ code: ruleReasonCode(rule.rule), message: `Rule “${rule.rule.name}” (${rule.rule.action}) matched: ${rule.rule.expression}` }], rule };
  }
}

/** A review nobody can wait for (a till, a charger) is a block: the payment cannot be held for an analyst. */
function unattended(input: RiskInput, verdict: { decision: RiskDecision; reasons: RiskReason[]; rule?: ActiveRule }): { decision: RiskDecision; reasons: RiskReason[]; rule?: ActiveRule } {
  if (verdict.decision !== 'review' || input.reviewable) return verdict;
  return { ...verdict, decision: 'block', reasons: [...verdict.reasons, { code: 'review_unavailable', message: 'The payment would be reviewed, but it cannot wait for an analyst here.' }] };
}

function highScore(score: number, version: string | undefined): RiskReason {
  return { code: 'high_risk_score', message: `The model${version === undefined ? '' : ` ${version}`} scored this payment ${score} of 99.` };
}

/** The code a payment a rule stops carries: its own, or one derived from its name. */
export function ruleReasonCode(rule: { name: string; reasonCode?: string }): string {
  return rule.reasonCode ?? reasonCodeOf(rule.name);
}

/** A rule's reason code from its name: snake case ("Large burst" → `large_burst`), or `rule_matched` (a name in Chinese, say). */
export function reasonCodeOf(name: string): string {
  const code = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return code === '' ? 'rule_matched' : code;
}
