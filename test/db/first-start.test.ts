import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { callApi, createStore, killAll, startPaygrid, type PaygridProcess, type PaygridStore, type RunningServer } from '../support/process.ts';

/**
 * Without PAYGRID_ADMIN_API_KEY, the first start creates an operator key and
 * shows it once; it is stored only as a hash and never shown again.
 */
const TEST_TIMEOUT_MS = 180_000;
const KEY_HEADER = 'Platform operator API key (shown this once; store it now):';
const KEY_LINE = /^ {2}(sk_op_[A-Za-z0-9_-]{43})$/m;

async function stop(server: RunningServer): Promise<void> {
  const stopped = await server.stop();
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /^Paygrid stopped\.$/m);
}

describe('first start without PAYGRID_ADMIN_API_KEY', { timeout: TEST_TIMEOUT_MS }, () => {
  const processes: PaygridProcess[] = [];
  const stores: PaygridStore[] = [];
  after(async () => {
    await killAll(processes);
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('prints an operator key once that authenticates, and a second start prints none', async () => {
    const store = await createStore();
    stores.push(store);
    const env = { ...store.env, PAYGRID_LOG_LEVEL: 'warn' };

    const first = await startPaygrid(store.args, env, processes);
    // Everything after the URL line is written in the same call, so it is all there by now.
    const output = first.process.stdout();
    assert.equal(output.split(KEY_HEADER).length - 1, 1, output);
    const key = KEY_LINE.exec(output)?.[1];
    assert.ok(key !== undefined, `no operator key in: ${output}`);

    const verified = await callApi<{ balanced: boolean }>(first.url, key, 'GET', '/v1/ledger/verify');
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.balanced, true);
    assert.equal((await callApi(first.url, null, 'GET', '/v1/ledger/verify')).status, 401);
    assert.equal((await callApi(first.url, `${key.slice(0, -1)}x`, 'GET', '/v1/ledger/verify')).status, 401);
    await stop(first);

    // Only the hash is kept: the key itself is nowhere in the table.
    const db = await store.open();
    try {
      const { rows } = await db.query<{ key_hash: string; row: string }>("SELECT key_hash, row_to_json(k)::text AS row FROM identity_api_keys k WHERE role = 'operator'");
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.key_hash, createHash('sha256').update(key).digest('hex'));
      assert.ok(!(rows[0]?.row ?? '').includes(key.slice('sk_op_'.length)), 'the key is not stored in clear');
    } finally {
      await db.close();
    }

    const second = await startPaygrid(store.args, env, processes);
    const secondOutput = second.process.stdout();
    assert.doesNotMatch(secondOutput, /sk_op_/);
    assert.ok(!secondOutput.includes(KEY_HEADER));
    const again = await callApi(second.url, key, 'GET', '/v1/ledger/verify');
    assert.equal(again.status, 200, 'the key shown on the first start still works');
    await stop(second);
    assert.doesNotMatch(second.process.stdout(), /sk_op_/);
  });
});
