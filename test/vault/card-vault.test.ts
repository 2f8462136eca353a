import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import { CardVault, VaultError, sealedKeyVersion } from '../../src/vault/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { testKeys } from './helpers.ts';

/** Every test number the sandbox documents, and the extra brands. */
const TEST_NUMBERS = [
  '4242424242424242',
  '4000000000000002',
  '4000000000009995',
  '4000000000009987',
  '4000000000009979',
  '4000000000000069',
  '4000000000000127',
  '4000000000000119',
  '4000002500003155',
  '4000009990000005',
  '6200000000000005',
  '5555555555554444',
  '378282246310005',
  '3566002020360505',
];

let database: TestDatabase;
const clock = new ManualClock(Date.UTC(2026, 0, 1));
const k1 = randomBytes(32);
const fingerprintKey = randomBytes(32);
const keysV1 = testKeys([1], 1, fingerprintKey, new Map([[1, k1]]));

before(async () => {
  database = await openTestDatabase();
});

after(async () => {
  await database.close();
});

function cvcFor(number: string): string {
  return number.startsWith('37') ? '1234' : '123';
}

/** Everything a value shows through JSON and inspection, for "never in clear" checks. */
function shown(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n${inspect(value, { depth: 10, showHidden: true })}`;
}

describe('CardVault', () => {
  test('stores a card and shows brand, last four, expiry and fingerprint, never the number', async () => {
    const vault = new CardVault(database.db, clock, keysV1);
    const stored = await vault.storeCard({ number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' });
    assert.equal(stored.result, 'ok');
    if (stored.result !== 'ok') return;
    assert.match(stored.card.id, /^card_/);
    assert.deepEqual(
      { brand: stored.card.brand, last4: stored.card.last4, expMonth: stored.card.expMonth, expYear: stored.card.expYear },
      { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    );
    assert.match(stored.card.fingerprint, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await vault.getCard(stored.card.id), stored.card);
    assert.equal(await vault.getCard('card_missing'), undefined);
  });

  test('credentials open the stored number for a processor, with the CVC typed for this payment only', async () => {
    const vault = new CardVault(database.db, clock, keysV1);
    const stored = await vault.storeCard({ number: '378282246310005', expMonth: 6, expYear: 2031 });
    assert.ok(stored.result === 'ok');
    const opened = await vault.credentials(stored.card.id, '1234');
    assert.ok(opened.result === 'ok');
    assert.equal(opened.credentials.revealNumber(), '378282246310005');
    assert.equal(opened.credentials.revealCvc(), '1234');
    assert.equal(opened.credentials.brand, 'amex');
    const withoutCvc = await vault.credentials(stored.card.id);
    assert.ok(withoutCvc.result === 'ok');
    assert.equal(withoutCvc.credentials.revealCvc(), undefined, 'no CVC is kept between payments');
    assert.deepEqual(await vault.credentials(stored.card.id, '123'), { result: 'invalid_cvc' }, 'Amex takes four digits');
    assert.deepEqual(await vault.credentials('card_missing'), { result: 'card_not_found' });
  });

  const INVALID: readonly [{ number: string; expMonth: number; expYear: number; cvc?: string }, string][] = [
    [{ number: '4242424242424241', expMonth: 12, expYear: 2030 }, 'incorrect_number'],
    [{ number: '42424242', expMonth: 12, expYear: 2030 }, 'invalid_number'],
    [{ number: '4242424242424242', expMonth: 0, expYear: 2030 }, 'invalid_expiry_month'],
    [{ number: '4242424242424242', expMonth: 12, expYear: 2025 }, 'invalid_expiry_year'],
    [{ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '1' }, 'invalid_cvc'],
  ];
  for (const [input, failure] of INVALID) {
    test(`refuses ${input.number} ${input.expMonth}/${input.expYear} as ${failure} and stores nothing`, async () => {
      const vault = new CardVault(database.db, clock, keysV1);
      const before = await database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM vault_cards');
      assert.deepEqual(await vault.storeCard(input), { result: failure });
      const afterCount = await database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM vault_cards');
      assert.equal(afterCount.rows[0]?.n, before.rows[0]?.n);
    });
  }

  test('equal numbers share a fingerprint (dedupe), other numbers do not', async () => {
    const vault = new CardVault(database.db, clock, keysV1);
    const a = await vault.storeCard({ number: '5555555555554444', expMonth: 1, expYear: 2030 });
    const b = await vault.storeCard({ number: '5555 5555 5555 4444', expMonth: 2, expYear: 2031 });
    const c = await vault.storeCard({ number: '6200000000000005', expMonth: 1, expYear: 2030 });
    assert.ok(a.result === 'ok' && b.result === 'ok' && c.result === 'ok');
    assert.notEqual(a.card.id, b.card.id);
    assert.equal(a.card.fingerprint, b.card.fingerprint);
    assert.notEqual(a.card.fingerprint, c.card.fingerprint);
    assert.equal(vault.fingerprintOf('5555-5555-5555-4444'), a.card.fingerprint);
    assert.equal(vault.fingerprintOf('not a card'), undefined);
    const found = await vault.findCardsByFingerprint(a.card.fingerprint);
    assert.deepEqual(new Set(found.map((card) => card.id)), new Set([a.card.id, b.card.id]));
  });

  test('another fingerprint key gives other fingerprints: they cannot be matched without the key', () => {
    const mine = new CardVault(database.db, clock, keysV1);
    const theirs = new CardVault(database.db, clock, testKeys([1], 1));
    assert.notEqual(mine.fingerprintOf('4242424242424242'), theirs.fingerprintOf('4242424242424242'));
  });

  test('key rotation: old cards still open, new cards use the new version, re-sealing moves the old ones, fingerprints stay', async () => {
    const before = new CardVault(database.db, clock, keysV1);
    const old = await before.storeCard({ number: '3566002020360505', expMonth: 3, expYear: 2030 });
    assert.ok(old.result === 'ok');
    const keysV2 = testKeys([1, 2], 2, fingerprintKey, new Map([[1, k1]]));
    const rotated = new CardVault(database.db, clock, keysV2);
    const oldOpened = await rotated.credentials(old.card.id);
    assert.ok(oldOpened.result === 'ok');
    assert.equal(oldOpened.credentials.revealNumber(), '3566002020360505');

    const fresh = await rotated.storeCard({ number: '3566002020360505', expMonth: 3, expYear: 2030 });
    assert.ok(fresh.result === 'ok');
    assert.equal(fresh.card.fingerprint, old.card.fingerprint, 'the fingerprint does not depend on the encryption key');
    const sealedVersion = async (id: string): Promise<number> => {
      const { rows } = await database.db.query<{ number_sealed: string; key_version: number }>('SELECT number_sealed, key_version FROM vault_cards WHERE id = $1', [id]);
      assert.equal(sealedKeyVersion(rows[0]?.number_sealed ?? ''), rows[0]?.key_version);
      return rows[0]?.key_version ?? 0;
    };
    assert.equal(await sealedVersion(fresh.card.id), 2);
    assert.equal(await sealedVersion(old.card.id), 1);

    let resealed = 0;
    for (let round = 0; round < 100; round += 1) {
      const count = await rotated.resealWithCurrentKey(2);
      resealed += count;
      if (count === 0) break;
    }
    assert.ok(resealed >= 1);
    assert.equal(await sealedVersion(old.card.id), 2);
    const remaining = await database.db.query<{ n: bigint }>('SELECT count(*) AS n FROM vault_cards WHERE key_version <> 2');
    assert.equal(remaining.rows[0]?.n, 0n);
    const keysV2Only = testKeys([2], 2, fingerprintKey, new Map([[2, keysV2.encryptionKeys.get(2) ?? Buffer.alloc(0)]]));
    const opened = await new CardVault(database.db, clock, keysV2Only).credentials(old.card.id);
    assert.ok(opened.result === 'ok', 'after re-sealing, version 1 can be retired');
    assert.equal(opened.credentials.revealNumber(), '3566002020360505');
    assert.equal((await rotated.getCard(old.card.id))?.fingerprint, old.card.fingerprint);
  });

  test('a sealed number moved to another row, or altered, does not open', async () => {
    const vault = new CardVault(database.db, clock, keysV1);
    const a = await vault.storeCard({ number: '4000000000000002', expMonth: 1, expYear: 2030 });
    const b = await vault.storeCard({ number: '4000000000000002', expMonth: 1, expYear: 2030 });
    assert.ok(a.result === 'ok' && b.result === 'ok');
    await database.db.query('UPDATE vault_cards SET number_sealed = (SELECT number_sealed FROM vault_cards WHERE id = $1) WHERE id = $2', [a.card.id, b.card.id]);
    await assert.rejects(vault.credentials(b.card.id), (error: unknown) => error instanceof VaultError && error.code === 'sealed_value_tampered');
    // Change one character of the ciphertext to one it certainly is not (a fixed 'A' would leave an 'A' unchanged).
    const sealed = await database.db.query<{ number_sealed: string }>('SELECT number_sealed FROM vault_cards WHERE id = $1', [a.card.id]);
    const original = sealed.rows[0]?.number_sealed;
    assert.ok(original !== undefined);
    const altered = `${original.slice(0, 9)}${original[9] === 'A' ? 'B' : 'A'}${original.slice(10)}`;
    assert.notEqual(altered, original);
    await database.db.query('UPDATE vault_cards SET number_sealed = $2 WHERE id = $1', [a.card.id, altered]);
    await assert.rejects(vault.credentials(a.card.id), (error: unknown) => error instanceof VaultError && (error.code === 'sealed_value_tampered' || error.code === 'sealed_value_malformed'));
  });

  test('the table refuses a clear number in the sealed column', async () => {
    await assert.rejects(
      database.db.query(
        `INSERT INTO vault_cards (id, fingerprint, brand, last4, exp_month, exp_year, number_sealed, key_version, created_at)
         VALUES ('card_clear', 'f', 'visa', '4242', 1, 2030, '4242424242424242', 1, now())`,
      ),
    );
  });

  test('no test card number appears in clear in the vault table or in anything the vault returns', async () => {
    const vault = new CardVault(database.db, clock, keysV1);
    const returned: unknown[] = [];
    for (const number of TEST_NUMBERS) {
      const stored = await vault.storeCard({ number, expMonth: 12, expYear: 2030, cvc: cvcFor(number) });
      assert.ok(stored.result === 'ok', number);
      returned.push(stored, await vault.getCard(stored.card.id), await vault.findCardsByFingerprint(stored.card.fingerprint));
      const opened = await vault.credentials(stored.card.id, cvcFor(number));
      assert.ok(opened.result === 'ok');
      returned.push(opened, opened.credentials, String(opened.credentials));
    }
    const text = shown(returned);
    const table = await database.db.query<{ row: string }>('SELECT t::text AS row FROM vault_cards t');
    const tableText = table.rows.map((r) => r.row).join('\n');
    assert.ok(table.rows.length >= TEST_NUMBERS.length);
    for (const number of TEST_NUMBERS) {
      assert.ok(!text.includes(number), `${number} must not appear in what the vault returns`);
      assert.ok(!tableText.includes(number), `${number} must not appear in vault_cards`);
      assert.ok(tableText.includes(number.slice(-4)), 'the last four are kept in clear');
    }
    const columns = await database.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'vault_cards' AND table_schema = current_schema()",
    );
    assert.ok(columns.rows.length > 0);
    assert.deepEqual(columns.rows.filter((c) => /cvc|cvv|number$/.test(c.column_name)), [], 'no column for the CVC or the clear number');
  });
});
