/**
 * A histogram gradient-boosted decision tree learner for binary classification (log loss),
 * written for the risk module's fraud scores; no dependencies.
 *
 * The method is XGBoost's "hist" tree method (Chen & Guestrin 2016, "XGBoost: A Scalable
 * Tree Boosting System", sections 2–3): second-order gradient statistics, the L2-regularised
 * gain ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ, leaf weights −G/(H+λ), a learned
 * default direction for missing values, and a minimum child hessian sum. Features are bucketed
 * into at most 255 quantile bins once, so finding a split reads a histogram instead of sorting.
 *
 * A trained model is plain JSON (`GbdtModel`): trees are flat arrays that hold raw feature
 * thresholds, not bins, so scoring needs neither the bins nor this training code, and an
 * artifact can be stored in a database and checked with `validateModel` when loaded.
 */
import { averagePrecision } from './metrics.ts';

export const GBDT_FORMAT = 'paygrid-gbdt/1';

/** Value bins per feature; bin 255 is kept for missing values so a bin fits in one byte. */
export const MAX_VALUE_BINS = 255;
const MISSING_BIN = 255;
const BIN_SLOTS = 256;

/** Limits on what training accepts and what `validateModel` loads. */
export const MAX_TREES = 10_000;
export const MAX_DEPTH = 16;
export const MAX_LEAVES = 4_096;
export const MAX_TREE_NODES = 2 * MAX_LEAVES - 1;
export const MAX_FEATURES = 10_000;
export const MAX_TRAINING_ROWS = 50_000_000;

/** Hessians are clamped here so a confidently-right row never divides by zero. */
const MIN_HESSIAN = 1e-16;

/**
 * The least hessian sum of a child even with minChildWeight 0: histogram subtraction leaves
 * rounding dust of about this size in empty bins, which must not pass for a child with rows.
 */
const MIN_CHILD_HESSIAN = 1e-9;

/**
 * One tree as parallel arrays indexed by node; node 0 is the root. An internal node sends a
 * row left when `x[feature] < threshold`, right when `x[feature] >= threshold`, and by
 * `defaultLeft` when the value is missing (NaN). A leaf has `feature` −1 and adds `value`
 * (already multiplied by the learning rate) to the margin. Children always have larger
 * indexes than their parent, which `validateModel` checks so that scoring cannot loop.
 */
export interface GbdtTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  /** 1: a missing value goes left; 0: right. */
  defaultLeft: number[];
}

export type EarlyStoppingMetric = 'log_loss' | 'average_precision';

export interface GbdtParams {
  /** The most boosting rounds; early stopping may keep fewer trees. */
  nTrees: number;
  learningRate: number;
  maxDepth: number;
  /** The most leaves per tree; 0 means 2^maxDepth. Trees grow best-first (largest gain first). */
  maxLeaves: number;
  /** L2 regularisation of leaf weights (XGBoost's lambda). */
  lambda: number;
  /** The least gain a split must bring (XGBoost's gamma, min_split_loss). */
  gamma: number;
  /** The least hessian sum in a child (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** The share of rows each tree is grown on, drawn without replacement. */
  subsample: number;
  /** The share of features each tree may use. */
  colsampleByTree: number;
  /** The share of the tree's features each split may use. */
  colsampleByNode: number;
  /** Value bins per feature, 2..255. */
  maxBins: number;
  /**
   * The share of each feature's binning resolution spread over its value range rather than
   * its rows, 0..1 (see quantileCuts); 0 gives plain quantile bins.
   */
  rangeBinShare: number;
  /** The weight of a fraud row relative to a legitimate one. */
  scalePosWeight: number;
  seed: number;
  /** Stop when the validation metric has not improved for this many rounds; 0 turns it off. */
  earlyStoppingRounds: number;
  earlyStoppingMetric: EarlyStoppingMetric;
}

export const DEFAULT_GBDT_PARAMS: Readonly<GbdtParams> = Object.freeze({
  nTrees: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 0,
  lambda: 1,
  gamma: 0,
  minChildWeight: 1,
  subsample: 1,
  colsampleByTree: 1,
  colsampleByNode: 1,
  maxBins: 255,
  rangeBinShare: 0.5,
  scalePosWeight: 1,
  seed: 1,
  earlyStoppingRounds: 0,
  earlyStoppingMetric: 'log_loss',
});

export interface GbdtModel {
  format: typeof GBDT_FORMAT;
  featureNames: string[];
  /** The margin (log-odds) before any tree: the training set's weighted fraud rate. */
  baseMargin: number;
  trees: GbdtTree[];
  params: GbdtParams;
  trainedRows: number;
}

/** Training or validation rows: `features` is row-major, `nRows × nFeatures`, NaN for missing. */
export interface GbdtDataset {
  features: Float64Array;
  nRows: number;
  nFeatures: number;
  labels: Uint8Array;
  featureNames: string[];
}

export interface IterationMetrics {
  trainLogLoss: number;
  validLogLoss?: number;
  validAveragePrecision?: number;
}

export interface TrainOptions {
  params?: Partial<GbdtParams>;
  /** Rows for early stopping and progress metrics; never trained on. */
  validation?: GbdtDataset;
  onProgress?: (iteration: number, total: number, metrics: IterationMetrics) => void;
}

// ---------------------------------------------------------------------------------------
// Scoring

/**
 * The model's log-odds for one row of `featureNames.length` values. Allocates nothing once
 * the model has been scored for the first time (see compiledFormOf).
 */
export function predictMargin(model: GbdtModel, x: ArrayLike<number>): number {
  if (x.length !== model.featureNames.length) {
    throw new Error(`predictMargin: got ${x.length} features, the model expects ${model.featureNames.length}`);
  }
  return compiledMargin(compiledFormOf(model), x, 0);
}

/** The model's fraud probability for one row: the sigmoid of its margin. */
export function predictProbability(model: GbdtModel, x: ArrayLike<number>): number {
  return sigmoid(predictMargin(model, x));
}

/** Probabilities for `nRows` rows of a row-major matrix. */
export function predictRows(model: GbdtModel, features: Float64Array, nRows: number): Float64Array {
  const nFeatures = model.featureNames.length;
  if (features.length !== nRows * nFeatures) {
    throw new Error(`predictRows: ${features.length} values are not ${nRows} rows of ${nFeatures} features`);
  }
  const compiled = compiledFormOf(model);
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r += 1) out[r] = sigmoid(compiledMargin(compiled, features, r * nFeatures));
  return out;
}

export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

/**
 * All trees' nodes in typed arrays, numbered globally. A leaf has feature −1 and keeps its
 * value in `threshold`; `children` holds (left, right, missing) for each node. Walking typed
 * arrays of one shape is several times faster than walking each tree's JSON arrays, whose
 * element kinds differ from tree to tree.
 */
interface CompiledModel {
  baseMargin: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  children: Int32Array;
}

const compiledForms = new WeakMap<GbdtModel, CompiledModel>();

/**
 * The compiled form of a model, built on first use and cached. The model is frozen then, so
 * that a later change to it fails loudly instead of scoring with a stale cache.
 */
function compiledFormOf(model: GbdtModel): CompiledModel {
  const cached = compiledForms.get(model);
  if (cached !== undefined) return cached;
  const compiled = compileModel(model);
  deepFreeze(model);
  compiledForms.set(model, compiled);
  return compiled;
}

function compileModel(model: GbdtModel): CompiledModel {
  const total = model.trees.reduce((n, tree) => n + tree.feature.length, 0);
  const compiled: CompiledModel = {
    baseMargin: model.baseMargin,
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    children: new Int32Array(total * 3),
  };
  let offset = 0;
  model.trees.forEach((tree, t) => {
    compiled.roots[t] = offset;
    for (let node = 0; node < tree.feature.length; node += 1) {
      const at = offset + node;
      const f = tree.feature[node]!;
      compiled.feature[at] = f;
      compiled.threshold[at] = f < 0 ? tree.value[node]! : tree.threshold[node]!;
      if (f < 0) continue;
      compiled.children[3 * at] = offset + tree.left[node]!;
      compiled.children[3 * at + 1] = offset + tree.right[node]!;
      compiled.children[3 * at + 2] = offset + (tree.defaultLeft[node] === 1 ? tree.left[node]! : tree.right[node]!);
    }
    offset += tree.feature.length;
  });
  return compiled;
}

/** `v < t` and `v >= t` are both false only for NaN, which takes the missing-value child. */
function compiledMargin(m: CompiledModel, x: ArrayLike<number>, offset: number): number {
  const { roots, feature, threshold, children } = m;
  let margin = m.baseMargin;
  for (let t = 0; t < roots.length; t += 1) {
    let node = roots[t]!;
    let f = feature[node]!;
    while (f >= 0) {
      const v = x[offset + f]!;
      const th = threshold[node]!;
      node = children[3 * node + (v < th ? 0 : v >= th ? 1 : 2)]!;
      f = feature[node]!;
    }
    margin += threshold[node]!;
  }
  return margin;
}

function deepFreeze(model: GbdtModel): void {
  for (const tree of model.trees) {
    for (const key of TREE_ARRAYS) Object.freeze(tree[key]);
    Object.freeze(tree);
  }
  Object.freeze(model.trees);
  Object.freeze(model.featureNames);
  Object.freeze(model.params);
  Object.freeze(model);
}

/** Walks one tree; `v < t` and `v >= t` are both false only for NaN, which takes the default. */
function treeValue(tree: GbdtTree, x: ArrayLike<number>, offset: number): number {
  const { feature, threshold, left, right, defaultLeft } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const v = x[offset + f]!;
    const t = threshold[node]!;
    if (v < t) node = left[node]!;
    else if (v >= t) node = right[node]!;
    else node = defaultLeft[node] === 1 ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return tree.value[node]!;
}

// ---------------------------------------------------------------------------------------
// Training

/** Trains a model; throws on invalid parameters or data (NaN marks a missing value; ±Infinity is refused). */
export function trainGbdt(data: GbdtDataset, options: TrainOptions = {}): GbdtModel {
  const params = resolveParams(options.params ?? {});
  assertDataset(data, 'training');
  if (options.validation !== undefined) {
    assertDataset(options.validation, 'validation');
    if (options.validation.nFeatures !== data.nFeatures) throw new Error('trainGbdt: validation and training sets have different feature counts');
  }
  const state = new BoostingState(data, params, options.validation);
  const total = params.nTrees;
  for (let iteration = 1; iteration <= total; iteration += 1) {
    const metrics = state.boostOnce();
    options.onProgress?.(iteration, total, metrics);
    if (state.shouldStop()) break;
  }
  return {
    format: GBDT_FORMAT,
    featureNames: [...data.featureNames],
    baseMargin: state.baseMargin,
    trees: state.keptTrees(),
    params,
    trainedRows: data.nRows,
  };
}

function resolveParams(overrides: Partial<GbdtParams>): GbdtParams {
  const p: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...overrides };
  const problem = paramsProblem(p);
  if (problem !== undefined) throw new Error(`trainGbdt: ${problem}`);
  if (p.maxLeaves === 0) p.maxLeaves = Math.min(MAX_LEAVES, 2 ** p.maxDepth);
  return p;
}

function paramsProblem(p: GbdtParams): string | undefined {
  const intIn = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;
  const shareOk = (v: number): boolean => Number.isFinite(v) && v > 0 && v <= 1;
  if (!intIn(p.nTrees, 1, MAX_TREES)) return `nTrees must be an integer in 1..${MAX_TREES}`;
  if (!(Number.isFinite(p.learningRate) && p.learningRate > 0 && p.learningRate <= 1)) return 'learningRate must be in (0, 1]';
  if (!intIn(p.maxDepth, 1, MAX_DEPTH)) return `maxDepth must be an integer in 1..${MAX_DEPTH}`;
  if (!(p.maxLeaves === 0 || intIn(p.maxLeaves, 2, MAX_LEAVES))) return `maxLeaves must be 0 or an integer in 2..${MAX_LEAVES}`;
  if (!(Number.isFinite(p.lambda) && p.lambda >= 0)) return 'lambda must be >= 0';
  if (!(Number.isFinite(p.gamma) && p.gamma >= 0)) return 'gamma must be >= 0';
  if (!(Number.isFinite(p.minChildWeight) && p.minChildWeight >= 0)) return 'minChildWeight must be >= 0';
  if (!shareOk(p.subsample) || !shareOk(p.colsampleByTree) || !shareOk(p.colsampleByNode)) return 'subsample and colsample shares must be in (0, 1]';
  if (!intIn(p.maxBins, 2, MAX_VALUE_BINS)) return `maxBins must be an integer in 2..${MAX_VALUE_BINS}`;
  if (!(Number.isFinite(p.rangeBinShare) && p.rangeBinShare >= 0 && p.rangeBinShare <= 1)) return 'rangeBinShare must be in [0, 1]';
  if (!(Number.isFinite(p.scalePosWeight) && p.scalePosWeight > 0)) return 'scalePosWeight must be > 0';
  if (!Number.isInteger(p.seed)) return 'seed must be an integer';
  if (!intIn(p.earlyStoppingRounds, 0, MAX_TREES)) return 'earlyStoppingRounds must be a non-negative integer';
  if (p.earlyStoppingMetric !== 'log_loss' && p.earlyStoppingMetric !== 'average_precision') return "earlyStoppingMetric must be 'log_loss' or 'average_precision'";
  return undefined;
}

function assertDataset(d: GbdtDataset, name: string): void {
  if (!Number.isInteger(d.nRows) || d.nRows < 1 || d.nRows > MAX_TRAINING_ROWS) throw new Error(`trainGbdt: ${name} set needs 1..${MAX_TRAINING_ROWS} rows, got ${d.nRows}`);
  if (!Number.isInteger(d.nFeatures) || d.nFeatures < 1 || d.nFeatures > MAX_FEATURES) throw new Error(`trainGbdt: ${name} set needs 1..${MAX_FEATURES} features, got ${d.nFeatures}`);
  if (d.features.length !== d.nRows * d.nFeatures) throw new Error(`trainGbdt: ${name} features hold ${d.features.length} values, expected ${d.nRows} × ${d.nFeatures}`);
  if (d.labels.length !== d.nRows) throw new Error(`trainGbdt: ${name} set has ${d.labels.length} labels for ${d.nRows} rows`);
  if (d.featureNames.length !== d.nFeatures) throw new Error(`trainGbdt: ${name} set has ${d.featureNames.length} feature names for ${d.nFeatures} features`);
  for (let r = 0; r < d.nRows; r += 1) {
    if (d.labels[r]! > 1) throw new Error(`trainGbdt: ${name} label of row ${r} is ${d.labels[r]}, expected 0 or 1`);
  }
  for (let i = 0; i < d.features.length; i += 1) {
    const v = d.features[i]!;
    if (v === Infinity || v === -Infinity) throw new Error(`trainGbdt: ${name} row ${Math.floor(i / d.nFeatures)} feature ${i % d.nFeatures} is infinite; use NaN for missing`);
  }
}

/** The boosting loop's state: binned training rows, running margins and the trees so far. */
class BoostingState {
  readonly baseMargin: number;
  private readonly binned: BinnedMatrix;
  private readonly weights: Float64Array;
  private readonly margins: Float64Array;
  private readonly grad: Float64Array;
  private readonly hess: Float64Array;
  private readonly rowIndex: Uint32Array;
  private readonly rng: () => number;
  private readonly grower: TreeGrower;
  private readonly trees: GbdtTree[] = [];
  private readonly validation: ValidationTracker | undefined;

  constructor(
    private readonly data: GbdtDataset,
    private readonly params: GbdtParams,
    validation: GbdtDataset | undefined,
  ) {
    this.binned = binMatrix(data.features, data.nRows, data.nFeatures, params.maxBins, params.rangeBinShare);
    this.weights = rowWeights(data.labels, params.scalePosWeight);
    this.baseMargin = priorMargin(data.labels, this.weights);
    this.margins = new Float64Array(data.nRows).fill(this.baseMargin);
    this.grad = new Float64Array(data.nRows);
    this.hess = new Float64Array(data.nRows);
    this.rowIndex = new Uint32Array(data.nRows);
    this.rng = mulberry32(params.seed);
    this.grower = new TreeGrower(this.binned, this.grad, this.hess, params, this.rng);
    this.validation = validation === undefined ? undefined : new ValidationTracker(validation, this.baseMargin, params);
  }

  /** Grows one tree on the current gradients and adds it to the margins. */
  boostOnce(): IterationMetrics {
    logLossGradients(this.margins, this.data.labels, this.weights, this.grad, this.hess);
    const rows = sampleRows(this.rng, this.params.subsample, this.rowIndex);
    const features = sampleFeatures(this.rng, this.data.nFeatures, this.params.colsampleByTree);
    const { tree, splitBin } = this.grower.grow(this.rowIndex, rows, features);
    this.trees.push(tree);
    addTreeToBinnedMargins(tree, splitBin, this.binned, this.margins);
    const metrics: IterationMetrics = { trainLogLoss: meanLogLoss(this.margins, this.data.labels) };
    if (this.validation !== undefined) Object.assign(metrics, this.validation.addTree(tree, this.trees.length));
    return metrics;
  }

  shouldStop(): boolean {
    return this.validation?.shouldStop() ?? false;
  }

  /** All trees, or those up to the best validation round when early stopping is on. */
  keptTrees(): GbdtTree[] {
    if (this.validation === undefined || this.params.earlyStoppingRounds === 0) return this.trees;
    return this.trees.slice(0, this.validation.bestTreeCount);
  }
}

/** Keeps validation margins up to date and decides when to stop early. */
class ValidationTracker {
  bestTreeCount = 0;
  private treeCount = 0;
  private bestScore = -Infinity;
  private readonly margins: Float64Array;

  constructor(
    private readonly data: GbdtDataset,
    baseMargin: number,
    private readonly params: GbdtParams,
  ) {
    this.margins = new Float64Array(data.nRows).fill(baseMargin);
  }

  addTree(tree: GbdtTree, treeCount: number): Pick<IterationMetrics, 'validLogLoss' | 'validAveragePrecision'> {
    const { features, nFeatures, nRows, labels } = this.data;
    for (let r = 0; r < nRows; r += 1) this.margins[r]! += treeValue(tree, features, r * nFeatures);
    const validLogLoss = meanLogLoss(this.margins, labels);
    const metrics: Pick<IterationMetrics, 'validLogLoss' | 'validAveragePrecision'> = { validLogLoss };
    // Average precision sorts the rows, so it is computed only when it drives early stopping.
    let score = -validLogLoss;
    if (this.params.earlyStoppingMetric === 'average_precision') {
      metrics.validAveragePrecision = averagePrecision(this.margins, labels);
      score = metrics.validAveragePrecision;
    }
    if (score > this.bestScore) {
      this.bestScore = score;
      this.bestTreeCount = treeCount;
    }
    this.treeCount = treeCount;
    return metrics;
  }

  shouldStop(): boolean {
    const rounds = this.params.earlyStoppingRounds;
    return rounds > 0 && this.treeCount - this.bestTreeCount >= rounds;
  }
}

function rowWeights(labels: Uint8Array, scalePosWeight: number): Float64Array {
  const w = new Float64Array(labels.length);
  for (let r = 0; r < labels.length; r += 1) w[r] = labels[r] === 1 ? scalePosWeight : 1;
  return w;
}

/** log(p / (1 − p)) of the weighted positive rate, clamped so a one-class set stays finite. */
function priorMargin(labels: Uint8Array, weights: Float64Array): number {
  let positive = 0;
  let total = 0;
  for (let r = 0; r < labels.length; r += 1) {
    total += weights[r]!;
    if (labels[r] === 1) positive += weights[r]!;
  }
  const p = Math.min(1 - 1e-6, Math.max(1e-6, positive / total));
  return Math.log(p / (1 - p));
}

/** First and second derivatives of the weighted log loss with respect to the margin. */
function logLossGradients(margins: Float64Array, labels: Uint8Array, weights: Float64Array, grad: Float64Array, hess: Float64Array): void {
  for (let r = 0; r < margins.length; r += 1) {
    const p = sigmoid(margins[r]!);
    const w = weights[r]!;
    grad[r] = (p - labels[r]!) * w;
    hess[r] = Math.max(p * (1 - p) * w, MIN_HESSIAN);
  }
}

/** Unweighted mean log loss, computed from margins in a form that does not overflow. */
export function meanLogLoss(margins: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 0; r < margins.length; r += 1) {
    const m = margins[r]!;
    // −log σ(m) = softplus(−m) and −log(1 − σ(m)) = softplus(m).
    sum += softplus(labels[r] === 1 ? -m : m);
  }
  return sum / margins.length;
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Fills `rowIndex` with the rows for the next tree and returns how many there are. */
function sampleRows(rng: () => number, share: number, rowIndex: Uint32Array): number {
  let count = 0;
  for (let r = 0; r < rowIndex.length; r += 1) {
    if (share >= 1 || rng() < share) rowIndex[count++] = r;
  }
  // A tiny share on a tiny set could draw nothing; fall back to one row rather than an empty tree.
  if (count === 0) rowIndex[count++] = Math.floor(rng() * rowIndex.length);
  return count;
}

/** A sorted random subset of `round(share × n)` (at least one) of the indexes 0..n−1. */
function sampleFeatures(rng: () => number, n: number, share: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (share >= 1) return all;
  return partialShuffle(rng, all, Math.max(1, Math.round(share * n)));
}

function partialShuffle(rng: () => number, items: Int32Array, k: number): Int32Array {
  for (let i = 0; i < k; i += 1) {
    const j = i + Math.floor(rng() * (items.length - i));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
  return items.slice(0, k).sort();
}

/** Mulberry32: a small, fast 32-bit PRNG; the same seed gives the same model. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------
// Binning

interface BinnedMatrix {
  /** Row-major bin of each value; MISSING_BIN for NaN. One row's bins sit together, so a histogram pass reads memory in order. */
  bins: Uint8Array;
  /** Per feature, ascending cut points: a value's bin is the number of cuts at or below it. */
  cuts: Float64Array[];
  nRows: number;
  nFeatures: number;
}

function binMatrix(features: Float64Array, nRows: number, nFeatures: number, maxBins: number, rangeShare: number): BinnedMatrix {
  const bins = new Uint8Array(nRows * nFeatures);
  const cuts: Float64Array[] = [];
  const column = new Float64Array(nRows);
  for (let f = 0; f < nFeatures; f += 1) {
    let present = 0;
    for (let r = 0; r < nRows; r += 1) {
      const v = features[r * nFeatures + f]!;
      if (!Number.isNaN(v)) column[present++] = v;
    }
    const featureCuts = quantileCuts(column.subarray(0, present).sort(), maxBins, rangeShare);
    cuts.push(featureCuts);
    for (let r = 0; r < nRows; r += 1) bins[r * nFeatures + f] = binOf(featureCuts, features[r * nFeatures + f]!);
  }
  return { bins, cuts, nRows, nFeatures };
}

/**
 * Cut points that split the sorted values into at most `maxBins` bins, never splitting equal
 * values. Each gap between neighbouring distinct values carries a measure: a share
 * (1 − rangeShare) of its rank distance (the rows below it) plus a share rangeShare of its
 * width over the feature's value range; a cut is placed each time a bin has gathered its
 * part of the measure. rangeShare 0 gives plain equal-count (quantile) bins, which leave the
 * sparse tails of a feature in a few wide bins; a fraud rule such as "amount above 220" lives
 * exactly there, so some resolution is spread over the value range too. Each cut lies
 * halfway between two distinct values, so an unseen value falls on the nearer side.
 */
export function quantileCuts(sorted: Float64Array, maxBins: number, rangeShare = 0): Float64Array {
  const { values, counts } = distinctWithCounts(sorted);
  if (values.length <= maxBins) return gapCuts(values);
  const n = sorted.length;
  const range = values[values.length - 1]! - values[0]!;
  let remaining = 1;
  let binsLeft = maxBins;
  let inBin = 0;
  const cuts: number[] = [];
  for (let i = 0; i + 1 < values.length && binsLeft > 1; i += 1) {
    inBin += (1 - rangeShare) * (counts[i]! / n) + rangeShare * ((values[i + 1]! - values[i]!) / range);
    if (inBin < remaining / binsLeft) continue;
    cuts.push(cutBetween(values[i]!, values[i + 1]!));
    remaining -= inBin;
    inBin = 0;
    binsLeft -= 1;
  }
  return Float64Array.from(cuts);
}

/** One cut in every gap, when the distinct values fit in the bins. */
function gapCuts(values: readonly number[]): Float64Array {
  const cuts = new Float64Array(Math.max(0, values.length - 1));
  for (let i = 0; i < cuts.length; i += 1) cuts[i] = cutBetween(values[i]!, values[i + 1]!);
  return cuts;
}

function distinctWithCounts(sorted: Float64Array): { values: number[]; counts: number[] } {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    const v = sorted[i]!;
    if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]! += 1;
    else {
      values.push(v);
      counts.push(1);
    }
  }
  return { values, counts };
}

/** The midpoint of a < b, or b itself when they are neighbouring doubles and the midpoint rounds to a. */
function cutBetween(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid > a ? mid : b;
}

/** The bin of `v`: the count of cuts ≤ v, by binary search; MISSING_BIN for NaN. */
function binOf(cuts: Float64Array, v: number): number {
  if (Number.isNaN(v)) return MISSING_BIN;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds a new tree's leaf values to the training margins, walking it by bins (the same decisions as by thresholds). */
function addTreeToBinnedMargins(tree: GbdtTree, splitBin: number[], binned: BinnedMatrix, margins: Float64Array): void {
  const { feature, left, right, defaultLeft, value } = tree;
  const { bins, nFeatures } = binned;
  for (let r = 0; r < binned.nRows; r += 1) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const b = bins[r * nFeatures + f]!;
      if (b === MISSING_BIN) node = defaultLeft[node] === 1 ? left[node]! : right[node]!;
      else node = b <= splitBin[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    margins[r]! += value[node]!;
  }
}

// ---------------------------------------------------------------------------------------
// Growing one tree

interface SplitCandidate {
  gain: number;
  feature: number;
  /** Rows with a bin ≤ this go left. */
  bin: number;
  defaultLeft: boolean;
  leftGrad: number;
  leftHess: number;
}

/** A leaf that may still be split: its rows are rowIndex[start, end). */
interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  grad: number;
  hess: number;
  histogram: Float64Array;
  split: SplitCandidate;
}

/** Histograms hold (gradient sum, hessian sum) pairs for each feature's 256 bin slots. */
class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly size: number) {}
  take(): Float64Array {
    const h = this.free.pop();
    return h === undefined ? new Float64Array(this.size) : h.fill(0);
  }
  give(h: Float64Array): void {
    this.free.push(h);
  }
}

class TreeGrower {
  private readonly pool: HistogramPool;
  private tree: GbdtTree = emptyTree();
  private splitBin: number[] = [];
  private rowIndex: Uint32Array = new Uint32Array(0);
  private features: Int32Array = new Int32Array(0);

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly grad: Float64Array,
    private readonly hess: Float64Array,
    private readonly params: GbdtParams,
    private readonly rng: () => number,
  ) {
    this.pool = new HistogramPool(binned.nFeatures * BIN_SLOTS * 2);
  }

  /**
   * Grows a tree best-first: the open leaf whose split gains most is split next, until the
   * tree has maxLeaves leaves or no leaf can be split. With maxLeaves = 2^maxDepth this
   * grows the same tree as level by level.
   */
  grow(rowIndex: Uint32Array, rowCount: number, features: Int32Array): { tree: GbdtTree; splitBin: number[] } {
    this.tree = emptyTree();
    this.splitBin = [];
    this.rowIndex = rowIndex;
    this.features = features;
    const open: OpenLeaf[] = [];
    const root = this.newNode();
    const histogram = this.pool.take();
    this.fillHistogram(histogram, 0, rowCount);
    const [grad, hess] = sumsOf(histogram, features[0]!);
    this.openOrClose(open, { node: root, start: 0, end: rowCount, depth: 0, grad, hess, histogram });
    let leaves = 1;
    // Each pass splits one leaf into two, so the loop runs at most maxLeaves − 1 times.
    while (leaves < this.params.maxLeaves && open.length > 0) {
      const leaf = takeBest(open);
      this.split(open, leaf);
      leaves += 1;
    }
    for (const leaf of open) this.close(leaf.node, leaf.grad, leaf.hess, leaf.histogram);
    return { tree: this.tree, splitBin: this.splitBin };
  }

  private split(open: OpenLeaf[], leaf: OpenLeaf): void {
    const { feature, bin, defaultLeft, leftGrad, leftHess } = leaf.split;
    const mid = partitionRows(this.rowIndex, this.binned, leaf.start, leaf.end, feature, bin, defaultLeft);
    const leftNode = this.newNode();
    const rightNode = this.newNode();
    this.setSplit(leaf.node, leaf.split, leftNode, rightNode);
    // Build the histogram of the smaller child by scanning its rows; the larger one is the
    // parent's minus it (the subtraction trick), computed in the parent's buffer.
    const leftSmaller = mid - leaf.start <= leaf.end - mid;
    const small = this.pool.take();
    if (leftSmaller) this.fillHistogram(small, leaf.start, mid);
    else this.fillHistogram(small, mid, leaf.end);
    const large = subtractHistogram(leaf.histogram, small, this.features);
    const depth = leaf.depth + 1;
    const leftChild = { node: leftNode, start: leaf.start, end: mid, depth, grad: leftGrad, hess: leftHess, histogram: leftSmaller ? small : large };
    const rightChild = { node: rightNode, start: mid, end: leaf.end, depth, grad: leaf.grad - leftGrad, hess: leaf.hess - leftHess, histogram: leftSmaller ? large : small };
    this.openOrClose(open, leftChild);
    this.openOrClose(open, rightChild);
  }

  /** Queues a leaf for splitting when a worthwhile split exists, or makes it final. */
  private openOrClose(open: OpenLeaf[], leaf: Omit<OpenLeaf, 'split'>): void {
    const split = leaf.depth < this.params.maxDepth && leaf.end - leaf.start >= 2 ? this.bestSplit(leaf.histogram, leaf.grad, leaf.hess) : undefined;
    if (split === undefined) this.close(leaf.node, leaf.grad, leaf.hess, leaf.histogram);
    else open.push({ ...leaf, split });
  }

  private close(node: number, grad: number, hess: number, histogram: Float64Array): void {
    this.tree.value[node] = (-grad / (hess + this.params.lambda)) * this.params.learningRate;
    this.pool.give(histogram);
  }

  private bestSplit(histogram: Float64Array, grad: number, hess: number): SplitCandidate | undefined {
    const best: SplitCandidate = { gain: this.params.gamma, feature: -1, bin: 0, defaultLeft: false, leftGrad: 0, leftHess: 0 };
    const candidates = this.params.colsampleByNode >= 1 ? this.features : partialShuffle(this.rng, this.features.slice(), Math.max(1, Math.round(this.params.colsampleByNode * this.features.length)));
    for (const f of candidates) {
      bestSplitOfFeature(histogram, f, this.binned.cuts[f]!.length + 1, grad, hess, this.params, best);
    }
    return best.feature < 0 ? undefined : best;
  }

  private fillHistogram(histogram: Float64Array, start: number, end: number): void {
    const { bins, nFeatures } = this.binned;
    const { grad, hess, rowIndex, features } = this;
    const nSelected = features.length;
    for (let i = start; i < end; i += 1) {
      const r = rowIndex[i]!;
      const g = grad[r]!;
      const h = hess[r]!;
      const rowBase = r * nFeatures;
      for (let k = 0; k < nSelected; k += 1) {
        const f = features[k]!;
        const slot = (f * BIN_SLOTS + bins[rowBase + f]!) * 2;
        histogram[slot]! += g;
        histogram[slot + 1]! += h;
      }
    }
  }

  private newNode(): number {
    const t = this.tree;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    t.defaultLeft.push(0);
    this.splitBin.push(-1);
    return t.feature.length - 1;
  }

  private setSplit(node: number, split: SplitCandidate, leftNode: number, rightNode: number): void {
    const t = this.tree;
    t.feature[node] = split.feature;
    // Rows with bin ≤ b are exactly those with a value below cut b (see binOf).
    t.threshold[node] = this.binned.cuts[split.feature]![split.bin]!;
    t.left[node] = leftNode;
    t.right[node] = rightNode;
    t.defaultLeft[node] = split.defaultLeft ? 1 : 0;
    this.splitBin[node] = split.bin;
  }
}

function emptyTree(): GbdtTree {
  return { feature: [], threshold: [], left: [], right: [], value: [], defaultLeft: [] };
}

/** The gradient and hessian totals of a node, read from any one feature's histogram (every row is in one bin of it). */
function sumsOf(histogram: Float64Array, feature: number): [number, number] {
  let grad = 0;
  let hess = 0;
  const base = feature * BIN_SLOTS * 2;
  for (let b = 0; b < BIN_SLOTS; b += 1) {
    grad += histogram[base + 2 * b]!;
    hess += histogram[base + 2 * b + 1]!;
  }
  return [grad, hess];
}

function subtractHistogram(parent: Float64Array, child: Float64Array, features: Int32Array): Float64Array {
  for (const f of features) {
    const end = (f + 1) * BIN_SLOTS * 2;
    for (let i = f * BIN_SLOTS * 2; i < end; i += 1) parent[i]! -= child[i]!;
  }
  return parent;
}

/**
 * Improves `best` with the best split of one feature. Each cut between value bins is tried
 * with the missing rows sent left and sent right; when the node has no missing rows, they
 * default to the heavier child so unseen missing values follow the majority.
 */
function bestSplitOfFeature(histogram: Float64Array, f: number, valueBins: number, grad: number, hess: number, params: GbdtParams, best: SplitCandidate): void {
  const base = f * BIN_SLOTS * 2;
  const missingGrad = histogram[base + MISSING_BIN * 2]!;
  const missingHess = histogram[base + MISSING_BIN * 2 + 1]!;
  const { lambda } = params;
  const minChildWeight = Math.max(params.minChildWeight, MIN_CHILD_HESSIAN);
  const parentScore = (grad * grad) / (hess + lambda);
  let leftGrad = 0;
  let leftHess = 0;
  for (let b = 0; b + 1 < valueBins; b += 1) {
    const binHess = histogram[base + 2 * b + 1]!;
    leftGrad += histogram[base + 2 * b]!;
    leftHess += binHess;
    if (binHess === 0) continue;
    for (let missingLeft = 0; missingLeft < (missingHess > 0 ? 2 : 1); missingLeft += 1) {
      const lg = missingLeft === 1 ? leftGrad + missingGrad : leftGrad;
      const lh = missingLeft === 1 ? leftHess + missingHess : leftHess;
      const rh = hess - lh;
      if (lh < minChildWeight || rh < minChildWeight) continue;
      const rg = grad - lg;
      const gain = 0.5 * ((lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parentScore);
      if (gain <= best.gain) continue;
      best.gain = gain;
      best.feature = f;
      best.bin = b;
      best.defaultLeft = missingHess > 0 ? missingLeft === 1 : lh >= rh;
      best.leftGrad = lg;
      best.leftHess = lh;
    }
  }
}

/** Removes and returns the open leaf with the largest gain (the first one on ties, for determinism). */
function takeBest(open: OpenLeaf[]): OpenLeaf {
  let bestIndex = 0;
  for (let i = 1; i < open.length; i += 1) if (open[i]!.split.gain > open[bestIndex]!.split.gain) bestIndex = i;
  return open.splice(bestIndex, 1)[0]!;
}

/** Reorders rowIndex[start, end) so the rows going left come first; returns where the right rows begin. */
function partitionRows(rowIndex: Uint32Array, binned: BinnedMatrix, start: number, end: number, feature: number, bin: number, defaultLeft: boolean): number {
  const { bins, nFeatures } = binned;
  let i = start;
  let j = end - 1;
  while (i <= j) {
    const r = rowIndex[i]!;
    const b = bins[r * nFeatures + feature]!;
    const goLeft = b === MISSING_BIN ? defaultLeft : b <= bin;
    if (goLeft) {
      i += 1;
    } else {
      rowIndex[i] = rowIndex[j]!;
      rowIndex[j] = r;
      j -= 1;
    }
  }
  return i;
}

// ---------------------------------------------------------------------------------------
// Loading

/**
 * Checks that a parsed artifact (from a database row or a file) is a model this code can
 * score safely: the format tag, finite numbers, consistent array lengths, feature indexes in
 * range, and children after their parent so that no walk can loop or leave the tree.
 * Returns the model, or a message naming the first problem.
 */
export function validateModel(json: unknown): GbdtModel | string {
  if (!isRecord(json)) return 'model: expected an object';
  if (json.format !== GBDT_FORMAT) return `model.format: expected '${GBDT_FORMAT}', got ${JSON.stringify(json.format) ?? 'nothing'}`;
  const names = json.featureNames;
  if (!Array.isArray(names) || names.length < 1 || names.length > MAX_FEATURES || !names.every((n) => typeof n === 'string')) {
    return `model.featureNames: expected 1..${MAX_FEATURES} strings`;
  }
  if (!isFiniteNumber(json.baseMargin)) return 'model.baseMargin: expected a finite number';
  if (!isCount(json.trainedRows)) return 'model.trainedRows: expected a non-negative integer';
  const paramsProblemText = validateStoredParams(json.params);
  if (paramsProblemText !== undefined) return paramsProblemText;
  if (!Array.isArray(json.trees) || json.trees.length > MAX_TREES) return `model.trees: expected an array of at most ${MAX_TREES} trees`;
  for (let t = 0; t < json.trees.length; t += 1) {
    const problem = treeProblem(json.trees[t], names.length);
    if (problem !== undefined) return `model.trees[${t}]${problem}`;
  }
  return json as unknown as GbdtModel;
}

const TREE_ARRAYS = ['feature', 'threshold', 'left', 'right', 'value', 'defaultLeft'] as const;

function treeProblem(tree: unknown, nFeatures: number): string | undefined {
  if (!isRecord(tree)) return ': expected an object';
  const length = Array.isArray(tree.feature) ? tree.feature.length : 0;
  if (length < 1 || length > MAX_TREE_NODES) return `.feature: expected an array of 1..${MAX_TREE_NODES} nodes`;
  for (const key of TREE_ARRAYS) {
    const array = tree[key];
    if (!Array.isArray(array) || array.length !== length) return `.${key}: expected an array of ${length} entries like .feature`;
    if (!array.every(isFiniteNumber)) return `.${key}: expected finite numbers`;
  }
  const t = tree as unknown as GbdtTree;
  for (let node = 0; node < length; node += 1) {
    const problem = nodeProblem(t, node, length, nFeatures);
    if (problem !== undefined) return `, node ${node}: ${problem}`;
  }
  return undefined;
}

function nodeProblem(t: GbdtTree, node: number, length: number, nFeatures: number): string | undefined {
  const f = t.feature[node]!;
  if (!Number.isInteger(f) || f < -1 || f >= nFeatures) return `feature ${f} is not −1 (leaf) or an index below ${nFeatures}`;
  if (f === -1) return undefined;
  const child = (c: number): boolean => Number.isInteger(c) && c > node && c < length;
  if (!child(t.left[node]!) || !child(t.right[node]!)) return 'children must be node indexes after their parent';
  const d = t.defaultLeft[node];
  if (d !== 0 && d !== 1) return 'defaultLeft must be 0 or 1';
  return undefined;
}

function validateStoredParams(params: unknown): string | undefined {
  if (!isRecord(params)) return 'model.params: expected an object';
  for (const [key, fallback] of Object.entries(DEFAULT_GBDT_PARAMS)) {
    if (typeof params[key] !== typeof fallback) return `model.params.${key}: expected a ${typeof fallback}`;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
