/**
 * The replay behind `bench:risk --mode replay`: streams the Fraud Detection Handbook's simulated
 * transactions through Paygrid's own in-process scoring path (RiskEngine + FeatureStore), so
 * every feature is computed online by Paygrid. Fraud reaches Paygrid only as a chargeback seven
 * days after the payment; the model is retrained weekly on the feature vectors Paygrid recorded
 * for payments whose outcome is known by then. See replayMode in risk.bench.ts for the report.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_ENGINE_SETTINGS, RiskEngine } from '../src/risk/engine.ts';
import { MODEL_FEATURES } from '../src/risk/features/catalogue.ts';
import { FeatureStore } from '../src/risk/features/feature-store.ts';
import { columnIndexes, readCsv } from '../src/risk/model/csv.ts';
import { trainGbdt, type GbdtModel, type GbdtParams } from '../src/risk/model/gbdt.ts';
import { liveModel, type LiveModel } from '../src/risk/model/models.ts';
import type { RiskInput } from '../src/risk/types.ts';

const DAY_MS = 86_400_000;
export const LABEL_DELAY_MS = 7 * DAY_MS;
/** The handbook's test week, 2018-08-08 … 2018-08-14 inclusive (UTC: the data has no zone). */
export const TEST_START_MS = Date.parse('2018-08-08T00:00:00Z');
export const TEST_END_MS = Date.parse('2018-08-15T00:00:00Z');
/** The first day of the handbook's training week; its known-compromised set starts there. */
const HANDBOOK_TRAIN_START_DAY = '2018-07-25';
/** Retrain every week of simulated time, on a schedule that puts one retraining exactly at the test week's start. */
export const RETRAIN_EVERY_MS = 7 * DAY_MS;
/** Training rows: payments whose outcome is known at the retraining time, from this far back (before the label delay). */
export const TRAIN_WINDOW_MS = 21 * DAY_MS;
/** Retraining starts once this much history lies before the first retraining (four weeks). */
const MIN_HISTORY_MS = 28 * DAY_MS;
/** Payments offered 1,000 per second for 10 s after the test week. */
export const PACED_RATE_PER_S = 1_000;
export const PACED_SECONDS = 10;

const CHUNK_ROWS = 32_768;
const N_FEATURES = MODEL_FEATURES.length;

export interface ReplayOptions {
  file: string;
  params: Partial<GbdtParams>;
  progress: (message: string) => void;
}

export interface RetrainRecord {
  atMs: number;
  version: string;
  rows: number;
  frauds: number;
  features: number;
  seconds: number;
}

export interface ReplayResult {
  /** The test week, in order: the live model's probability, the true label, the day and the card (customer). */
  test: {
    probabilities: Float64Array;
    labels: Uint8Array;
    days: string[];
    cards: string[];
    /** 1 when a chargeback for the customer reached Paygrid before the test week started. */
    knownCompromised: Uint8Array;
    /**
     * 1 when the customer is known compromised under the handbook's own protocol (get_train_test_set):
     * a fraud dated from the training week's first day (2018-07-25) to 8 days before the test row's day.
     */
    knownCompromisedHandbook: Uint8Array;
  };
  /** engine.assess durations during the test week, ms, ascending. */
  testLatenciesMs: Float64Array;
  paced: { offered: number; seconds: number; assessMs: Float64Array; responseMs: Float64Array };
  retrains: RetrainRecord[];
  rowsStreamed: number;
  labelsDelivered: number;
  labelsUnplaced: number;
  knownCompromisedCustomers: number;
  failSafe: Record<string, number>;
  decisions: Record<string, number>;
  seconds: number;
}

/** Feature vectors recorded at scoring time, in chunks, with each row's time and label. */
class FeatureLog {
  private chunks: { firstRow: number; values: Float32Array; times: Float64Array; labels: Uint8Array; size: number }[] = [];
  private rows = 0;

  append(values: Record<string, unknown>, atMs: number, label: number): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || chunk.size === CHUNK_ROWS) {
      chunk = { firstRow: this.rows, values: new Float32Array(CHUNK_ROWS * N_FEATURES), times: new Float64Array(CHUNK_ROWS), labels: new Uint8Array(CHUNK_ROWS), size: 0 };
      this.chunks.push(chunk);
    }
    const base = chunk.size * N_FEATURES;
    for (let f = 0; f < N_FEATURES; f += 1) chunk.values[base + f] = numeric(values[MODEL_FEATURES[f]!]);
    chunk.times[chunk.size] = atMs;
    chunk.labels[chunk.size] = label;
    chunk.size += 1;
    this.rows += 1;
  }

  /** Drops whole chunks that end before `beforeMs`. */
  forget(beforeMs: number): void {
    while (this.chunks.length > 1 && this.chunks[0]!.times[this.chunks[0]!.size - 1]! < beforeMs) this.chunks.shift();
  }

  /** Rows with fromMs <= time < toMs; columns constant over them are left out (they could never be split on). */
  dataset(fromMs: number, toMs: number): { features: Float64Array; labels: Uint8Array; nRows: number; names: string[] } {
    const picks: [typeof this.chunks[number], number][] = [];
    for (const chunk of this.chunks) {
      if (chunk.size === 0 || chunk.times[0]! >= toMs || chunk.times[chunk.size - 1]! < fromMs) continue;
      for (let r = 0; r < chunk.size; r += 1) if (chunk.times[r]! >= fromMs && chunk.times[r]! < toMs) picks.push([chunk, r]);
    }
    const keep: number[] = [];
    for (let f = 0; f < N_FEATURES; f += 1) {
      let first: number | undefined;
      let varies = false;
      for (const [chunk, r] of picks) {
        const v = chunk.values[r * N_FEATURES + f]!;
        if (first === undefined) first = v;
        else if (!(v === first || (Number.isNaN(v) && Number.isNaN(first)))) {
          varies = true;
          break;
        }
      }
      if (varies) keep.push(f);
    }
    const n = keep.length;
    const features = new Float64Array(picks.length * n);
    const labels = new Uint8Array(picks.length);
    picks.forEach(([chunk, r], k) => {
      for (let j = 0; j < n; j += 1) features[k * n + j] = chunk.values[r * N_FEATURES + keep[j]!]!;
      labels[k] = chunk.labels[r]!;
    });
    return { features, labels, nRows: picks.length, names: keep.map((f) => MODEL_FEATURES[f]!) };
  }
}

function numeric(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number.NaN;
}

interface Tx {
  id: string;
  atMs: number;
  day: string;
  customer: string;
  terminal: string;
  amount: number;
  fraud: boolean;
}

function inputOf(tx: Tx): RiskInput {
  return {
    subjectType: 'payment_intent',
    subjectId: `tx_${tx.id}`,
    atMs: tx.atMs,
    amountMinor: BigInt(Math.round(tx.amount * 100)),
    currency: 'CNY',
    paymentMethod: 'card',
    entities: { customer: `cus_${tx.customer}`, card: `card_${tx.customer}`, merchant: `term_${tx.terminal}` },
    challengeable: false,
    reviewable: true,
  };
}

class StopStreaming extends Error {}

export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const store = new FeatureStore({ labelDelayMs: LABEL_DELAY_MS, timeZone: 'UTC' });
  const engine = new RiskEngine(store, DEFAULT_ENGINE_SETTINGS);
  const log = new FeatureLog();
  let live: LiveModel | undefined;

  // Chargebacks: frauds by due time (payment time + delay); payments arrive in time order, so a FIFO.
  const queue: { subjectId: string; customer: string; dueMs: number }[] = [];
  let queueHead = 0;
  let labelsDelivered = 0;
  let labelsUnplaced = 0;
  const compromisedBeforeTest = new Set<string>();
  const deliverUntil = (t: number): void => {
    while (queueHead < queue.length && queue[queueHead]!.dueMs <= t) {
      const due = queue[queueHead]!;
      queueHead += 1;
      if (!store.label(due.subjectId, true)) labelsUnplaced += 1;
      labelsDelivered += 1;
      if (due.dueMs < TEST_START_MS) compromisedBeforeTest.add(due.customer);
    }
    if (queueHead > 100_000) {
      queue.splice(0, queueHead);
      queueHead = 0;
    }
  };

  const retrains: RetrainRecord[] = [];
  let firstMs: number | undefined;
  let nextRetrainMs = Number.POSITIVE_INFINITY;
  const retrain = (atMs: number): void => {
    deliverUntil(atMs);
    const t0 = performance.now();
    // Known outcomes only: a payment older than the label delay is fraud if it was reported, else legitimate.
    const data = log.dataset(atMs - LABEL_DELAY_MS - TRAIN_WINDOW_MS, atMs - LABEL_DELAY_MS);
    let frauds = 0;
    for (const l of data.labels) frauds += l;
    const model: GbdtModel = trainGbdt({ features: data.features, labels: data.labels, nRows: data.nRows, nFeatures: data.names.length, featureNames: data.names }, { params: options.params });
    const version = `replay_${new Date(atMs).toISOString().slice(0, 10)}`;
    live = liveModel(version, model);
    engine.setModels({ active: live });
    const seconds = (performance.now() - t0) / 1000;
    retrains.push({ atMs, version, rows: data.nRows, frauds, features: data.names.length, seconds });
    options.progress(`retrain ${retrains.length} at ${version.slice(7)}: ${data.nRows} rows (${frauds} frauds), ${data.names.length} features, ${seconds.toFixed(1)} s; elapsed ${elapsed()}`);
    log.forget(atMs + RETRAIN_EVERY_MS - LABEL_DELAY_MS - TRAIN_WINDOW_MS);
  };

  const test = { probabilities: [] as number[], labels: [] as number[], days: [] as string[], cards: [] as string[], known: [] as number[], knownHandbook: [] as number[] };
  /** Customer → the day of their first fraud on or after the handbook's training start (the handbook protocol's exclusion). */
  const firstFraudDay = new Map<string, string>();
  const testLatencies: number[] = [];
  const pacedRows: Tx[] = [];
  const pacedCount = PACED_RATE_PER_S * PACED_SECONDS;

  /** Delivers due chargebacks, scores one payment, records it; returns the assess duration (ms) and the live probability. */
  const process1 = (tx: Tx): { ms: number; probability: number; features: Record<string, unknown> } => {
    deliverUntil(tx.atMs);
    const input = inputOf(tx);
    const t0 = performance.now();
    const assessment = engine.assess(input);
    const ms = performance.now() - t0;
    if (tx.fraud) queue.push({ subjectId: input.subjectId, customer: tx.customer, dueMs: tx.atMs + LABEL_DELAY_MS });
    const probability = live === undefined ? Number.NaN : live.predict(assessment.features);
    return { ms, probability, features: assessment.features };
  };

  let columns: number[] = [];
  let rowsStreamed = 0;
  try {
    await readCsv(
      options.file,
      (fields, header) => {
        if (columns.length === 0) columns = columnIndexes(options.file, header, ['TRANSACTION_ID', 'TX_DATETIME', 'CUSTOMER_ID', 'TERMINAL_ID', 'TX_AMOUNT', 'TX_FRAUD']);
        const [cId, cTime, cCustomer, cTerminal, cAmount, cFraud] = columns as [number, number, number, number, number, number];
        const when = fields[cTime]!;
        const tx: Tx = { id: fields[cId]!, atMs: Date.parse(`${when}Z`), day: when.slice(0, 10), customer: fields[cCustomer]!, terminal: fields[cTerminal]!, amount: Number(fields[cAmount]), fraud: fields[cFraud] === '1' };
        if (!Number.isFinite(tx.atMs) || !Number.isFinite(tx.amount)) throw new Error(`${options.file}: bad time or amount in transaction ${tx.id}`);
        rowsStreamed += 1;
        if (tx.atMs >= TEST_END_MS) {
          pacedRows.push(tx);
          if (pacedRows.length >= pacedCount) throw new StopStreaming();
          return;
        }
        if (firstMs === undefined) {
          firstMs = tx.atMs;
          // The retraining times are TEST_START - k weeks; the first is the earliest with four weeks of history before it.
          nextRetrainMs = TEST_START_MS - Math.floor((TEST_START_MS - firstMs - MIN_HISTORY_MS) / RETRAIN_EVERY_MS) * RETRAIN_EVERY_MS;
        }
        while (tx.atMs >= nextRetrainMs && nextRetrainMs <= TEST_START_MS) {
          retrain(nextRetrainMs);
          nextRetrainMs += RETRAIN_EVERY_MS;
        }
        const { ms, probability, features } = process1(tx);
        if (tx.fraud && tx.day >= HANDBOOK_TRAIN_START_DAY && !firstFraudDay.has(tx.customer)) firstFraudDay.set(tx.customer, tx.day);
        log.append(features, tx.atMs, tx.fraud ? 1 : 0);
        if (tx.atMs >= TEST_START_MS) {
          test.probabilities.push(probability);
          test.labels.push(tx.fraud ? 1 : 0);
          test.days.push(tx.day);
          test.cards.push(tx.customer);
          test.known.push(compromisedBeforeTest.has(tx.customer) ? 1 : 0);
          const first = firstFraudDay.get(tx.customer);
          test.knownHandbook.push(first !== undefined && first <= new Date(Date.parse(`${tx.day}T00:00:00Z`) - 8 * DAY_MS).toISOString().slice(0, 10) ? 1 : 0);
          testLatencies.push(ms);
        }
      },
      { progressEveryRows: 100_000, onProgress: (rows) => options.progress(`streamed ${rows} rows, ${retrains.length} retrains, ${store.size} payments addressable; elapsed ${elapsed()}`) },
    );
  } catch (error) {
    if (!(error instanceof StopStreaming)) throw error;
  }
  options.progress(`streamed ${rowsStreamed} rows (stopped after the test week and ${pacedRows.length} payments for the paced segment); elapsed ${elapsed()}`);

  // Paced segment: the payments right after the test week, offered 1,000 per second for 10 s of wall time.
  options.progress(`paced segment: offering ${pacedRows.length} payments at ${PACED_RATE_PER_S}/s`);
  const assessMs = new Float64Array(pacedRows.length);
  const responseMs = new Float64Array(pacedRows.length);
  const pacedStart = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < pacedRows.length && pacedStart + (next * 1000) / PACED_RATE_PER_S <= now) {
        const offeredAt = pacedStart + (next * 1000) / PACED_RATE_PER_S;
        assessMs[next] = process1(pacedRows[next]!).ms;
        responseMs[next] = performance.now() - offeredAt;
        next += 1;
      }
      if (next >= pacedRows.length) resolve();
      else setImmediate(tick);
    };
    setImmediate(tick);
  });
  const pacedSeconds = (performance.now() - pacedStart) / 1000;

  return {
    test: {
      probabilities: Float64Array.from(test.probabilities),
      labels: Uint8Array.from(test.labels),
      days: test.days,
      cards: test.cards,
      knownCompromised: Uint8Array.from(test.known),
      knownCompromisedHandbook: Uint8Array.from(test.knownHandbook),
    },
    testLatenciesMs: Float64Array.from(testLatencies).sort(),
    paced: { offered: pacedRows.length, seconds: pacedSeconds, assessMs: assessMs.sort(), responseMs: responseMs.sort() },
    retrains,
    rowsStreamed,
    labelsDelivered,
    labelsUnplaced,
    knownCompromisedCustomers: compromisedBeforeTest.size,
    failSafe: { ...engine.counters.failSafe },
    decisions: { ...engine.counters.decisions },
    seconds: (performance.now() - started) / 1000,
  };
}
