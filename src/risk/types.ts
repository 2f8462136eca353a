import type { EntityKind } from './features/catalogue.ts';

/** What the risk engine decides for a payment before it is authorized. */
export const RISK_DECISIONS = ['allow', 'review', 'block', 'challenge'] as const;
export type RiskDecision = (typeof RISK_DECISIONS)[number];

export interface RiskReason {
  code: string;
  message: string;
}

/** What is being paid for: the kind names the flow that asked. */
export type RiskSubjectType = 'payment_intent' | 'top_up' | 'wallet_transfer' | 'charging_hold';

/** A payment about to be authorized, as the flow that asks sees it. */
export interface RiskInput {
  subjectType: RiskSubjectType;
  subjectId: string;
  atMs: number;
  amountMinor: bigint;
  currency: string;
  paymentMethod: string;
  entities: Partial<Record<EntityKind, string>>;
  /** Whether the payer is there to answer a one-time code (a consumer in an app, not a merchant's till). */
  challengeable: boolean;
  /** Whether the payment can wait for an analyst (not a driver standing at a charger). */
  reviewable: boolean;
}

/** Why the model's score was not used. */
export type FailSafeCause = 'features_over_budget' | 'model_over_budget' | 'model_error';

/** The engine's answer, with every value it used: what the decision log stores. */
export interface RiskAssessment {
  decisionId: string;
  input: RiskInput;
  decision: RiskDecision;
  score: number;
  reasons: RiskReason[];
  rule?: { id: string; version: number; name: string };
  modelVersion?: string;
  shadow?: { modelVersion: string; score: number };
  failSafe?: FailSafeCause;
  features: Record<string, number | boolean | string | undefined>;
  latencyMicros: number;
}

export const RULE_ACTIONS = RISK_DECISIONS;
export type RuleAction = RiskDecision;

export interface RiskRule {
  id: string;
  name: string;
  expression: string;
  action: RuleAction;
  /** Lower runs first within its action's group. */
  priority: number;
  status: 'active' | 'disabled';
  version: number;
  /** The code a payment this rule stops carries; derived from the name when not set (reasonCodeOf). */
  reasonCode?: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export const LIST_KINDS = ['customer', 'card', 'device', 'ip', 'merchant'] as const satisfies readonly EntityKind[];
export type ListKind = (typeof LIST_KINDS)[number];

export interface RiskListEntry {
  id: string;
  list: 'allow' | 'block';
  kind: ListKind;
  value: string;
  note: string;
  createdAtMs: number;
}
