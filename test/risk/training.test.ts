import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../src/db/database.ts';
import { recordDecision } from '../../src/risk/decision-log.ts';
import { MODEL_FEATURES } from '../../src/risk/features/catalogue.ts';
import { recordLabel, type LabelSource } from '../../src/risk/labels.ts';
import { mulberry32 } from '../../src/risk/model/gbdt.ts';
import { isTrainingFailure, trainAndEvaluate, trainingSetFromCsv, trainingSetFromDatabase, type TrainingSet } from '../../src/risk/training.ts';
import type { RiskAssessment, RiskDecision } from '../../src/risk/types.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const DAY_MS = 86_400_000;
const AS_OF_MS = Date.UTC(2026, 5, 1);
const AMOUNT = MODEL_FEATURES.indexOf('amount');

let seq = 0;
function assessment(subjectId: string, atMs: number, decision: RiskDecision, features: RiskAssessment['features']): RiskAssessment {
  seq += 1;
  return {
    decisionId: `rd_${String(seq).padStart(6, '0')}`,
    input: { subjectType: 'payment_intent', subjectId, atMs, amountMinor: 1_000n, currency: 'CNY', paymentMethod: 'card', entities: { customer: `cus_${subjectId}` }, challengeable: false, reviewable: true },
    decision,
    score: 0,
    reasons: [],
    features,
    latencyMicros: 100,
  };
}

const label = (subjectId: string, fraud: boolean, source: LabelSource, knownAtMs: number) => ({ subjectId, fraud, source, originId: `o_${subjectId}_${source}_${knownAtMs}`, knownAtMs });

/** One subject per row; `amount` tells the rows of the training set apart. */
const SCENARIOS: readonly { subject: string; amount: number; decisions: { agoDays: number; decision: RiskDecision }[]; labels: { fraud: boolean; source: LabelSource; agoDays: number }[]; expected: 0 | 1 | 'left out' }[] = [
  { subject: 'pi_mature_clean', amount: 1, decisions: [{ agoDays: 40, decision: 'allow' }], labels: [], expected: 0 },
  { subject: 'pi_recent_clean', amount: 2, decisions: [{ agoDays: 10, decision: 'allow' }], labels: [], expected: 'left out' },
  { subject: 'pi_recent_disputed', amount: 3, decisions: [{ agoDays: 10, decision: 'allow' }], labels: [{ fraud: true, source: 'dispute', agoDays: 2 }], expected: 1 },
  { subject: 'pi_disputed_after_as_of', amount: 4, decisions: [{ agoDays: 40, decision: 'allow' }], labels: [{ fraud: true, source: 'dispute', agoDays: -1 }], expected: 0 },
  { subject: 'pi_recent_disputed_after_as_of', amount: 5, decisions: [{ agoDays: 10, decision: 'allow' }], labels: [{ fraud: true, source: 'dispute', agoDays: -1 }], expected: 'left out' },
  {
    subject: 'pi_dispute_then_review_approves',
    amount: 6,
    decisions: [{ agoDays: 40, decision: 'review' }],
    labels: [
      { fraud: true, source: 'dispute', agoDays: 20 },
      { fraud: false, source: 'review', agoDays: 15 },
    ],
    expected: 0,
  },
  { subject: 'pi_review_declined', amount: 7, decisions: [{ agoDays: 5, decision: 'review' }], labels: [{ fraud: true, source: 'review', agoDays: 4 }], expected: 1 },
  { subject: 'pi_propagated', amount: 8, decisions: [{ agoDays: 50, decision: 'allow' }], labels: [{ fraud: true, source: 'propagated', agoDays: 30 }], expected: 1 },
  { subject: 'pi_blocked', amount: 9, decisions: [{ agoDays: 40, decision: 'block' }], labels: [], expected: 'left out' },
  {
    subject: 'pi_retried_recently',
    amount: 10,
    decisions: [
      { agoDays: 40, decision: 'block' },
      { agoDays: 5, decision: 'allow' },
    ],
    labels: [],
    expected: 'left out',
  },
  {
    subject: 'pi_retried_long_ago',
    amount: 11,
    decisions: [
      { agoDays: 45, decision: 'block' },
      { agoDays: 44, decision: 'allow' },
    ],
    labels: [],
    expected: 0,
  },
  { subject: 'pi_after_as_of', amount: 12, decisions: [{ agoDays: -2, decision: 'allow' }], labels: [{ fraud: true, source: 'dispute', agoDays: -3 }], expected: 'left out' },
];

function rowsByAmount(set: TrainingSet): Map<number, number> {
  const labels = new Map<number, number>();
  for (let r = 0; r < set.data.nRows; r += 1) labels.set(set.data.features[r * set.data.nFeatures + AMOUNT]!, set.data.labels[r]!);
  return labels;
}

/** Decisions with `amount`, `is_night` and a noise feature; fraud is likely above 70 000 fen and rare below. */
async function insertSynthetic(db: Database, n: number, startMs: number, seed: number): Promise<void> {
  const rng = mulberry32(seed);
  for (let i = 0; i < n; i += 1) {
    const amount = Math.floor(rng() * 100_000);
    const fraud = amount > 70_000 ? rng() < 0.9 : rng() < 0.01;
    const subject = `pi_syn_${seed}_${i}`;
    const atMs = startMs + i * 60_000;
    await recordDecision(db, assessment(subject, atMs, 'allow', { amount, is_night: rng() < 0.3, 'customer.count_1d': Math.floor(rng() * 5), currency: 'CNY' }));
    if (fraud) await recordLabel(db, label(subject, true, 'dispute', atMs + 7 * DAY_MS));
  }
}

describe('training sets from the decision log', () => {
  let database: TestDatabase;
  before(async () => {
    database = await openTestDatabase();
    for (const s of SCENARIOS) {
      for (const d of s.decisions) await recordDecision(database.db, assessment(s.subject, AS_OF_MS - d.agoDays * DAY_MS, d.decision, { amount: s.amount, is_night: true, currency: 'CNY' }));
      for (const l of s.labels) await recordLabel(database.db, label(s.subject, l.fraud, l.source, AS_OF_MS - l.agoDays * DAY_MS));
    }
  });
  after(async () => {
    await database.close();
  });

  test('one row per payment from its latest decision, labelled with what was known as of the training moment', async () => {
    const progress: number[] = [];
    const set = await trainingSetFromDatabase(database.db, {
      fromMs: AS_OF_MS - 100 * DAY_MS,
      toMs: AS_OF_MS + 100 * DAY_MS,
      asOfMs: AS_OF_MS,
      pageRows: 2,
      onProgress: (p) => progress.push(p.decisionsRead),
    });
    assert.ok(!isTrainingFailure(set));
    const got = rowsByAmount(set);
    for (const s of SCENARIOS) assert.equal(got.get(s.amount) ?? 'left out', s.expected, s.subject);
    assert.deepEqual(set.leftOut, { immature: 3, blocked: 1 });
    assert.equal(set.frauds, 3);
    assert.deepEqual(set.data.featureNames, [...MODEL_FEATURES]);
    const isNight = MODEL_FEATURES.indexOf('is_night');
    assert.equal(set.data.features[isNight], 1, 'booleans are 0/1');
    assert.ok(Number.isNaN(set.data.features[MODEL_FEATURES.indexOf('customer.count_1d')]!), 'a feature not stored is missing');
    assert.ok(progress.length > 5, `the log is read in pages (${progress.join(', ')})`);
    assert.equal(progress.at(-1), 13, 'decisions after the as-of moment are not read');
  });

  test('a shorter maturity counts recent unlabelled payments as legitimate', async () => {
    const set = await trainingSetFromDatabase(database.db, { fromMs: AS_OF_MS - 100 * DAY_MS, toMs: AS_OF_MS, asOfMs: AS_OF_MS, maturityDays: 3 });
    assert.ok(!isTrainingFailure(set));
    const got = rowsByAmount(set);
    assert.equal(got.get(2), 0, 'pi_recent_clean');
    assert.equal(got.get(10), 0, 'pi_retried_recently');
    assert.deepEqual(set.leftOut, { immature: 0, blocked: 1 });
  });

  test('too few labelled rows is a named failure that says what to do', async () => {
    const set = await trainingSetFromDatabase(database.db, { fromMs: AS_OF_MS - 100 * DAY_MS, toMs: AS_OF_MS, asOfMs: AS_OF_MS });
    assert.ok(!isTrainingFailure(set));
    const refused = trainAndEvaluate(set);
    assert.ok(isTrainingFailure(refused));
    assert.equal(refused.failure, 'not_enough_rows');
    assert.match(refused.message, /Only 7 labelled rows \(3 more are too recent.*--maturity-days/);
  });
});

describe('training and evaluating a model', () => {
  let database: TestDatabase;
  const startMs = AS_OF_MS - 90 * DAY_MS;
  before(async () => {
    database = await openTestDatabase();
    await insertSynthetic(database.db, 500, startMs, 7);
  });
  after(async () => {
    await database.close();
  });

  test('separates fraud from legitimate payments on the latest fifth of the rows, by time', async () => {
    const set = await trainingSetFromDatabase(database.db, { fromMs: startMs, toMs: AS_OF_MS, asOfMs: AS_OF_MS });
    assert.ok(!isTrainingFailure(set));
    assert.equal(set.data.nRows, 500);
    const trained = trainAndEvaluate(set, { params: { nTrees: 200 } });
    assert.ok(!isTrainingFailure(trained), isTrainingFailure(trained) ? trained.message : '');
    const m = trained.metrics;
    // The validation rows are the latest 100 decisions, whatever their order in the set.
    let latestFrauds = 0;
    for (let r = 400; r < 500; r += 1) latestFrauds += set.data.labels[r]!;
    assert.deepEqual({ rows: m.rows, frauds: m.frauds, validation_rows: m.validation_rows, validation_frauds: m.validation_frauds }, { rows: 500, frauds: set.frauds, validation_rows: 100, validation_frauds: latestFrauds });
    assert.ok(m.validation_roc_auc > 0.8, `validation AUC ${m.validation_roc_auc}`);
    assert.ok(m.trees >= 1 && m.trees <= 200);
    assert.deepEqual(trained.model.featureNames, [...MODEL_FEATURES]);
  });

  test('a fraud set with fewer than 10 frauds is refused as not_enough_frauds', async () => {
    const set = await trainingSetFromDatabase(database.db, { fromMs: startMs, toMs: AS_OF_MS, asOfMs: AS_OF_MS });
    assert.ok(!isTrainingFailure(set));
    const labels = set.data.labels.slice();
    let kept = 0;
    for (let r = 0; r < labels.length; r += 1) if (labels[r] === 1 && (kept += 1) > 9) labels[r] = 0;
    const refused = trainAndEvaluate({ ...set, data: { ...set.data, labels }, frauds: 9 });
    assert.ok(isTrainingFailure(refused));
    assert.equal(refused.failure, 'not_enough_frauds');
    assert.match(refused.message, /Only 9 of 500 labelled rows are fraud; training needs at least 10\. Report chargebacks/);
  });
});

describe('training sets from a CSV file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paygrid-training-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Rows written newest first, so that only the time column puts them in order. */
  function csv(n: number): string {
    const rng = mulberry32(3);
    const lines = ['TX_TIME_SECONDS,amount,is_night,TX_FRAUD,note_id'];
    for (let i = n - 1; i >= 0; i -= 1) {
      const amount = Math.floor(rng() * 100_000);
      const fraud = amount > 70_000 ? rng() < 0.9 : rng() < 0.01;
      lines.push(`${i * 60},${amount},${rng() < 0.3 ? 1 : ''},${fraud ? 1 : 0},n${i}`);
    }
    return `${lines.join('\n')}\n`;
  }

  test('reads the model-feature columns of a gzip file and trains on them, ordered by the time column', async () => {
    const path = join(dir, 'history.csv.gz');
    writeFileSync(path, gzipSync(csv(600)));
    const set = await trainingSetFromCsv(path);
    assert.ok(!isTrainingFailure(set), isTrainingFailure(set) ? set.message : '');
    assert.deepEqual(set.data.featureNames, ['amount', 'is_night']);
    assert.equal(set.data.nRows, 600);
    assert.equal(set.timesMs[0], 599 * 60);
    assert.ok(Number.isNaN(set.data.features[1]) || set.data.features[1] === 1, 'an empty field is missing');
    const trained = trainAndEvaluate(set, { params: { nTrees: 200 } });
    assert.ok(!isTrainingFailure(trained), isTrainingFailure(trained) ? trained.message : '');
    assert.ok(trained.metrics.validation_roc_auc > 0.8, `validation AUC ${trained.metrics.validation_roc_auc}`);
  });

  const refusals: { name: string; options: Parameters<typeof trainingSetFromCsv>[1]; message: RegExp }[] = [
    { name: 'a label column that is not there', options: { label: 'is_fraud' }, message: /plain\.csv: missing column\(s\) is_fraud$/ },
    { name: 'feature columns that are not there', options: { features: ['amount', 'card_age', 'mcc'] }, message: /plain\.csv: missing column\(s\) card_age, mcc$/ },
    { name: 'a feature column that is not numeric', options: { features: ['amount', 'note_id'] }, message: /plain\.csv: data row 1, column note_id: "n199" is not a number$/ },
  ];
  for (const { name, options, message } of refusals) {
    test(`${name}: csv_unreadable, naming the file`, async () => {
      const path = join(dir, 'plain.csv');
      writeFileSync(path, csv(200));
      const set = await trainingSetFromCsv(path, options);
      assert.ok(isTrainingFailure(set));
      assert.equal(set.failure, 'csv_unreadable');
      assert.match(set.message, message);
    });
  }

  test('a file that does not exist is csv_unreadable, naming it', async () => {
    const path = join(dir, 'missing.csv');
    const set = await trainingSetFromCsv(path);
    assert.ok(isTrainingFailure(set));
    assert.equal(set.failure, 'csv_unreadable');
    assert.ok(set.message.includes(path), set.message);
  });
});
