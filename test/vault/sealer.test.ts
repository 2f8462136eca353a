import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SecretSealer, VaultError, sealedKeyVersion, type VaultErrorCode } from '../../src/vault/index.ts';
import { testKeys } from './helpers.ts';

function throwsVaultError(work: () => unknown, code: VaultErrorCode): void {
  assert.throws(work, (error: unknown) => error instanceof VaultError && error.code === code, code);
}

/** Flips one bit of the decoded payload at `index` and re-encodes. */
function flipBit(sealed: string, index: number): string {
  const [prefix, body = ''] = sealed.split(':');
  const bytes = Buffer.from(body, 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return `${prefix}:${bytes.toString('base64url')}`;
}

describe('SecretSealer', () => {
  const keys = testKeys([1], 1);

  test('round trip: what is sealed opens to the same text, with a version prefix', () => {
    const sealer = new SecretSealer(keys, 'webhook_secret');
    for (const plain of ['whsec_abc', '', '中文 secret ✓', 'x'.repeat(4096)]) {
      const sealed = sealer.seal(plain);
      assert.match(sealed, /^v1:[A-Za-z0-9_-]+$/);
      assert.ok(!sealed.includes(plain) || plain === '', 'sealed text does not contain the plain text');
      assert.equal(sealer.open(sealed), plain);
    }
  });

  test('sealing the same text twice gives different ciphertexts (fresh nonce)', () => {
    const sealer = new SecretSealer(keys, 'webhook_secret');
    assert.notEqual(sealer.seal('same'), sealer.seal('same'));
  });

  test('a tampered ciphertext, tag or nonce does not open', () => {
    const sealer = new SecretSealer(keys, 'webhook_secret');
    const sealed = sealer.seal('whsec_abcdefghijklmnop');
    for (const index of [0, 11, 12, 27, 28, 30]) throwsVaultError(() => sealer.open(flipBit(sealed, index)), 'sealed_value_tampered');
  });

  test('a value sealed for another purpose or record does not open', () => {
    const cards = new SecretSealer(keys, 'card_number');
    const webhooks = new SecretSealer(keys, 'webhook_secret');
    const sealed = cards.seal('4242424242424242', 'card_1');
    throwsVaultError(() => webhooks.open(sealed, 'card_1'), 'sealed_value_tampered');
    throwsVaultError(() => cards.open(sealed, 'card_2'), 'sealed_value_tampered');
    assert.equal(cards.open(sealed, 'card_1'), '4242424242424242');
  });

  test('malformed sealed values are named as such', () => {
    const sealer = new SecretSealer(keys, 'webhook_secret');
    for (const bad of ['', 'plain text', 'v1:', 'v0:AAAA', 'v1:not base64!', `v1:${Buffer.alloc(27).toString('base64url')}`, `v1:${'A'.repeat(7000)}`]) {
      throwsVaultError(() => sealer.open(bad), 'sealed_value_malformed');
    }
  });

  test('a version this process does not hold is named, not reported as tampering', () => {
    const sealed = new SecretSealer(testKeys([5], 5), 'webhook_secret').seal('s');
    throwsVaultError(() => new SecretSealer(keys, 'webhook_secret').open(sealed), 'sealed_value_key_unknown');
  });

  test('the same version number with another key is tampering', () => {
    const sealed = new SecretSealer(testKeys([1], 1), 'webhook_secret').seal('s');
    throwsVaultError(() => new SecretSealer(keys, 'webhook_secret').open(sealed), 'sealed_value_tampered');
  });

  test('rotation: old ciphertexts still open, new ones use the new version', () => {
    const k1 = randomBytes(32);
    const before = testKeys([1], 1, randomBytes(32), new Map([[1, k1]]));
    const after = testKeys([1, 2], 2, before.fingerprintKey, new Map([[1, k1]]));
    const old = new SecretSealer(before, 'webhook_secret').seal('whsec_old');
    const rotated = new SecretSealer(after, 'webhook_secret');
    assert.equal(rotated.open(old), 'whsec_old');
    assert.equal(rotated.isSealedWithOldKey(old), true);
    const fresh = rotated.seal('whsec_new');
    assert.equal(sealedKeyVersion(fresh), 2);
    assert.equal(rotated.isSealedWithOldKey(fresh), false);
    throwsVaultError(() => new SecretSealer(before, 'webhook_secret').open(fresh), 'sealed_value_key_unknown');
  });

  test('a purpose outside lower-case letters, digits and underscores is a programming error', () => {
    assert.throws(() => new SecretSealer(keys, 'card:number'));
  });

  test('plain text above the limit is refused', () => {
    assert.throws(() => new SecretSealer(keys, 'webhook_secret').seal('x'.repeat(4097)), /at most 4096 bytes/);
  });
});
