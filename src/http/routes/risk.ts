import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PaymentIntents } from '../../payments/index.ts';
import { DISPUTE_REASONS, type BacktestReport, LIST_KINDS, RULE_ACTIONS, type DecisionRecord, type Dispute, type Risk, type Review, type RiskListEntry, type RiskRule, type RuleFailure, type RuleInput, ruleReasonCode } from '../../risk/index.ts';
import { requireOperator } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { Literals, Nullable, listOf, responses } from './responses.ts';
import { unixSeconds, unixSecondsOrNull } from './wire.ts';

export interface RiskRouteDependencies {
  risk: Risk;
  paymentIntents: PaymentIntents;
}

const RiskIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z]+_[0-9a-z]+$' }) });
const VersionParams = Type.Object({ version: Type.String({ pattern: '^rm_[0-9a-z]{26}$' }) });

const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expression: Type.String({ minLength: 1, maxLength: 2000, description: 'An expression over features (docs/risk.md), e.g. `amount > 500000 and customer.count_1h > 5`.' }),
    action: Literals(RULE_ACTIONS),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Lower runs first within its action’s group; default 100.' })),
    status: Type.Optional(Literals(['active', 'disabled'])),
    reason_code: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'The code a payment this rule stops carries in `risk.reasons`; by default the name in snake case (a name in Chinese gives `rule_matched`).' }),
    ),
  },
  { additionalProperties: false },
);
const RulePatch = Type.Partial(RuleBody, { additionalProperties: false });
const RuleWire = Type.Object({
  object: Type.Literal('risk_rule'),
  id: Type.String(),
  name: Type.String(),
  expression: Type.String(),
  action: Literals(RULE_ACTIONS),
  priority: Type.Integer(),
  status: Literals(['active', 'disabled']),
  version: Type.Integer(),
  reason_code: Type.String({ description: 'The code in force: the rule’s own, or the one derived from its name.' }),
  created: Type.Integer(),
  updated: Type.Integer(),
});

const ListEntryBody = Type.Object(
  { list: Literals(['allow', 'block']), kind: Literals(LIST_KINDS), value: Type.String({ minLength: 1, maxLength: 200 }), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
const ListEntryWire = Type.Object({ object: Type.Literal('risk_list_entry'), id: Type.String(), list: Literals(['allow', 'block']), kind: Literals(LIST_KINDS), value: Type.String(), note: Type.String(), created: Type.Integer() });
const DeletedWire = Type.Object({ object: Type.Literal('risk_list_entry'), id: Type.String(), deleted: Type.Boolean() });

const ReviewQuery = Type.Object(
  { status: Type.Optional(Literals(['open', 'approved', 'declined'])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), starting_after: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
const ReviewActionBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const NoteBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const ReviewWire = Type.Object({
  object: Type.Literal('risk_review'),
  id: Type.String(),
  decision: Type.String({ description: 'The decision that opened it (rd_…).' }),
  subject_type: Type.String(),
  payment_intent: Nullable(Type.String()),
  merchant: Nullable(Type.String()),
  customer: Nullable(Type.String()),
  status: Literals(['open', 'approved', 'declined']),
  opened: Type.Integer(),
  closed: Nullable(Type.Integer()),
  closed_reason: Nullable(Type.String()),
  notes: Type.Array(Type.Object({ id: Type.String(), note: Type.String(), created: Type.Integer() })),
});

const Reason = Type.Object({ code: Type.String(), message: Type.String() });
const DecisionWire = Type.Object({
  object: Type.Literal('risk_decision'),
  id: Type.String(),
  created: Type.Integer(),
  subject_type: Type.String(),
  subject: Type.String(),
  merchant: Nullable(Type.String()),
  customer: Nullable(Type.String()),
  amount: Type.Integer(),
  currency: Type.String(),
  decision: Literals(RULE_ACTIONS),
  score: Type.Integer(),
  reasons: Type.Array(Reason),
  rule: Nullable(Type.Object({ id: Type.String(), version: Type.Integer() })),
  model_version: Nullable(Type.String()),
  shadow: Nullable(Type.Object({ model_version: Type.String(), score: Type.Integer() })),
  fail_safe: Nullable(Type.String()),
  features: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()])),
  latency_us: Type.Integer(),
});
const DecisionQuery = Type.Object({ subject: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

const DisputeBody = Type.Object(
  { payment_intent: Type.String({ pattern: '^pi_[0-9a-z]{26}$' }), reason: Literals(DISPUTE_REASONS), amount: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
const DisputeWire = Type.Object({
  object: Type.Literal('dispute'),
  id: Type.String(),
  payment_intent: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  reason: Literals(DISPUTE_REASONS),
  labelled_payments: Type.Integer({ description: 'Payments labelled fraud by it: the disputed one and later ones by the same consumer or card.' }),
  created: Type.Integer(),
});

const BacktestBody = Type.Object(
  {
    from: Type.Integer({ minimum: 0, description: 'Unix seconds: the window’s start (inclusive).' }),
    to: Type.Integer({ minimum: 0, description: 'Unix seconds: the window’s end (exclusive).' }),
    rules: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), expression: Type.String({ minLength: 1, maxLength: 2000 }), action: Literals(RULE_ACTIONS), priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) }, { additionalProperties: false }), { maxItems: 500, description: 'The candidate rule set; the active rules when left out.' })),
    model_version: Type.Optional(Type.String({ pattern: '^rm_[0-9a-z]{26}$', description: 'Rescore with this model; the recorded scores when left out.' })),
  },
  { additionalProperties: false },
);
const Quality = Type.Object({
  flagged: Type.Integer(),
  blocked: Type.Integer(),
  reviewed: Type.Integer(),
  challenged: Type.Integer(),
  true_positives: Type.Integer(),
  precision: Type.Number(),
  recall: Type.Number(),
  average_precision: Type.Number(),
});
const BacktestWire = Type.Object({
  object: Type.Literal('risk_backtest'),
  from: Type.Integer(),
  to: Type.Integer(),
  decisions: Type.Integer(),
  frauds: Type.Integer({ description: 'Payments whose latest label is fraud; unlabelled ones count as legitimate.' }),
  current: Quality,
  candidate: Quality,
  changed: Type.Object({
    count: Type.Integer(),
    by_transition: Type.Record(Type.String(), Type.Integer()),
    sample: Type.Array(Type.Object({ subject: Type.String(), from: Literals(RULE_ACTIONS), to: Literals(RULE_ACTIONS), fraud: Type.Boolean() })),
  }),
});

const ModelWire = Type.Object({
  object: Type.Literal('risk_model'),
  version: Type.String(),
  status: Literals(['candidate', 'active', 'shadow', 'retired']),
  source: Type.String(),
  metrics: Type.Record(Type.String(), Type.Number()),
  features: Type.Array(Type.String()),
  trees: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
});
const ModelUploadBody = Type.Object({ artifact: Type.Unknown({ description: 'A model artifact as `paygrid risk train` writes it (format paygrid-gbdt/1).' }), source: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const ModelStatusBody = Type.Object({ status: Literals(['active', 'shadow', 'retired']) }, { additionalProperties: false });

function ruleToWire(r: RiskRule): Record<string, unknown> {
  return { object: 'risk_rule', id: r.id, name: r.name, expression: r.expression, action: r.action, priority: r.priority, status: r.status, version: r.version, reason_code: ruleReasonCode(r), created: unixSeconds(r.createdAtMs), updated: unixSeconds(r.updatedAtMs) };
}

/** A rule as sent (create, patch, backtest candidate) in the risk module's terms; a field not sent stays undefined (unchanged by a patch). */
function ruleInputOf(body: Partial<Static<typeof RuleBody>>): Partial<RuleInput> {
  const { reason_code: reasonCode, ...rest } = body;
  return { ...rest, reasonCode };
}

function entryToWire(e: RiskListEntry): Record<string, unknown> {
  return { object: 'risk_list_entry', id: e.id, list: e.list, kind: e.kind, value: e.value, note: e.note, created: unixSeconds(e.createdAtMs) };
}

function reviewToWire(r: Review): Record<string, unknown> {
  return {
    object: 'risk_review',
    id: r.id,
    decision: r.decisionId,
    subject_type: r.subjectType,
    payment_intent: r.subjectType === 'payment_intent' || r.subjectType === 'charging_hold' ? r.subjectId : null,
    merchant: r.merchantId,
    customer: r.customerId,
    status: r.status,
    opened: unixSeconds(r.openedAtMs),
    closed: unixSecondsOrNull(r.closedAtMs),
    closed_reason: r.closedReason,
    notes: r.notes.map((n) => ({ id: n.id, note: n.note, created: unixSeconds(n.createdAtMs) })),
  };
}

function decisionToWire(d: DecisionRecord): Record<string, unknown> {
  return {
    object: 'risk_decision',
    id: d.id,
    created: unixSeconds(d.createdAtMs),
    subject_type: d.subjectType,
    subject: d.subjectId,
    merchant: d.merchantId,
    customer: d.customerId,
    amount: d.amountMinor,
    currency: d.currency.toLowerCase(),
    decision: d.decision,
    score: d.score,
    reasons: d.reasons,
    rule: d.ruleId === null ? null : { id: d.ruleId, version: d.ruleVersion ?? 1 },
    model_version: d.modelVersion,
    shadow: d.shadowModelVersion === null ? null : { model_version: d.shadowModelVersion, score: d.shadowScore ?? 0 },
    fail_safe: d.failSafe,
    features: d.features,
    latency_us: d.latencyMicros,
  };
}

function disputeToWire(d: Dispute): Record<string, unknown> {
  return { object: 'dispute', id: d.id, payment_intent: d.paymentIntentId, amount: d.amountMinor, currency: d.currency.toLowerCase(), reason: d.reason, labelled_payments: d.labelled, created: unixSeconds(d.createdAtMs) };
}

function ruleFailure(f: RuleFailure): ApiError {
  switch (f.failure) {
    case 'rule_invalid':
      return new ApiError('parameter_invalid', `Invalid expression: ${f.error.message}`, 'expression', f.error.code, { position: f.error.position });
    case 'rule_not_found':
      return new ApiError('resource_missing', 'No such risk rule.', 'id');
    case 'too_many_rules':
      return new ApiError('parameter_invalid', `At most ${f.max} rules; disable or reuse one.`, undefined, f.failure);
  }
}

export function registerRiskRoutes(app: FastifyInstance, deps: RiskRouteDependencies): void {
  registerRules(app, deps);
  registerLists(app, deps);
  registerReviews(app, deps);
  registerDecisionsAndModels(app, deps);
  registerDisputes(app, deps);
  registerBacktests(app, deps);
}

function qualityToWire(q: BacktestReport['current']): Record<string, unknown> {
  return { flagged: q.flagged, blocked: q.blocked, reviewed: q.reviewed, challenged: q.challenged, true_positives: q.truePositives, precision: q.precision, recall: q.recall, average_precision: q.averagePrecision };
}

function registerBacktests(app: FastifyInstance, { risk }: RiskRouteDependencies): void {
  app.post('/v1/risk/backtests', {
    schema: { tags: ['Risk rules'], summary: 'Replay a candidate rule set and model over a past window: precision, recall, average precision, and the decisions that would change', body: BacktestBody, response: responses(BacktestWire, 'The report') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as Static<typeof BacktestBody>;
      if (body.to <= body.from) throw new ApiError('parameter_invalid', '`to` must be after `from`.', 'to');
      const result = await risk.backtest({
        fromMs: body.from * 1000,
        toMs: body.to * 1000,
        ...(body.rules === undefined ? {} : { rules: body.rules.map((r) => ({ ...ruleInputOf(r), name: r.name, expression: r.expression, action: r.action })) }),
        ...(body.model_version === undefined ? {} : { modelVersion: body.model_version }),
      });
      if ('failure' in result) {
        switch (result.failure) {
          case 'rule_invalid':
            throw new ApiError('parameter_invalid', `Invalid expression in rules[${result.index}]: ${result.error.message}`, `rules[${result.index}][expression]`, result.error.code, { position: result.error.position });
          case 'model_not_found':
            throw new ApiError('resource_missing', 'No such model version.', 'model_version');
          case 'too_many_decisions':
            throw new ApiError('parameter_invalid', `The window holds more than ${result.max} decisions; choose a narrower one.`, 'from', result.failure);
          case 'no_decisions':
            throw new ApiError('parameter_invalid', 'No decisions were taken in that window.', 'from', result.failure);
        }
      }
      return {
        object: 'risk_backtest',
        from: body.from,
        to: body.to,
        decisions: result.decisions,
        frauds: result.frauds,
        current: qualityToWire(result.current),
        candidate: qualityToWire(result.candidate),
        changed: { count: result.changed.count, by_transition: result.changed.byTransition, sample: result.changed.sample.map((c) => ({ subject: c.subjectId, from: c.from, to: c.to, fraud: c.fraud })) },
      };
    },
  });
}

function registerRules(app: FastifyInstance, { risk }: RiskRouteDependencies): void {
  const tags = ['Risk rules'];
  app.post('/v1/risk/rules', {
    schema: { tags, summary: 'Create a rule; its expression is checked against the feature catalogue (a 400 names the position of an error)', body: RuleBody, response: responses(RuleWire, 'The rule, version 1') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as Static<typeof RuleBody>;
      const result = await risk.createRule({ ...ruleInputOf(body), name: body.name, expression: body.expression, action: body.action });
      if ('failure' in result) throw ruleFailure(result);
      return ruleToWire(result.rule);
    },
  });
  app.get('/v1/risk/rules', {
    schema: { tags, summary: 'Every rule in evaluation order within its action', response: responses(listOf(RuleWire), 'The rules') },
    handler: async (request) => {
      requireOperator(request);
      return { object: 'list', url: '/v1/risk/rules', has_more: false, data: (await risk.rules.list()).map(ruleToWire) };
    },
  });
  app.post('/v1/risk/rules/:id', {
    schema: { tags, summary: 'Save a new version of a rule (fields not sent keep their value)', params: RiskIdParams, body: RulePatch, response: responses(RuleWire, 'The rule at its new version') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as Static<typeof RulePatch>;
      const result = await risk.updateRule((request.params as { id: string }).id, ruleInputOf(body));
      if ('failure' in result) throw ruleFailure(result);
      return ruleToWire(result.rule);
    },
  });
  app.get('/v1/risk/rules/:id/versions', {
    schema: { tags, summary: 'Every saved version of a rule, newest first', params: RiskIdParams, response: responses(listOf(RuleWire), 'The versions') },
    handler: async (request) => {
      requireOperator(request);
      const versions = await risk.rules.versions((request.params as { id: string }).id);
      if (versions.length === 0) throw new ApiError('resource_missing', 'No such risk rule.', 'id');
      return { object: 'list', url: '/v1/risk/rules/versions', has_more: false, data: versions.map(ruleToWire) };
    },
  });
}

function registerLists(app: FastifyInstance, { risk }: RiskRouteDependencies): void {
  const tags = ['Risk lists'];
  app.post('/v1/risk/list_entries', {
    schema: { tags, summary: 'Put a consumer, card fingerprint, device, IP address or merchant on the allow or block list', body: ListEntryBody, response: responses(ListEntryWire, 'The entry') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as Static<typeof ListEntryBody>;
      const result = await risk.addListEntry(body.list, body.kind, body.value, body.note ?? '');
      if ('failure' in result) throw new ApiError('parameter_invalid', `At most ${result.max} list entries.`, undefined, result.failure);
      return entryToWire(result.entry);
    },
  });
  app.get('/v1/risk/list_entries', {
    schema: { tags, summary: 'Every allow and block list entry', response: responses(listOf(ListEntryWire), 'The entries') },
    handler: async (request) => {
      requireOperator(request);
      return { object: 'list', url: '/v1/risk/list_entries', has_more: false, data: (await risk.lists.all()).map(entryToWire) };
    },
  });
  app.delete('/v1/risk/list_entries/:id', {
    schema: { tags, summary: 'Remove a list entry', params: RiskIdParams, response: responses(DeletedWire, 'The entry is gone') },
    handler: async (request) => {
      requireOperator(request);
      const id = (request.params as { id: string }).id;
      if (!(await risk.removeListEntry(id))) throw new ApiError('resource_missing', 'No such list entry.', 'id');
      return { object: 'risk_list_entry', id, deleted: true };
    },
  });
}

function registerReviews(app: FastifyInstance, { risk }: RiskRouteDependencies): void {
  const tags = ['Risk reviews'];
  app.get('/v1/risk/reviews', {
    schema: { tags, summary: 'The review queue: open reviews oldest first (or closed ones, newest first)', querystring: ReviewQuery, response: responses(listOf(ReviewWire), 'A page of reviews') },
    handler: async (request) => {
      requireOperator(request);
      const query = request.query as Static<typeof ReviewQuery>;
      const page = await risk.listReviews(query.status ?? 'open', query.limit ?? 10, query.starting_after === undefined ? {} : { startingAfter: query.starting_after });
      return { object: 'list', url: '/v1/risk/reviews', has_more: page.hasMore, data: page.reviews.map(reviewToWire) };
    },
  });
  app.get('/v1/risk/reviews/:id', {
    schema: { tags, summary: 'One review with its notes', params: RiskIdParams, response: responses(ReviewWire, 'The review') },
    handler: async (request) => reviewToWire(await reviewOrThrow(request, risk)),
  });
  for (const action of ['approve', 'decline'] as const) {
    app.post(`/v1/risk/reviews/:id/${action}`, {
      schema: {
        tags,
        summary: action === 'approve' ? 'Approve: the payment’s authorization continues; labelled legitimate' : 'Decline: the payment is canceled and the consumer notified; labelled fraud',
        params: RiskIdParams,
        body: ReviewActionBody,
        response: responses(ReviewWire, 'The closed review'),
      },
      handler: async (request) => {
        requireOperator(request);
        const body = (request.body ?? {}) as Static<typeof ReviewActionBody>;
        const result = await risk.closeReview((request.params as { id: string }).id, action, body.note);
        if ('failure' in result) throw reviewFailure(result);
        return reviewToWire(result.review);
      },
    });
  }
  app.post('/v1/risk/reviews/:id/notes', {
    schema: { tags, summary: 'Add an analyst’s note', params: RiskIdParams, body: NoteBody, response: responses(ReviewWire, 'The review with the note') },
    handler: async (request) => {
      requireOperator(request);
      const result = await risk.addReviewNote((request.params as { id: string }).id, (request.body as Static<typeof NoteBody>).note);
      if ('failure' in result) throw reviewFailure(result);
      return reviewToWire(result.review);
    },
  });
}

async function reviewOrThrow(request: FastifyRequest, risk: Risk): Promise<Review> {
  requireOperator(request);
  const review = await risk.getReview((request.params as { id: string }).id);
  if (review === undefined) throw new ApiError('resource_missing', 'No such review.', 'id');
  return review;
}

function reviewFailure(f: { failure: 'review_not_found' } | { failure: 'review_closed'; status: string } | { failure: 'review_action_failed'; message: string }): ApiError {
  if (f.failure === 'review_not_found') return new ApiError('resource_missing', 'No such review.', 'id');
  if (f.failure === 'review_closed') return new ApiError('parameter_invalid', `This review is already ${f.status}.`, 'id', f.failure);
  return new ApiError('parameter_invalid', f.message, 'id', f.failure);
}

function registerDecisionsAndModels(app: FastifyInstance, { risk }: RiskRouteDependencies): void {
  app.get('/v1/risk/decisions', {
    schema: { tags: ['Risk decisions'], summary: 'Every decision about a payment, with every input value, newest first', querystring: DecisionQuery, response: responses(listOf(DecisionWire), 'The decisions') },
    handler: async (request) => {
      requireOperator(request);
      const decisions = await risk.decisionsFor((request.query as Static<typeof DecisionQuery>).subject);
      return { object: 'list', url: '/v1/risk/decisions', has_more: false, data: decisions.map(decisionToWire) };
    },
  });
  const tags = ['Risk models'];
  app.get('/v1/risk/models', {
    schema: { tags, summary: 'Model versions, newest first', response: responses(listOf(ModelWire), 'The models') },
    handler: async (request) => {
      requireOperator(request);
      return { object: 'list', url: '/v1/risk/models', has_more: false, data: (await risk.models.list()).map(modelToWire) };
    },
  });
  app.post('/v1/risk/models', {
    schema: { tags, summary: 'Store a trained model artifact as a candidate', body: ModelUploadBody, response: responses(ModelWire, 'The candidate model') },
    handler: async (request) => {
      requireOperator(request);
      const body = request.body as Static<typeof ModelUploadBody>;
      const saved = await risk.models.save(body.artifact, body.source ?? 'api', {});
      if ('failure' in saved) throw new ApiError('parameter_invalid', `Invalid model artifact: ${saved.message}`, 'artifact', saved.failure);
      return modelToWire(saved.model);
    },
  });
  app.post('/v1/risk/models/:version', {
    schema: { tags, summary: 'Make a model the live one, the shadow one, or retire it; takes effect without a restart', params: VersionParams, body: ModelStatusBody, response: responses(ModelWire, 'The model') },
    handler: async (request) => {
      requireOperator(request);
      const result = await risk.setModelStatus((request.params as { version: string }).version, (request.body as Static<typeof ModelStatusBody>).status);
      if ('failure' in result) throw new ApiError('resource_missing', 'No such model version.', 'version');
      return modelToWire(result.model);
    },
  });
}

function modelToWire(m: Awaited<ReturnType<Risk['models']['list']>>[number]): Record<string, unknown> {
  return { object: 'risk_model', version: m.version, status: m.status, source: m.source, metrics: m.metrics, features: [...m.featureNames], trees: m.trees, created: unixSeconds(m.createdAtMs), updated: unixSeconds(m.updatedAtMs) };
}

function registerDisputes(app: FastifyInstance, { risk, paymentIntents }: RiskRouteDependencies): void {
  app.post('/v1/disputes', {
    schema: { tags: ['Disputes'], summary: 'Report a chargeback on a payment (operator, or the payment’s merchant); a fraud reason labels it and linked later payments', body: DisputeBody, response: responses(DisputeWire, 'The dispute') },
    handler: async (request) => {
      const principal = request.principal;
      if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
      if (principal.role !== 'operator' && principal.role !== 'merchant_secret') throw new ApiError('permission_denied', 'Disputes are reported with the operator key or the merchant’s secret key.');
      const body = request.body as Static<typeof DisputeBody>;
      const intent = principal.role === 'operator' ? await paymentIntents.get(undefined, body.payment_intent) : await paymentIntents.get(principal.merchantId, body.payment_intent);
      if (intent === undefined) throw new ApiError('resource_missing', 'No such payment_intent.', 'payment_intent');
      if (intent.amountReceivedMinor === 0n) throw new ApiError('parameter_invalid', 'Only a payment that took money can be disputed.', 'payment_intent', 'payment_not_captured');
      const amount = body.amount === undefined ? intent.amountReceivedMinor : BigInt(body.amount);
      if (amount > intent.amountReceivedMinor) throw new ApiError('parameter_invalid', `The amount must be at most ${intent.amountReceivedMinor}.`, 'amount', 'amount_too_large');
      const dispute = await risk.reportDispute({ paymentIntentId: intent.id, merchantId: intent.merchantId, amountMinor: amount, currency: intent.currency, reason: body.reason });
      return disputeToWire(dispute);
    },
  });
}
