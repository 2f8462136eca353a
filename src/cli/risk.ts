import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliOverrides } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { systemClock } from '../platform/clock.ts';
import {
  DEFAULT_MATURITY_DAYS,
  isTrainingFailure,
  MODEL_FEATURES,
  ModelRegistry,
  trainAndEvaluate,
  trainingSetFromCsv,
  trainingSetFromDatabase,
  type StoredModel,
  type TrainingSet,
  type TrainingFailure,
} from '../risk/index.ts';

/** `paygrid risk train` and `paygrid risk models`: the fraud model from the command line (docs/risk.md, "Training a model"). */
export const RISK_USAGE = `Usage:
  paygrid risk train [--from-db] [--since <ISO date>] [--until <ISO date>] [--maturity-days N] [options]
  paygrid risk train --csv <file> [--label <column>] [--features <a,b,…>] [--time <column>] [options]
  paygrid risk models

train options:
  --activate | --shadow   Make the new model active (it decides) or shadow (scored beside, deciding nothing) at once
  --out <file.json>       Also write the artifact to a file
  --data-dir <dir>        Embedded database directory (or DATABASE_URL=postgres://…)

From the database (the default), the rows are the latest decision about each payment made
between --since (default: 180 days before --until) and --until (default: now). A payment is
fraud once a dispute or a review says so, legitimate once it is --maturity-days old
(default ${DEFAULT_MATURITY_DAYS}) with no fraud label.`;

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_DAYS = 180;
/** Exit codes beside main.ts's: 1 nothing was trained (not enough labelled data), 2 usage. */
export const EXIT_NOT_TRAINED = 1;

export class RiskUsageError extends Error {}

export interface RiskCommand {
  action: 'train' | 'models' | 'help';
  overrides: CliOverrides;
  train?: TrainCommand;
}

interface TrainCommand {
  source: { kind: 'database'; fromMs?: number; toMs?: number; maturityDays: number } | { kind: 'csv'; path: string; label?: string; features?: string[]; time?: string };
  status?: 'active' | 'shadow';
  out?: string;
}

function dateOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RiskUsageError(`--${name}: expected an ISO date such as 2025-01-31, got "${value}"`);
  return ms;
}

export function parseRiskArgs(argv: string[]): RiskCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'from-db': { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      'maturity-days': { type: 'string' },
      csv: { type: 'string' },
      label: { type: 'string' },
      features: { type: 'string' },
      time: { type: 'string' },
      activate: { type: 'boolean' },
      shadow: { type: 'boolean' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const overrides: CliOverrides = values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] };
  const action = positionals.join(' ');
  if (values.help === true || action === '') return { action: 'help', overrides };
  if (action === 'models') return { action: 'models', overrides };
  if (action !== 'train') throw new RiskUsageError(`unknown command "risk ${action}"`);
  if (values.activate === true && values.shadow === true) throw new RiskUsageError('--activate and --shadow exclude each other');
  const dbOptions = ['from-db', 'since', 'until', 'maturity-days'].filter((name) => values[name as keyof typeof values] !== undefined);
  const csvOptions = ['label', 'features', 'time'].filter((name) => values[name as keyof typeof values] !== undefined);
  let source: TrainCommand['source'];
  if (values.csv !== undefined) {
    if (dbOptions.length > 0) throw new RiskUsageError(`--csv cannot be combined with --${dbOptions.join(', --')}`);
    source = { kind: 'csv', path: values.csv };
    if (values.label !== undefined) source.label = values.label;
    if (values.features !== undefined) source.features = values.features.split(',').map((f) => f.trim()).filter((f) => f !== '');
    if (values.time !== undefined) source.time = values.time;
  } else {
    if (csvOptions.length > 0) throw new RiskUsageError(`--${csvOptions.join(', --')} need --csv <file>`);
    const maturityDays = values['maturity-days'] === undefined ? DEFAULT_MATURITY_DAYS : Number(values['maturity-days']);
    if (!(Number.isInteger(maturityDays) && maturityDays >= 0 && maturityDays <= 3_650)) throw new RiskUsageError(`--maturity-days: expected whole days 0..3650, got "${values['maturity-days']}"`);
    source = { kind: 'database', maturityDays };
    const fromMs = dateOption('since', values.since);
    const toMs = dateOption('until', values.until);
    if (fromMs !== undefined) source.fromMs = fromMs;
    if (toMs !== undefined) source.toMs = toMs;
  }
  const train: TrainCommand = { source };
  if (values.activate === true) train.status = 'active';
  if (values.shadow === true) train.status = 'shadow';
  if (values.out !== undefined) train.out = values.out;
  return { action: 'train', overrides, train };
}

const progress = (line: string): void => void process.stderr.write(`${line}\n`);
const figure = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3));

async function loadTrainingSet(db: Database, source: TrainCommand['source']): Promise<TrainingSet | TrainingFailure> {
  if (source.kind === 'csv') {
    progress(`Reading ${source.path}…`);
    const options = { onProgress: (rows: number) => progress(`  ${rows} rows read`) };
    return trainingSetFromCsv(source.path, { ...options, ...(source.label === undefined ? {} : { label: source.label }), ...(source.features === undefined ? {} : { features: source.features }), ...(source.time === undefined ? {} : { time: source.time }) });
  }
  const asOfMs = systemClock.nowMs();
  const toMs = source.toMs ?? asOfMs;
  const fromMs = source.fromMs ?? toMs - DEFAULT_PERIOD_DAYS * DAY_MS;
  if (fromMs >= toMs) return { failure: 'not_enough_rows', message: `--since (${new Date(fromMs).toISOString()}) must be before --until (${new Date(toMs).toISOString()}).` };
  progress(`Reading decisions from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()} (labels as of now, maturity ${source.maturityDays} days)…`);
  let lastReportedMs = 0;
  return trainingSetFromDatabase(db, {
    fromMs,
    toMs,
    asOfMs,
    maturityDays: source.maturityDays,
    onProgress: ({ decisionsRead, rows }) => {
      const now = Date.now();
      if (now - lastReportedMs < 1_000) return;
      lastReportedMs = now;
      progress(`  ${decisionsRead} decisions read, ${rows} payments`);
    },
  });
}

function printFailure(f: TrainingFailure): number {
  process.stderr.write(`paygrid: no model trained (${f.failure}): ${f.message}\n`);
  return EXIT_NOT_TRAINED;
}

export async function riskTrain(db: Database, command: TrainCommand): Promise<number> {
  const set = await loadTrainingSet(db, command.source);
  if (isTrainingFailure(set)) return printFailure(set);
  const skipped = set.kind === 'database' ? `; left out ${set.leftOut.immature} too recent to call legitimate and ${set.leftOut.blocked} blocked` : '';
  progress(`${set.data.nRows} labelled rows, ${set.frauds} frauds, ${set.data.nFeatures} features${skipped}.`);
  const started = Date.now();
  const trained = trainAndEvaluate(set, {
    onProgress: (iteration, total, m) => {
      if (iteration % 50 === 0) progress(`  tree ${iteration}/${total}: validation average precision ${figure(m.validAveragePrecision)}`);
    },
  });
  if (isTrainingFailure(trained)) return printFailure(trained);
  progress(`Trained in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const registry = new ModelRegistry(db, systemClock);
  const saved = await registry.save(trained.model, set.source.slice(0, 200), trained.metrics);
  if ('failure' in saved) throw new Error(`the trained model did not validate: ${saved.message}`);
  let model = saved.model;
  if (command.status !== undefined) {
    const changed = await registry.setStatus(model.version, command.status);
    if ('failure' in changed) throw new Error(`model ${model.version} vanished before it could be made ${command.status}`);
    model = changed.model;
  }
  if (command.out !== undefined) await writeFile(command.out, `${JSON.stringify(trained.model)}\n`);
  process.stdout.write(`${describeTrained(model, trained.metrics, command.out).join('\n')}\n`);
  return 0;
}

function describeTrained(model: StoredModel, m: Record<string, number>, out: string | undefined): string[] {
  const lines = [
    `Risk model ${model.version} (${model.status}): ${m.trees} trees on ${m.rows} rows, ${m.frauds} frauds.`,
    `  validation (latest ${m.validation_rows} rows by time, ${m.validation_frauds} frauds): ROC AUC ${figure(m.validation_roc_auc)}, average precision ${figure(m.validation_average_precision)}`,
  ];
  if (out !== undefined) lines.push(`  artifact written to ${out}`);
  const unknown = model.featureNames.filter((name) => !MODEL_FEATURES.includes(name));
  if (unknown.length > 0) {
    lines.push(`  warning: the engine does not compute ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; live payments will score them as missing.`);
  }
  if (model.status === 'candidate') {
    lines.push(
      'Next: compare it with the live model, then make it live or shadow:',
      `  POST /v1/risk/models/${model.version} {"status":"active"}   (or {"status":"shadow"})`,
      '  or rerun with --activate or --shadow.',
    );
  } else {
    lines.push(`It is ${model.status} now; running servers pick it up at their next reload (PAYGRID_RISK_RELOAD_INTERVAL_MS, 5 s by default).`);
  }
  return lines;
}

export async function riskModels(db: Database): Promise<number> {
  const models = await new ModelRegistry(db, systemClock).list();
  if (models.length === 0) {
    process.stdout.write('No risk models yet. Train one with `paygrid risk train`.\n');
    return 0;
  }
  const lines = models.map((m) => {
    const metrics = `rows ${m.metrics.rows ?? '–'}, frauds ${m.metrics.frauds ?? '–'}, AUC ${figure(m.metrics.validation_roc_auc)}, AP ${figure(m.metrics.validation_average_precision)}`;
    return `${m.version}  ${m.status.padEnd(9)}  ${new Date(m.createdAtMs).toISOString()}  ${String(m.trees).padStart(4)} trees  ${metrics}  ${m.source}`;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
