/**
 * Training the fraud model from labelled history: the decision log and its labels, or a CSV
 * file, turned into rows of features with a fraud label, split by time, and trained with
 * early stopping (`paygrid risk train`; docs/risk.md, "Training a model").
 *
 * A payment's outcome is known late: a chargeback arrives weeks after the payment. A row is
 * therefore fraud as soon as a fraud label is known, but legitimate only once it is old
 * enough that a dispute would most likely have come (the maturity). The IEEE-CIS data set
 * waits 120 days (Vesta's rule); the default here is 30, the bulk of card disputes.
 */
import type { Queryable } from '../db/database.ts';
import { decisionsBetween, type DecisionRecord } from './decision-log.ts';
import { MODEL_FEATURES } from './features/catalogue.ts';
import { labelsKnownBy, type Label } from './labels.ts';
import { columnIndexes, readCsv } from './model/csv.ts';
import { predictRows, trainGbdt, type GbdtDataset, type GbdtModel, type GbdtParams, type IterationMetrics } from './model/gbdt.ts';
import { averagePrecision, rocAuc } from './model/metrics.ts';
import { DEFAULT_TRAINING_PARAMS } from './model/params.ts';

const DAY_MS = 86_400_000;

export const DEFAULT_MATURITY_DAYS = 30;
/** Below these a model learns noise and its validation figures mean nothing. */
export const MIN_TRAINING_ROWS = 100;
export const MIN_TRAINING_FRAUDS = 10;
export const DEFAULT_VALIDATION_SHARE = 0.2;
/** Decisions read per query: memory holds one page plus one row per subject. */
export const DECISION_PAGE_ROWS = 1_000;
/** Subjects one training set may hold (53 features × 8 bytes each: about 0.9 GB at the limit). */
export const MAX_TRAINING_SET_ROWS = 2_000_000;
/** Decisions one database read may go through before it gives up. */
export const MAX_DECISIONS_READ = 50_000_000;
/** Columns tried, in order, for the time of a CSV row when none is named; without one the file's order is taken as time order. */
export const CSV_TIME_COLUMNS: readonly string[] = ['TX_TIME_SECONDS', 'TX_DATETIME', 'created_at', 'TransactionDT'];

export type TrainingFailureCode = 'not_enough_rows' | 'not_enough_frauds' | 'nothing_to_validate' | 'too_many_rows' | 'csv_unreadable';

export interface TrainingFailure {
  failure: TrainingFailureCode;
  message: string;
}

/** Rows with a fraud label (1) or a legitimate one (0), and when each happened. */
export interface TrainingSet {
  kind: 'database' | 'csv';
  data: GbdtDataset;
  /** When each row happened, ms since the epoch (or the row's place in a CSV without a time column). */
  timesMs: Float64Array;
  frauds: number;
  /** Where the rows came from, for the model registry's `source`. */
  source: string;
  /** Subjects read but left out because their outcome is not known yet. */
  leftOut: { immature: number; blocked: number };
}

/** A type, not an interface, so that it is a `Record<string, number>` for the model registry. */
export type TrainingMetrics = {
  rows: number;
  frauds: number;
  validation_rows: number;
  validation_frauds: number;
  validation_roc_auc: number;
  validation_average_precision: number;
  trees: number;
};

export function isTrainingFailure(value: object): value is TrainingFailure {
  return 'failure' in value;
}

// ---------------------------------------------------------------------------------------
// Rows from the decision log

export interface DatabaseTrainingOptions {
  /** Decisions made in [fromMs, toMs); toMs is cut to asOfMs, so no row lies in the future of its labels. */
  fromMs: number;
  toMs: number;
  /** Labels known after this moment are not used: training as of a past moment sees what was known then. */
  asOfMs: number;
  maturityDays?: number;
  maxRows?: number;
  /** Decisions per query (DECISION_PAGE_ROWS by default). */
  pageRows?: number;
  onProgress?: (progress: { decisionsRead: number; rows: number }) => void;
}

type Outcome = 'fraud' | 'legitimate';

/**
 * A subject's outcome from its labels, oldest first. A dispute, a propagated chargeback or a
 * review's decline makes it fraud; a later review approval (or imported legitimate label)
 * clears that, since an analyst looked at the payment after the report.
 */
export function outcomeOf(labels: readonly Label[]): Outcome | undefined {
  let outcome: Outcome | undefined;
  for (const label of labels) {
    if (label.fraud) outcome = 'fraud';
    else if (label.source === 'review' || label.source === 'import') outcome = 'legitimate';
  }
  return outcome;
}

interface Candidate {
  timeMs: number;
  label: 0 | 1;
  x: Float64Array;
}

type LeftOutReason = 'immature' | 'blocked';

/** The stored features as a row of MODEL_FEATURES, the way a live model reads them: booleans 0/1, anything else missing. */
export function modelFeatureRow(features: Readonly<Record<string, unknown>>): Float64Array {
  const x = new Float64Array(MODEL_FEATURES.length);
  for (let i = 0; i < MODEL_FEATURES.length; i += 1) {
    const v = features[MODEL_FEATURES[i]!];
    x[i] = typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number.NaN;
  }
  return x;
}

function candidateOf(d: DecisionRecord, outcome: Outcome | undefined, matureBeforeMs: number): Candidate | LeftOutReason {
  if (outcome === 'fraud') return { timeMs: d.createdAtMs, label: 1, x: modelFeatureRow(d.features) };
  // A blocked payment never went through, so no dispute can ever say it was fraud: its outcome stays unknown.
  if (d.decision === 'block') return 'blocked';
  if (d.createdAtMs >= matureBeforeMs) return 'immature';
  return { timeMs: d.createdAtMs, label: 0, x: modelFeatureRow(d.features) };
}

/**
 * One row per subject, from the latest decision about it in [fromMs, toMs), labelled with
 * what was known at `asOfMs`. The log is read a page at a time, so memory holds one page and
 * the rows kept so far.
 */
export async function trainingSetFromDatabase(q: Queryable, options: DatabaseTrainingOptions): Promise<TrainingSet | TrainingFailure> {
  const maturityDays = options.maturityDays ?? DEFAULT_MATURITY_DAYS;
  if (!(Number.isFinite(maturityDays) && maturityDays >= 0)) throw new Error(`trainingSetFromDatabase: maturityDays must be >= 0, got ${maturityDays}`);
  const maxRows = options.maxRows ?? MAX_TRAINING_SET_ROWS;
  const pageRows = options.pageRows ?? DECISION_PAGE_ROWS;
  if (!(Number.isInteger(pageRows) && pageRows > 0 && pageRows <= 10_000)) throw new Error(`trainingSetFromDatabase: pageRows must be 1..10000, got ${pageRows}`);
  const toMs = Math.min(options.toMs, options.asOfMs);
  const matureBeforeMs = options.asOfMs - maturityDays * DAY_MS;
  // Map order is the order of each subject's latest decision, because a subject is deleted before it is set again.
  const bySubject = new Map<string, Candidate | LeftOutReason>();
  let after: { createdAtMs: number; id: string } | undefined;
  let decisionsRead = 0;
  while (decisionsRead < MAX_DECISIONS_READ) {
    const page = await decisionsBetween(q, options.fromMs, toMs, pageRows, after);
    const labels = await labelsKnownBy(q, [...new Set(page.map((d) => d.subjectId))], options.asOfMs);
    const outcomes = outcomesBySubject(labels);
    for (const d of page) {
      bySubject.delete(d.subjectId);
      bySubject.set(d.subjectId, candidateOf(d, outcomes.get(d.subjectId), matureBeforeMs));
    }
    decisionsRead += page.length;
    if (bySubject.size > maxRows) {
      return { failure: 'too_many_rows', message: `More than ${maxRows} payments between the dates; train on a shorter period (--since, --until).` };
    }
    options.onProgress?.({ decisionsRead, rows: bySubject.size });
    const last = page.at(-1);
    if (last === undefined || page.length < pageRows) break;
    after = { createdAtMs: last.createdAtMs, id: last.id };
  }
  const source = `decisions ${new Date(options.fromMs).toISOString()}..${new Date(toMs).toISOString()} as of ${new Date(options.asOfMs).toISOString()}, maturity ${maturityDays} d`;
  return collect(bySubject.values(), source);
}

function outcomesBySubject(labels: readonly Label[]): Map<string, Outcome | undefined> {
  const bySubject = new Map<string, Label[]>();
  for (const label of labels) {
    const list = bySubject.get(label.subjectId);
    if (list === undefined) bySubject.set(label.subjectId, [label]);
    else list.push(label);
  }
  return new Map([...bySubject].map(([subjectId, list]) => [subjectId, outcomeOf(list)]));
}

function collect(entries: Iterable<Candidate | LeftOutReason>, source: string): TrainingSet {
  const kept: Candidate[] = [];
  const leftOut = { immature: 0, blocked: 0 };
  for (const entry of entries) {
    if (typeof entry === 'string') leftOut[entry] += 1;
    else kept.push(entry);
  }
  const nFeatures = MODEL_FEATURES.length;
  const features = new Float64Array(kept.length * nFeatures);
  const labels = new Uint8Array(kept.length);
  const timesMs = new Float64Array(kept.length);
  let frauds = 0;
  kept.forEach((c, r) => {
    features.set(c.x, r * nFeatures);
    labels[r] = c.label;
    timesMs[r] = c.timeMs;
    frauds += c.label;
  });
  return { kind: 'database', data: { features, nRows: kept.length, nFeatures, labels, featureNames: [...MODEL_FEATURES] }, timesMs, frauds, source, leftOut };
}

// ---------------------------------------------------------------------------------------
// Rows from a CSV file

export interface CsvTrainingOptions {
  /** The 0/1 label column (default TX_FRAUD, the Fraud Detection Handbook's). */
  label?: string;
  /** The columns to train on; by default every column named like one of MODEL_FEATURES. */
  features?: readonly string[];
  /** The column that orders rows in time (numbers or dates); by default the first of CSV_TIME_COLUMNS present. */
  time?: string;
  maxRows?: number;
  onProgress?: (rowsRead: number) => void;
}

interface CsvColumns {
  features: string[];
  featureIndexes: number[];
  labelIndex: number;
  timeIndex: number | undefined;
}

function csvColumns(path: string, header: readonly string[], options: CsvTrainingOptions): CsvColumns {
  const label = options.label ?? 'TX_FRAUD';
  const features = options.features === undefined ? MODEL_FEATURES.filter((name) => header.includes(name)) : [...options.features];
  if (features.length === 0) {
    throw new Error(`${path}: no column is named like a model feature (such as ${MODEL_FEATURES.slice(0, 4).join(', ')}); name the columns to train on with --features`);
  }
  if (features.includes(label)) throw new Error(`${path}: the label column ${label} cannot also be a feature`);
  const time = options.time ?? CSV_TIME_COLUMNS.find((name) => header.includes(name));
  const [labelIndex, ...featureIndexes] = columnIndexes(path, header, [label, ...features]);
  const timeIndex = time === undefined ? undefined : columnIndexes(path, header, [time])[0];
  return { features, featureIndexes, labelIndex: labelIndex!, timeIndex };
}

function parseNumber(path: string, row: number, column: string, field: string): number {
  if (field === '') return Number.NaN;
  const v = Number(field);
  if (Number.isFinite(v)) return v;
  if (field === 'true' || field === 'True') return 1;
  if (field === 'false' || field === 'False') return 0;
  throw new Error(`${path}: data row ${row}, column ${column}: "${field}" is not a number`);
}

function parseTime(path: string, row: number, column: string, field: string): number {
  const v = Number(field);
  if (field !== '' && Number.isFinite(v)) return v;
  // "2018-04-01 00:00:31" as the handbook writes it; only the order matters, so the time zone does not.
  const ms = Date.parse(field.replace(' ', 'T'));
  if (Number.isNaN(ms)) throw new Error(`${path}: data row ${row}, column ${column}: "${field}" is not a time`);
  return ms;
}

/**
 * Rows from a CSV file (gzip or plain) with a 0/1 label column. Unreadable files and missing
 * or malformed columns are a `csv_unreadable` failure whose message names the file.
 */
export async function trainingSetFromCsv(path: string, options: CsvTrainingOptions = {}): Promise<TrainingSet | TrainingFailure> {
  const rows = new RowBuffer();
  let columns: CsvColumns | undefined;
  const label = options.label ?? 'TX_FRAUD';
  try {
    await readCsv(
      path,
      (fields, header) => {
        columns ??= csvColumns(path, header, options);
        const r = rows.nRows + 1;
        const x = columns.featureIndexes.map((i, f) => parseNumber(path, r, columns!.features[f]!, fields[i]!));
        const y = fields[columns.labelIndex]!;
        if (y !== '0' && y !== '1') throw new Error(`${path}: data row ${r}, column ${label}: expected 0 or 1, got "${y}"`);
        const timeMs = columns.timeIndex === undefined ? r : parseTime(path, r, header[columns.timeIndex]!, fields[columns.timeIndex]!);
        rows.push(x, y === '1' ? 1 : 0, timeMs);
      },
      { maxRows: options.maxRows ?? MAX_TRAINING_SET_ROWS, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { failure: 'csv_unreadable', message: message.startsWith(path) ? message : `${path}: ${message}` };
  }
  if (columns === undefined) return { failure: 'csv_unreadable', message: `${path}: the file has a header but no data rows` };
  return rows.toTrainingSet(columns.features, `csv ${path}`);
}

/** Rows of features appended one at a time, in arrays that double when full. */
class RowBuffer {
  nRows = 0;
  private nFeatures = 0;
  private features = new Float64Array(0);
  private labels = new Uint8Array(0);
  private timesMs = new Float64Array(0);
  private frauds = 0;

  push(x: readonly number[], label: 0 | 1, timeMs: number): void {
    if (this.nRows === 0) this.nFeatures = x.length;
    if (this.nRows === this.labels.length) this.grow(Math.max(1_024, this.nRows * 2));
    this.features.set(x, this.nRows * this.nFeatures);
    this.labels[this.nRows] = label;
    this.timesMs[this.nRows] = timeMs;
    this.frauds += label;
    this.nRows += 1;
  }

  private grow(capacity: number): void {
    const features = new Float64Array(capacity * this.nFeatures);
    features.set(this.features);
    const labels = new Uint8Array(capacity);
    labels.set(this.labels);
    const timesMs = new Float64Array(capacity);
    timesMs.set(this.timesMs);
    [this.features, this.labels, this.timesMs] = [features, labels, timesMs];
  }

  toTrainingSet(featureNames: string[], source: string): TrainingSet {
    const n = this.nRows;
    const data = { features: this.features.slice(0, n * this.nFeatures), nRows: n, nFeatures: featureNames.length, labels: this.labels.slice(0, n), featureNames };
    return { kind: 'csv', data, timesMs: this.timesMs.slice(0, n), frauds: this.frauds, source, leftOut: { immature: 0, blocked: 0 } };
  }
}

// ---------------------------------------------------------------------------------------
// Training

export interface TrainAndEvaluateOptions {
  params?: Partial<GbdtParams>;
  /** The latest share of rows, by time, kept for validation and early stopping. */
  validationShare?: number;
  onProgress?: (iteration: number, total: number, metrics: IterationMetrics) => void;
}

function whatToDo(kind: TrainingSet['kind']): string {
  return kind === 'database'
    ? 'Report chargebacks (POST /v1/disputes) and review decisions so that frauds are labelled, wait for labels to mature, widen the period (--since), or pass a smaller --maturity-days.'
    : 'Use a larger file, or one with more rows labelled fraud.';
}

function notEnoughData(set: TrainingSet): TrainingFailure | undefined {
  const { nRows } = set.data;
  const leftOut = set.kind === 'database' ? ` (${set.leftOut.immature} more are too recent to count as legitimate, ${set.leftOut.blocked} were blocked)` : '';
  if (nRows < MIN_TRAINING_ROWS) return { failure: 'not_enough_rows', message: `Only ${nRows} labelled rows${leftOut}; training needs at least ${MIN_TRAINING_ROWS}. ${whatToDo(set.kind)}` };
  if (set.frauds < MIN_TRAINING_FRAUDS) {
    return { failure: 'not_enough_frauds', message: `Only ${set.frauds} of ${nRows} labelled rows are fraud; training needs at least ${MIN_TRAINING_FRAUDS}. ${whatToDo(set.kind)}` };
  }
  return undefined;
}

/** Row indexes by time, oldest first; rows at the same time keep their order. */
function timeOrder(timesMs: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: timesMs.length }, (_, i) => i);
  return order.sort((a, b) => timesMs[a]! - timesMs[b]! || a - b);
}

function subset(data: GbdtDataset, rows: Uint32Array): GbdtDataset {
  const { nFeatures } = data;
  const features = new Float64Array(rows.length * nFeatures);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, r) => {
    features.set(data.features.subarray(row * nFeatures, (row + 1) * nFeatures), r * nFeatures);
    labels[r] = data.labels[row]!;
  });
  return { features, nRows: rows.length, nFeatures, labels, featureNames: data.featureNames };
}

const fraudsIn = (labels: Uint8Array): number => labels.reduce((sum, y) => sum + y, 0);

/**
 * Trains on the older rows and validates on the latest `validationShare` of them, by time and
 * never at random: a random split lets the model see the future of the payments it is judged
 * on (the same card's later frauds), which flatters it. Early stopping picks the tree count
 * on the validation rows, so their figures lean slightly optimistic.
 */
export function trainAndEvaluate(set: TrainingSet, options: TrainAndEvaluateOptions = {}): { model: GbdtModel; metrics: TrainingMetrics } | TrainingFailure {
  const share = options.validationShare ?? DEFAULT_VALIDATION_SHARE;
  if (!(share > 0 && share < 1)) throw new Error(`trainAndEvaluate: validationShare must be in (0, 1), got ${share}`);
  if (set.data.nRows !== set.timesMs.length) throw new Error('trainAndEvaluate: one time per row is needed');
  const refused = notEnoughData(set);
  if (refused !== undefined) return refused;
  const order = timeOrder(set.timesMs);
  const cut = set.data.nRows - Math.max(1, Math.round(set.data.nRows * share));
  const training = subset(set.data, order.subarray(0, cut));
  const validation = subset(set.data, order.subarray(cut));
  const validationFrauds = fraudsIn(validation.labels);
  if (validationFrauds === 0 || validationFrauds === validation.nRows || fraudsIn(training.labels) === 0) {
    return {
      failure: 'nothing_to_validate',
      message: `The latest ${validation.nRows} rows (the validation share) hold ${validationFrauds} frauds, and the ${training.nRows} older ones ${fraudsIn(training.labels)}: both need frauds and legitimate rows. ${whatToDo(set.kind)}`,
    };
  }
  const model = trainGbdt(training, { params: { ...DEFAULT_TRAINING_PARAMS, ...options.params }, validation, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
  const scores = predictRows(model, validation.features, validation.nRows);
  const metrics: TrainingMetrics = {
    rows: set.data.nRows,
    frauds: set.frauds,
    validation_rows: validation.nRows,
    validation_frauds: validationFrauds,
    validation_roc_auc: rocAuc(scores, validation.labels),
    validation_average_precision: averagePrecision(scores, validation.labels),
    trees: model.trees.length,
  };
  return { model, metrics };
}
