import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SecretSealer, VaultError, loadOrCreateVaultKeys, vaultKeysFromConfig } from '../../src/vault/index.ts';

const directories: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paygrid-vault-'));
  directories.push(dir);
  return dir;
}

after(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

const key = (): string => randomBytes(32).toString('base64');
const posix = process.platform !== 'win32';

describe('keys generated into the data directory (the embedded default)', () => {
  test('the first use creates vault-keys.json with mode 0600; later uses reuse it', () => {
    const dir = join(freshDir(), 'nested', 'data');
    const first = loadOrCreateVaultKeys(dir);
    assert.equal(first.created, true);
    assert.equal(first.path, join(dir, 'vault-keys.json'));
    if (posix) assert.equal(statSync(first.path).mode & 0o777, 0o600);
    const second = loadOrCreateVaultKeys(dir);
    assert.equal(second.created, false);
    assert.equal(second.keys.currentVersion, first.keys.currentVersion);
    assert.ok(second.keys.fingerprintKey.equals(first.keys.fingerprintKey));
    assert.ok(second.keys.encryptionKeys.get(1)?.equals(first.keys.encryptionKeys.get(1) ?? Buffer.alloc(0)));
    const sealed = new SecretSealer(first.keys, 'webhook_secret').seal('whsec_1');
    assert.equal(new SecretSealer(second.keys, 'webhook_secret').open(sealed), 'whsec_1', 'a reopened process opens what the first sealed');
  });

  test('generated keys are random per data directory', () => {
    const a = loadOrCreateVaultKeys(freshDir()).keys;
    const b = loadOrCreateVaultKeys(freshDir()).keys;
    assert.ok(!a.fingerprintKey.equals(b.fingerprintKey));
    assert.ok(!a.fingerprintKey.equals(a.encryptionKeys.get(1) ?? Buffer.alloc(0)), 'fingerprint and encryption keys differ');
  });

  test('a keys file readable by other users is refused with the chmod to run', { skip: !posix }, () => {
    const dir = freshDir();
    const { path } = loadOrCreateVaultKeys(dir);
    chmodSync(path, 0o644);
    assert.throws(
      () => loadOrCreateVaultKeys(dir),
      (error: unknown) => error instanceof VaultError && error.code === 'vault_keys_file_invalid' && error.message.includes(`chmod 600 ${path}`),
    );
  });

  test('a damaged keys file is refused, never silently replaced', () => {
    const dir = freshDir();
    const { path } = loadOrCreateVaultKeys(dir);
    const good = readFileSync(path, 'utf8');
    const cases: readonly [string, string][] = [
      ['not json', 'is not JSON'],
      [JSON.stringify({ format: 2 }), 'is not a format 1'],
      [good.replace(/"fingerprintKey": "[^"]+"/, '"fingerprintKey": "c2hvcnQ="'), '"fingerprintKey" must decode to 32 to 64 bytes'],
      [good.replace('"currentVersion": 1', '"currentVersion": 2'), 'version 2 has no key'],
    ];
    for (const [content, message] of cases) {
      writeFileSync(path, content, { mode: 0o600 });
      assert.throws(
        () => loadOrCreateVaultKeys(dir),
        (error: unknown) => error instanceof VaultError && error.code === 'vault_keys_file_invalid' && error.setting === path && error.message.includes(message),
        message,
      );
      assert.equal(readFileSync(path, 'utf8'), content, 'the file is left for the operator to restore');
    }
  });
});

describe('keys from configuration', () => {
  test('no vault variable set means: use the data directory', () => {
    assert.equal(vaultKeysFromConfig({}), undefined);
    assert.equal(vaultKeysFromConfig({ PAYGRID_VAULT_KEYS: '', PAYGRID_VAULT_FINGERPRINT_KEY: ' ' }), undefined);
  });

  test('several versions, an explicit current version, and url-safe or standard base64', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const keys = vaultKeysFromConfig({
      PAYGRID_VAULT_KEYS: `1:${k1.toString('base64')}, 2:${k2.toString('base64url')}`,
      PAYGRID_VAULT_CURRENT_VERSION: '2',
      PAYGRID_VAULT_FINGERPRINT_KEY: key(),
    });
    assert.ok(keys !== undefined);
    assert.equal(keys.currentVersion, 2);
    assert.ok(keys.encryptionKeys.get(1)?.equals(k1));
    assert.ok(keys.encryptionKeys.get(2)?.equals(k2));
  });

  test('the current version defaults to the highest listed', () => {
    const keys = vaultKeysFromConfig({ PAYGRID_VAULT_KEYS: `3:${key()},7:${key()}`, PAYGRID_VAULT_FINGERPRINT_KEY: key() });
    assert.equal(keys?.currentVersion, 7);
  });

  const secret = key();
  const BAD_CONFIGURATIONS: readonly { name: string; env: Record<string, string>; setting: string; message: string }[] = [
    { name: 'fingerprint key without encryption keys', env: { PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_KEYS', message: 'is required' },
    { name: 'encryption keys without fingerprint key', env: { PAYGRID_VAULT_KEYS: `1:${key()}` }, setting: 'PAYGRID_VAULT_FINGERPRINT_KEY', message: 'is required' },
    { name: 'an entry without a version', env: { PAYGRID_VAULT_KEYS: key(), PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_KEYS', message: 'entry 1 is not of the form' },
    { name: 'version zero', env: { PAYGRID_VAULT_KEYS: `0:${key()}`, PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_KEYS', message: 'whole number from 1' },
    { name: 'a version twice', env: { PAYGRID_VAULT_KEYS: `1:${key()},1:${key()}`, PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_KEYS', message: 'version 1 appears twice' },
    { name: 'a 16-byte key', env: { PAYGRID_VAULT_KEYS: `1:${randomBytes(16).toString('base64')}`, PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_KEYS', message: 'must decode to 32 bytes, got 16' },
    { name: 'a key that is not base64', env: { PAYGRID_VAULT_KEYS: '1:not*base64!', PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_KEYS', message: 'is not base64' },
    { name: 'a current version with no key', env: { PAYGRID_VAULT_KEYS: `1:${key()}`, PAYGRID_VAULT_CURRENT_VERSION: '2', PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_CURRENT_VERSION', message: 'version 2 has no key' },
    { name: 'a current version that is not a number', env: { PAYGRID_VAULT_KEYS: `1:${key()}`, PAYGRID_VAULT_CURRENT_VERSION: 'two', PAYGRID_VAULT_FINGERPRINT_KEY: key() }, setting: 'PAYGRID_VAULT_CURRENT_VERSION', message: 'whole number' },
    { name: 'a short fingerprint key', env: { PAYGRID_VAULT_KEYS: `1:${key()}`, PAYGRID_VAULT_FINGERPRINT_KEY: randomBytes(8).toString('base64') }, setting: 'PAYGRID_VAULT_FINGERPRINT_KEY', message: 'must decode to 32 to 64 bytes' },
    { name: 'the fingerprint key reused as an encryption key', env: { PAYGRID_VAULT_KEYS: `1:${secret}`, PAYGRID_VAULT_FINGERPRINT_KEY: secret }, setting: 'PAYGRID_VAULT_FINGERPRINT_KEY', message: 'must differ from encryption key version 1' },
  ];
  for (const row of BAD_CONFIGURATIONS) {
    test(`${row.name} is refused, naming ${row.setting}`, () => {
      assert.throws(
        () => vaultKeysFromConfig(row.env),
        (error: unknown) => {
          assert.ok(error instanceof VaultError);
          assert.equal(error.code, 'vault_config_invalid');
          assert.equal(error.setting, row.setting);
          assert.ok(error.message.startsWith(`${row.setting}: `), error.message);
          assert.ok(error.message.includes(row.message), error.message);
          for (const value of Object.values(row.env)) {
            for (const part of value.split(/[,:]/).filter((p) => p.length >= 16)) assert.ok(!error.message.includes(part), 'the message never repeats key material');
          }
          return true;
        },
      );
    });
  }
});
