import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GBDT_FORMAT,
  mulberry32,
  predictMargin,
  predictProbability,
  predictRows,
  quantileCuts,
  trainGbdt,
  validateModel,
  type GbdtDataset,
  type GbdtModel,
} from '../../src/risk/model/gbdt.ts';
import { rocAuc } from '../../src/risk/model/metrics.ts';

/** Rows of uniform features in [0, 1) from a fixed seed, labelled by `rule`. */
function synthetic(nRows: number, nFeatures: number, seed: number, rule: (x: Float64Array) => boolean): GbdtDataset {
  const rng = mulberry32(seed);
  const features = new Float64Array(nRows * nFeatures);
  const labels = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r += 1) {
    const row = features.subarray(r * nFeatures, (r + 1) * nFeatures);
    for (let f = 0; f < nFeatures; f += 1) row[f] = rng();
    labels[r] = rule(row) ? 1 : 0;
  }
  return { features, nRows, nFeatures, labels, featureNames: Array.from({ length: nFeatures }, (_, f) => `x${f}`) };
}

function accuracy(model: GbdtModel, data: GbdtDataset): number {
  const p = predictRows(model, data.features, data.nRows);
  let right = 0;
  for (let r = 0; r < data.nRows; r += 1) if ((p[r]! >= 0.5 ? 1 : 0) === data.labels[r]) right += 1;
  return right / data.nRows;
}

const xor = (x: Float64Array): boolean => x[0]! > 0.5 !== x[1]! > 0.5;
const band = (x: Float64Array): boolean => x[0]! > 0.3 && x[0]! < 0.7;

test('learns XOR, which no linear model can separate (a linear score has AUC about 0.5 there)', () => {
  const model = trainGbdt(synthetic(2000, 3, 1, xor), { params: { nTrees: 40, maxDepth: 3, learningRate: 0.3 } });
  const holdout = synthetic(1000, 3, 2, xor);
  assert.ok(accuracy(model, holdout) > 0.95, `holdout accuracy ${accuracy(model, holdout)}`);
  const linear = holdout.features.filter((_, i) => i % 3 === 0).map((v, r) => v + holdout.features[r * 3 + 1]!);
  assert.ok(Math.abs(rocAuc(linear, holdout.labels) - 0.5) < 0.05, 'the sum x0 + x1 does not rank XOR');
});

test('learns a band of one feature (fraud between two thresholds)', () => {
  const model = trainGbdt(synthetic(2000, 2, 3, band), { params: { nTrees: 30, maxDepth: 2, learningRate: 0.3 } });
  assert.ok(accuracy(model, synthetic(1000, 2, 4, band)) > 0.97);
  assert.ok(predictProbability(model, [0.5, 0.5]) > 0.9);
  assert.ok(predictProbability(model, [0.1, 0.5]) < 0.1);
  assert.ok(predictProbability(model, [0.9, 0.5]) < 0.1);
});

test('the same seed gives the same model; another seed gives another when sampling', () => {
  const data = synthetic(1500, 4, 5, xor);
  const params = { nTrees: 15, maxDepth: 4, subsample: 0.7, colsampleByTree: 0.75, colsampleByNode: 0.7, seed: 42 };
  const a = trainGbdt(data, { params });
  const b = trainGbdt(data, { params });
  const c = trainGbdt(data, { params: { ...params, seed: 43 } });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.trees, c.trees);
});

test('a model survives a JSON round trip and validateModel, scoring the same', () => {
  const data = synthetic(1000, 3, 6, xor);
  const model = trainGbdt(data, { params: { nTrees: 10, maxDepth: 3 } });
  const loaded = validateModel(JSON.parse(JSON.stringify(model)));
  assert.ok(typeof loaded !== 'string', `validateModel said: ${String(loaded)}`);
  assert.equal(loaded.format, GBDT_FORMAT);
  for (let r = 0; r < 50; r += 1) {
    const row = data.features.subarray(r * 3, r * 3 + 3);
    assert.equal(predictMargin(loaded, row), predictMargin(model, row));
  }
});

test('missing values learn their own direction: NaN rows labelled fraud score as fraud', () => {
  const rule = (x: Float64Array): boolean => x[0]! > 0.5;
  for (const missingLabel of [0, 1]) {
    const data = synthetic(2000, 2, 7, rule);
    // Every fifth row loses feature 0 and takes the chosen label.
    for (let r = 0; r < data.nRows; r += 5) {
      data.features[r * 2] = Number.NaN;
      data.labels[r] = missingLabel;
    }
    const model = trainGbdt(data, { params: { nTrees: 20, maxDepth: 2, learningRate: 0.3 } });
    const p = predictProbability(model, [Number.NaN, 0.5]);
    if (missingLabel === 1) assert.ok(p > 0.9, `missing → fraud, got ${p}`);
    else assert.ok(p < 0.1, `missing → legitimate, got ${p}`);
  }
});

test('a missing value follows defaultLeft in a stored tree', () => {
  const left = stumpModel(1);
  const right = stumpModel(0);
  assert.equal(predictMargin(left, [Number.NaN]), -1, 'defaultLeft 1 goes left');
  assert.equal(predictMargin(right, [Number.NaN]), 1, 'defaultLeft 0 goes right');
  assert.equal(predictMargin(left, [4.9]), -1, 'below the threshold goes left');
  assert.equal(predictMargin(left, [5]), 1, 'at the threshold goes right');
});

test('a scored model is frozen, so its cached compiled form cannot go stale', () => {
  const model = stumpModel(1);
  predictMargin(model, [1]);
  assert.throws(() => {
    model.trees[0]!.defaultLeft[0] = 0;
  }, TypeError);
  assert.equal(predictMargin(model, [Number.NaN]), -1);
});

test('missing values unseen in training go to the heavier child', () => {
  // 80% of rows have x0 < 0.8 (label 0); the rest label 1. NaN never appears in training.
  const model = trainGbdt(synthetic(2000, 1, 8, (x) => x[0]! >= 0.8), { params: { nTrees: 10, maxDepth: 1, learningRate: 0.3 } });
  assert.ok(predictProbability(model, [Number.NaN]) < 0.1);
});

test('early stopping keeps the trees up to the best validation round', () => {
  // A quarter of the labels flipped at random: nothing to learn past the threshold, so deep
  // trees at a high learning rate soon overfit and the validation loss turns up.
  const noisy = (seed: number): GbdtDataset => {
    const flip = mulberry32(seed + 100);
    return synthetic(600, 5, seed, (x) => x[0]! > 0.5 !== flip() < 0.25);
  };
  let rounds = 0;
  const model = trainGbdt(noisy(9), {
    params: { nTrees: 300, maxDepth: 6, learningRate: 0.5, minChildWeight: 0, earlyStoppingRounds: 10, earlyStoppingMetric: 'log_loss' },
    validation: noisy(10),
    onProgress: (iteration) => {
      rounds = iteration;
    },
  });
  assert.ok(rounds < 300, `stopped after ${rounds} rounds`);
  assert.equal(model.trees.length, rounds - 10);
});

test('training rejects bad parameters and data with a message', () => {
  const data = synthetic(50, 2, 11, xor);
  assert.throws(() => trainGbdt(data, { params: { maxBins: 256 } }), /maxBins/);
  assert.throws(() => trainGbdt(data, { params: { subsample: 0 } }), /subsample/);
  assert.throws(() => trainGbdt({ ...data, nRows: 49 }, {}), /features hold 100 values, expected 49 × 2/);
  const infinite = { ...data, features: data.features.slice() };
  infinite.features[3] = Infinity;
  assert.throws(() => trainGbdt(infinite), /infinite; use NaN for missing/);
});

test('predictMargin refuses a row of the wrong width', () => {
  assert.throws(() => predictMargin(stumpModel(), [1, 2]), /got 2 features, the model expects 1/);
});

test('quantileCuts never splits equal values and cuts between neighbours', () => {
  assert.deepEqual([...quantileCuts(Float64Array.from([1, 1, 2, 3, 3]), 255)], [1.5, 2.5]);
  const many = Float64Array.from({ length: 1000 }, (_, i) => i);
  const cuts = quantileCuts(many, 4);
  assert.equal(cuts.length, 3);
  assert.deepEqual([...cuts], [249.5, 499.5, 749.5]);
});

/** A parsed artifact as a loader sees it: any field may hold anything. */
interface RawTree {
  feature: unknown[];
  threshold: unknown[];
  left: unknown[];
  right: unknown[];
  value: unknown[];
  defaultLeft: unknown[];
}
interface RawArtifact {
  [key: string]: unknown;
  trees: RawTree[];
  params: Record<string, unknown>;
}

// Each row: a change to a valid artifact, and the message validateModel must give.
const INVALID_ARTIFACTS: ReadonlyArray<[string, (m: RawArtifact) => void, RegExp]> = [
  ['wrong format tag', (m) => (m.format = 'xgboost/1'), /model\.format: expected 'paygrid-gbdt\/1'/],
  ['no feature names', (m) => (m.featureNames = []), /model\.featureNames/],
  ['base margin not a number', (m) => (m.baseMargin = 'x'), /model\.baseMargin/],
  ['trees not an array', (m) => ((m as Record<string, unknown>).trees = {}), /model\.trees: expected an array/],
  ['arrays of different lengths', (m) => tree0(m).value.pop(), /model\.trees\[0\]\.value: expected an array of 3 entries/],
  ['non-finite threshold', (m) => (tree0(m).threshold[0] = null), /model\.trees\[0\]\.threshold: expected finite numbers/],
  ['feature index out of range', (m) => (tree0(m).feature[0] = 1), /node 0: feature 1 is not −1 \(leaf\) or an index below 1/],
  ['a child pointing back (a loop)', (m) => (tree0(m).left[0] = 0), /node 0: children must be node indexes after their parent/],
  ['a child beyond the tree', (m) => (tree0(m).right[0] = 3), /children must be node indexes after their parent/],
  ['defaultLeft not 0 or 1', (m) => (tree0(m).defaultLeft[0] = 2), /defaultLeft must be 0 or 1/],
  ['params missing', (m) => delete (m as Record<string, unknown>).params, /model\.params: expected an object/],
  ['a param of the wrong type', (m) => (m.params.learningRate = '0.1'), /model\.params\.learningRate: expected a number/],
];

for (const [name, mutate, message] of INVALID_ARTIFACTS) {
  test(`validateModel rejects an artifact with ${name}`, () => {
    const artifact = JSON.parse(JSON.stringify(stumpModel())) as RawArtifact;
    mutate(artifact);
    const result = validateModel(artifact);
    assert.equal(typeof result, 'string');
    assert.match(result as string, message);
  });
}

test('validateModel rejects things that are not objects', () => {
  assert.equal(validateModel(null), 'model: expected an object');
  assert.equal(validateModel([]), 'model: expected an object');
});

function tree0(m: RawArtifact): RawTree {
  return m.trees[0]!;
}

/** One split on feature 0 at 5: left leaf −1, right leaf +1, missing left (defaultLeft 1) or right (0). */
function stumpModel(defaultLeft = 1): GbdtModel {
  const trained = trainGbdt(synthetic(20, 1, 12, (x) => x[0]! > 0.5), { params: { nTrees: 1 } });
  return {
    ...trained,
    baseMargin: 0,
    trees: [{ feature: [0, -1, -1], threshold: [5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -1, 1], defaultLeft: [defaultLeft, 0, 0] }],
  };
}
