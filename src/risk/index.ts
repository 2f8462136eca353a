/** The risk module's public surface: scoring before authorization, rules, lists, models, reviews and labels. */
export { Risk, DEFAULT_RISK_SETTINGS, DISPUTE_REASONS, type Dispute, type DisputeReason, type ReviewFailure, type ReviewOutcomeHandler, type RiskSettings } from './risk.ts';
export type { BacktestReport, BacktestFailure } from './backtest.ts';
export { scoreOf, reasonCodeOf, ruleReasonCode, type RiskEngineSettings } from './engine.ts';
export { FEATURE_CATALOGUE, MODEL_FEATURES, ENTITY_KINDS, type EntityKind } from './features/catalogue.ts';
export { FeatureStore, type ObservedPayment } from './features/feature-store.ts';
export type { DecisionRecord } from './decision-log.ts';
export type { Review, ReviewNote, ReviewStatus } from './reviews.ts';
export type { ChallengeCheck } from './challenges.ts';
export type { RuleFailure, RuleInput } from './rules/rules.ts';
export type { RuleSyntaxError } from './rules/expression.ts';
export type { StoredModel, LiveModel } from './model/models.ts';
export { RISK_DECISIONS, LIST_KINDS, RULE_ACTIONS, type ListKind, type RiskAssessment, type RiskDecision, type RiskInput, type RiskListEntry, type RiskReason, type RiskRule, type RiskSubjectType } from './types.ts';
export { ModelRegistry } from './model/models.ts';
export { DEFAULT_TRAINING_PARAMS } from './model/params.ts';
export {
  trainingSetFromDatabase,
  trainingSetFromCsv,
  trainAndEvaluate,
  isTrainingFailure,
  outcomeOf,
  DEFAULT_MATURITY_DAYS,
  MIN_TRAINING_ROWS,
  MIN_TRAINING_FRAUDS,
  type TrainingSet,
  type TrainingFailure,
  type TrainingFailureCode,
  type TrainingMetrics,
} from './training.ts';
