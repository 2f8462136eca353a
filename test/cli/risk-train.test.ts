import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/db/migrate.ts';
import { mulberry32 } from '../../src/risk/model/gbdt.ts';
import { createStore, runPaygrid, type PaygridStore } from '../support/process.ts';

const TEST_TIMEOUT_MS = 180_000;

/** Labelled history as an operator exports it: fraud likely above 70 000 fen, rare below. */
function history(n: number): string {
  const rng = mulberry32(11);
  const lines = ['TX_TIME_SECONDS,amount,is_night,TX_FRAUD'];
  for (let i = 0; i < n; i += 1) {
    const amount = Math.floor(rng() * 100_000);
    const fraud = amount > 70_000 ? rng() < 0.9 : rng() < 0.01;
    lines.push(`${i * 60},${amount},${rng() < 0.3 ? 1 : 0},${fraud ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('paygrid risk train', { timeout: TEST_TIMEOUT_MS }, () => {
  const stores: PaygridStore[] = [];
  after(async () => {
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('--csv <file> --activate stores the model as the active version, which `paygrid risk models` lists', async () => {
    const store = await createStore();
    stores.push(store);
    const db = await store.open();
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    const csv = join(store.dataDir, 'history.csv');
    writeFileSync(csv, history(600));

    const trained = await runPaygrid(['risk', 'train', '--csv', csv, '--activate', ...store.args], store.env);
    assert.equal(trained.code, 0, `${trained.stdout}\n${trained.stderr}`);
    const line = /^Risk model (rm_\w+) \(active\): \d+ trees on 600 rows, (\d+) frauds\.$/m.exec(trained.stdout);
    assert.ok(line !== null, trained.stdout);
    const [, version] = line;
    assert.match(trained.stdout, /validation \(latest 120 rows by time, \d+ frauds\): ROC AUC 0\.(8|9)\d\d, average precision/);
    assert.match(trained.stdout, /It is active now; running servers pick it up/);
    assert.match(trained.stderr, /^600 labelled rows, \d+ frauds, 2 features\.$/m, 'progress goes to stderr');

    const listed = await runPaygrid(['risk', 'models', ...store.args], store.env);
    assert.equal(listed.code, 0, `${listed.stdout}\n${listed.stderr}`);
    assert.match(listed.stdout, new RegExp(`^${version}  active .* rows 600, frauds ${line[2]}, AUC 0\\.\\d{3}, AP 0\\.\\d{3}  csv ${csv.replaceAll('.', '\\.')}$`, 'm'));
  });
});
