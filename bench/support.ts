/** What both benchmarks share: a bounded-concurrency driver that shows progress, and percentiles. */

/** The value at percentile `p` of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `count` calls with at most `concurrency` in flight; returns the elapsed time and each call's latency. */
export async function drive(count: number, concurrency: number, call: (i: number) => Promise<void>, label: string): Promise<{ seconds: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  let lastProgress = started;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await call(i);
      const t1 = performance.now();
      latenciesMs.push(t1 - t0);
      if (t1 - lastProgress > 2000) {
        lastProgress = t1;
        process.stderr.write(`  … ${label}: ${latenciesMs.length}/${count}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { seconds: (performance.now() - started) / 1000, latenciesMs };
}
