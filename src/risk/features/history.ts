/**
 * One entity's payments (a customer's, a card's, a merchant's…) in time order,
 * with running sums so that any window's count, sum and sum of squares is two
 * binary searches away, and a Fenwick tree over fraud labels because labels
 * arrive late and flip old entries. Every query is O(log n) however busy the
 * entity is: a merchant with a million payments a month costs what a quiet one does.
 *
 * Entries are addressed by a sequence number that survives compaction, so a
 * label that arrives after old entries were dropped still finds its payment.
 */
export class EntityHistory {
  private times: number[] = [];
  /** cumAmount[i] = sum of the amounts of entries before i (so it has one more element than times). */
  private cumAmount: number[] = [0];
  private cumSquare: number[] = [0];
  private fraud: Uint8Array = new Uint8Array(16);
  private fenwick: Int32Array = new Int32Array(17);
  /** The sequence number of times[0]. */
  private baseSeq = 0;

  get length(): number {
    return this.times.length;
  }

  lastTimeMs(): number | undefined {
    return this.times.length === 0 ? undefined : this.times[this.times.length - 1];
  }

  /** Appends a payment; returns its sequence number. Times never go backwards (a late one is filed at the latest time). */
  append(atMs: number, amount: number): number {
    const last = this.lastTimeMs();
    const t = last !== undefined && atMs < last ? last : atMs;
    const i = this.times.length;
    this.times.push(t);
    this.cumAmount.push(this.cumAmount[i]! + amount);
    this.cumSquare.push(this.cumSquare[i]! + amount * amount);
    this.growLabels(i + 1);
    return this.baseSeq + i;
  }

  has(seq: number): boolean {
    const i = seq - this.baseSeq;
    return i >= 0 && i < this.times.length;
  }

  timeOf(seq: number): number | undefined {
    return this.has(seq) ? this.times[seq - this.baseSeq] : undefined;
  }

  /** Marks entry `seq` fraudulent (or not); false when it was already dropped. */
  setFraud(seq: number, fraud: boolean): boolean {
    const i = seq - this.baseSeq;
    if (i < 0 || i >= this.times.length) return false;
    const value = fraud ? 1 : 0;
    const delta = value - this.fraud[i]!;
    if (delta === 0) return true;
    this.fraud[i] = value;
    for (let k = i + 1; k < this.fenwick.length; k += k & -k) this.fenwick[k]! += delta;
    return true;
  }

  /** Entries with fromMs < time <= toMs: count, sum and sum of squares of amounts, and how many are labelled fraud. */
  window(fromMs: number, toMs: number): { count: number; sum: number; sumSquares: number; frauds: number } {
    const lo = this.upperBound(fromMs);
    const hi = this.upperBound(toMs);
    if (hi <= lo) return { count: 0, sum: 0, sumSquares: 0, frauds: 0 };
    return {
      count: hi - lo,
      sum: this.cumAmount[hi]! - this.cumAmount[lo]!,
      sumSquares: this.cumSquare[hi]! - this.cumSquare[lo]!,
      frauds: this.fraudPrefix(hi) - this.fraudPrefix(lo),
    };
  }

  /** Drops entries at or before `beforeMs` once they are at least half the history (amortised O(1) per append). */
  compact(beforeMs: number): void {
    const cut = this.upperBound(beforeMs);
    if (cut === 0 || cut * 2 < this.times.length) return;
    const kept = this.times.length - cut;
    this.times = this.times.slice(cut);
    const amountBase = this.cumAmount[cut]!;
    const squareBase = this.cumSquare[cut]!;
    this.cumAmount = this.cumAmount.slice(cut).map((v) => v - amountBase);
    this.cumSquare = this.cumSquare.slice(cut).map((v) => v - squareBase);
    const labels = this.fraud.slice(cut, cut + kept);
    this.baseSeq += cut;
    this.fraud = new Uint8Array(Math.max(16, kept * 2));
    this.fraud.set(labels);
    this.rebuildFenwick();
  }

  /** The first index whose time is > ms. */
  private upperBound(ms: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Frauds among entries [0, n). */
  private fraudPrefix(n: number): number {
    let total = 0;
    for (let k = n; k > 0; k -= k & -k) total += this.fenwick[k]!;
    return total;
  }

  private growLabels(size: number): void {
    if (size < this.fenwick.length) return;
    const grown = new Uint8Array(this.fraud.length * 2);
    grown.set(this.fraud);
    this.fraud = grown;
    this.rebuildFenwick();
  }

  private rebuildFenwick(): void {
    this.fenwick = new Int32Array(this.fraud.length + 1);
    for (let i = 1; i <= this.fraud.length; i += 1) {
      this.fenwick[i]! += this.fraud[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= this.fraud.length) this.fenwick[parent]! += this.fenwick[i]!;
    }
  }
}
