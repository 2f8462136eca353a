import type { Database, Queryable } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { FEATURE_CATALOGUE } from '../features/catalogue.ts';
import type { RiskRule, RuleAction } from '../types.ts';
import { compileRule, type CompiledRule, type RuleSyntaxError } from './expression.ts';

export const DEFAULT_RULE_PRIORITY = 100;
export const MAX_RULES = 500;

export interface RuleInput {
  name: string;
  expression: string;
  action: RuleAction;
  priority?: number;
  status?: 'active' | 'disabled';
  /** Lower-case letters, digits and underscores, starting with a letter. */
  reasonCode?: string;
}

export type RuleFailure = { failure: 'rule_invalid'; error: RuleSyntaxError } | { failure: 'rule_not_found' } | { failure: 'too_many_rules'; max: number };

/** A rule ready for the engine: its row and its compiled expression. */
export interface ActiveRule {
  rule: RiskRule;
  compiled: CompiledRule;
}

interface RuleRow {
  id: string;
  name: string;
  expression: string;
  action: RuleAction;
  priority: number;
  status: 'active' | 'disabled';
  version: number;
  reason_code: string | null;
  created_at: Date;
  updated_at: Date;
}

function fromRow(r: RuleRow): RiskRule {
  return {
    id: r.id,
    name: r.name,
    expression: r.expression,
    action: r.action,
    priority: r.priority,
    status: r.status,
    version: r.version,
    ...(r.reason_code === null ? {} : { reasonCode: r.reason_code }),
    createdAtMs: r.created_at.getTime(),
    updatedAtMs: r.updated_at.getTime(),
  };
}

const COLUMNS = 'id, name, expression, action, priority, status, version, reason_code, created_at, updated_at';

/**
 * The operator's rules: validated on save (an expression that does not
 * compile is never stored), versioned (every save is a new version, and the
 * old ones are kept for audit), and compiled once for the engine.
 */
export class RiskRules {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Compiles an expression against the feature catalogue: the check a save runs. */
  validate(expression: string): { ok: true; compiled: CompiledRule } | { ok: false; error: RuleSyntaxError } {
    const compiled = compileRule(expression, FEATURE_CATALOGUE);
    return compiled.ok ? { ok: true, compiled: compiled.rule } : compiled;
  }

  async create(input: RuleInput): Promise<{ rule: RiskRule } | RuleFailure> {
    const checked = this.validate(input.expression);
    if (!checked.ok) return { failure: 'rule_invalid', error: checked.error };
    const now = this.clock.nowMs();
    const rule: RiskRule = { id: newId('rr', now), name: input.name, expression: input.expression, action: input.action, priority: input.priority ?? DEFAULT_RULE_PRIORITY, status: input.status ?? 'active', version: 1, ...(input.reasonCode === undefined ? {} : { reasonCode: input.reasonCode }), createdAtMs: now, updatedAtMs: now };
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ n: bigint }>('SELECT count(*) AS n FROM risk_rules');
      if ((rows[0]?.n ?? 0n) >= BigInt(MAX_RULES)) return { failure: 'too_many_rules' as const, max: MAX_RULES };
      await tx.query(`INSERT INTO risk_rules (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [rule.id, rule.name, rule.expression, rule.action, rule.priority, rule.status, rule.version, rule.reasonCode ?? null, new Date(now), new Date(now)]);
      await this.saveVersion(tx, rule);
      return { rule };
    });
  }

  /** Saves a new version of a rule; fields not given keep their value. */
  async update(id: string, patch: Partial<RuleInput>): Promise<{ rule: RiskRule } | RuleFailure> {
    if (patch.expression !== undefined) {
      const checked = this.validate(patch.expression);
      if (!checked.ok) return { failure: 'rule_invalid', error: checked.error };
    }
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<RuleRow>(`SELECT ${COLUMNS} FROM risk_rules WHERE id = $1 FOR UPDATE`, [id]);
      const current = rows[0];
      if (current === undefined) return { failure: 'rule_not_found' as const };
      const now = this.clock.nowMs();
      const rule: RiskRule = { ...fromRow(current), ...definedOnly(patch), version: current.version + 1, updatedAtMs: now };
      await tx.query('UPDATE risk_rules SET name = $2, expression = $3, action = $4, priority = $5, status = $6, version = $7, reason_code = $8, updated_at = $9 WHERE id = $1', [
        id,
        rule.name,
        rule.expression,
        rule.action,
        rule.priority,
        rule.status,
        rule.version,
        rule.reasonCode ?? null,
        new Date(now),
      ]);
      await this.saveVersion(tx, rule);
      return { rule };
    });
  }

  private async saveVersion(tx: Queryable, rule: RiskRule): Promise<void> {
    await tx.query('INSERT INTO risk_rule_versions (rule_id, version, name, expression, action, priority, status, reason_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      rule.id,
      rule.version,
      rule.name,
      rule.expression,
      rule.action,
      rule.priority,
      rule.status,
      rule.reasonCode ?? null,
      new Date(rule.updatedAtMs),
    ]);
  }

  async get(id: string): Promise<RiskRule | undefined> {
    const { rows } = await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM risk_rules WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  async versions(id: string): Promise<RiskRule[]> {
    const { rows } = await this.db.query<RuleRow & { created_at: Date }>(
      'SELECT v.rule_id AS id, v.name, v.expression, v.action, v.priority, v.status, v.version, v.reason_code, r.created_at, v.created_at AS updated_at FROM risk_rule_versions v JOIN risk_rules r ON r.id = v.rule_id WHERE v.rule_id = $1 ORDER BY v.version DESC',
      [id],
    );
    return rows.map(fromRow);
  }

  async list(): Promise<RiskRule[]> {
    const { rows } = await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM risk_rules ORDER BY action, priority, created_at, id`);
    return rows.map(fromRow);
  }

  /** The active rules, compiled. A stored rule that no longer compiles (a feature was renamed) is skipped, never fatal. */
  async loadActive(): Promise<{ rules: ActiveRule[]; skipped: { rule: RiskRule; error: RuleSyntaxError }[] }> {
    const rules: ActiveRule[] = [];
    const skipped: { rule: RiskRule; error: RuleSyntaxError }[] = [];
    for (const rule of await this.list()) {
      if (rule.status !== 'active') continue;
      const compiled = this.validate(rule.expression);
      if (compiled.ok) rules.push({ rule, compiled: compiled.compiled });
      else skipped.push({ rule, error: compiled.error });
    }
    return { rules, skipped };
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
