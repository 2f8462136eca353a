import type { Database } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { type GbdtModel, predictProbability, validateModel } from './gbdt.ts';

export type ModelStatus = 'candidate' | 'active' | 'shadow' | 'retired';

export interface StoredModel {
  version: string;
  source: string;
  metrics: Record<string, number>;
  status: ModelStatus;
  featureNames: readonly string[];
  trees: number;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A model ready to score: a probability of fraud from the named features. */
export interface LiveModel {
  version: string;
  /** Probability of fraud, 0–1; a missing or non-numeric feature is NaN, which the trees send their default way. */
  predict(features: Readonly<Record<string, unknown>>): number;
}

interface ModelRow {
  version: string;
  artifact: unknown;
  source: string;
  metrics: Record<string, number>;
  status: ModelStatus;
  created_at: Date;
  updated_at: Date;
}

/** Wraps an artifact for scoring; one input buffer per model, reused (scoring is synchronous). */
export function liveModel(version: string, model: GbdtModel): LiveModel {
  const names = model.featureNames;
  const x = new Float64Array(names.length).fill(Number.NaN);
  // Scoring once compiles the trees into typed arrays now, not inside the first payment's time budget.
  predictProbability(model, x);
  return {
    version,
    predict(features) {
      for (let i = 0; i < names.length; i += 1) {
        const v = features[names[i]!];
        x[i] = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number.NaN;
      }
      return predictProbability(model, x);
    },
  };
}

function describe(row: ModelRow, model: GbdtModel): StoredModel {
  return { version: row.version, source: row.source, metrics: row.metrics, status: row.status, featureNames: model.featureNames, trees: model.trees.length, createdAtMs: row.created_at.getTime(), updatedAtMs: row.updated_at.getTime() };
}

/**
 * Model artifacts by version. Exactly one may be active (it decides) and one
 * shadow (scored beside it and recorded, deciding nothing); switching is a row
 * update that every process picks up at its next reload, without a restart.
 */
export class ModelRegistry {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async save(artifact: unknown, source: string, metrics: Record<string, number>): Promise<{ model: StoredModel } | { failure: 'model_invalid'; message: string }> {
    const model = validateModel(artifact);
    if (typeof model === 'string') return { failure: 'model_invalid', message: model };
    const now = this.clock.nowMs();
    const version = newId('rm', now);
    await this.db.query('INSERT INTO risk_models (version, artifact, source, metrics, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [
      version,
      JSON.stringify(model),
      source,
      JSON.stringify(metrics),
      'candidate',
      new Date(now),
    ]);
    return { model: describe({ version, artifact: model, source, metrics, status: 'candidate', created_at: new Date(now), updated_at: new Date(now) }, model) };
  }

  /** Makes `version` the active or shadow model (the one it replaces is retired), or retires it. */
  async setStatus(version: string, status: 'active' | 'shadow' | 'retired'): Promise<{ model: StoredModel } | { failure: 'model_not_found' }> {
    const now = new Date(this.clock.nowMs());
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ModelRow>('SELECT version, artifact, source, metrics, status, created_at, updated_at FROM risk_models WHERE version = $1 FOR UPDATE', [version]);
      const row = rows[0];
      if (row === undefined) return { failure: 'model_not_found' as const };
      if (status !== 'retired') await tx.query("UPDATE risk_models SET status = 'retired', updated_at = $2 WHERE status = $1 AND version <> $3", [status, now, version]);
      await tx.query('UPDATE risk_models SET status = $2, updated_at = $3 WHERE version = $1', [version, status, now]);
      return { model: describe({ ...row, status, updated_at: now }, row.artifact as GbdtModel) };
    });
  }

  async list(): Promise<StoredModel[]> {
    const { rows } = await this.db.query<ModelRow>('SELECT version, artifact, source, metrics, status, created_at, updated_at FROM risk_models ORDER BY created_at DESC, version DESC LIMIT 100');
    return rows.map((r) => describe(r, r.artifact as GbdtModel));
  }

  /** The artifact of one version, as stored (for export). */
  async artifact(version: string): Promise<GbdtModel | undefined> {
    const { rows } = await this.db.query<{ artifact: GbdtModel }>('SELECT artifact FROM risk_models WHERE version = $1', [version]);
    return rows[0]?.artifact;
  }

  /** Changes whenever the active or shadow model does: a cheap check before reloading them. */
  async liveStamp(): Promise<string> {
    const { rows } = await this.db.query<{ version: string; status: string }>("SELECT version, status FROM risk_models WHERE status IN ('active', 'shadow')");
    return stampOf(rows);
  }

  /** The active and shadow models; `stamp` changes whenever either does, so a reload can skip parsing. */
  async live(): Promise<{ stamp: string; active?: LiveModel; shadow?: LiveModel }> {
    const { rows } = await this.db.query<ModelRow>("SELECT version, artifact, source, metrics, status, created_at, updated_at FROM risk_models WHERE status IN ('active', 'shadow')");
    const result: { stamp: string; active?: LiveModel; shadow?: LiveModel } = { stamp: stampOf(rows) };
    for (const row of rows) {
      const model = validateModel(row.artifact);
      if (typeof model === 'string') continue;
      if (row.status === 'active') result.active = liveModel(row.version, model);
      else result.shadow = liveModel(row.version, model);
    }
    return result;
  }
}

function stampOf(rows: readonly { version: string; status: string }[]): string {
  return rows
    .map((r) => `${r.status}:${r.version}`)
    .sort()
    .join(',');
}
