import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from './errors.ts';

/**
 * The vault's keys: AES-256 keys by version for sealing (so keys can rotate: open with any
 * version held, seal with the current one) and one separate HMAC key for fingerprints. The
 * fingerprint key never rotates with the encryption keys; otherwise the same card would get a
 * new fingerprint after a rotation and dedupe and risk velocity would break.
 */
export interface VaultKeys {
  readonly encryptionKeys: ReadonlyMap<number, Buffer>;
  readonly currentVersion: number;
  readonly fingerprintKey: Buffer;
}

/** AES-256 takes a 256-bit key. */
export const VAULT_ENCRYPTION_KEY_BYTES = 32;
/** HMAC-SHA256 keys shorter than the hash output weaken it (RFC 2104, section 3). */
export const MIN_FINGERPRINT_KEY_BYTES = 32;
export const MAX_FINGERPRINT_KEY_BYTES = 64;
/** Versions are small positive integers; the bound keeps the sealed prefix short. */
export const MAX_VAULT_KEY_VERSION = 65_535;
/** More retired keys than this means rotation is not being finished (re-sealing). */
export const MAX_VAULT_KEY_VERSIONS = 100;
export const MAX_VAULT_KEYS_FILE_BYTES = 64 * 1024;
export const VAULT_KEYS_FILE_NAME = 'vault-keys.json';
/** Bumped if the file layout ever changes, so an old Paygrid refuses a file it cannot read. */
const VAULT_KEYS_FILE_FORMAT = 1;

export const VAULT_KEYS_SETTING = 'PAYGRID_VAULT_KEYS';
export const VAULT_CURRENT_VERSION_SETTING = 'PAYGRID_VAULT_CURRENT_VERSION';
export const VAULT_FINGERPRINT_KEY_SETTING = 'PAYGRID_VAULT_FINGERPRINT_KEY';

type Env = Readonly<Record<string, string | undefined>>;
type Fail = (message: string) => never;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const VERSION = /^[1-9]\d{0,4}$/;

/** Decodes standard or url-safe base64; the error never repeats the value, which is a secret. */
function decodeKey(text: string, bytesMin: number, bytesMax: number, what: string, fail: Fail): Buffer {
  const trimmed = text.trim();
  const encoding = BASE64.test(trimmed) ? 'base64' : BASE64URL.test(trimmed) ? 'base64url' : undefined;
  if (encoding === undefined || trimmed.length === 0) fail(`${what} is not base64`);
  const key = Buffer.from(trimmed, encoding);
  if (key.length < bytesMin || key.length > bytesMax) {
    const wanted = bytesMin === bytesMax ? `${bytesMin}` : `${bytesMin} to ${bytesMax}`;
    fail(`${what} must decode to ${wanted} bytes, got ${key.length} (generate one with: openssl rand -base64 ${bytesMin})`);
  }
  return key;
}

function parseVersion(text: string, what: string, fail: Fail): number {
  if (!VERSION.test(text.trim())) fail(`${what} must be a whole number from 1 to ${MAX_VAULT_KEY_VERSION}`);
  const version = Number(text.trim());
  if (version > MAX_VAULT_KEY_VERSION) fail(`${what} must be a whole number from 1 to ${MAX_VAULT_KEY_VERSION}`);
  return version;
}

/** Checks a complete key set; every path that builds VaultKeys ends here. */
function checkedKeys(encryptionKeys: Map<number, Buffer>, currentVersion: number, fingerprintKey: Buffer, fail: (setting: 'keys' | 'current' | 'fingerprint', message: string) => never): VaultKeys {
  if (encryptionKeys.size === 0) fail('keys', 'must hold at least one key');
  if (encryptionKeys.size > MAX_VAULT_KEY_VERSIONS) fail('keys', `holds ${encryptionKeys.size} keys; at most ${MAX_VAULT_KEY_VERSIONS} are allowed (re-seal and retire old versions)`);
  if (!encryptionKeys.has(currentVersion)) fail('current', `version ${currentVersion} has no key`);
  for (const [version, key] of encryptionKeys) {
    if (key.equals(fingerprintKey)) fail('fingerprint', `must differ from encryption key version ${version}`);
  }
  return Object.freeze({ encryptionKeys, currentVersion, fingerprintKey });
}

function parseKeyList(text: string, fail: Fail): Map<number, Buffer> {
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  if (entries.length > MAX_VAULT_KEY_VERSIONS) fail(`holds ${entries.length} keys; at most ${MAX_VAULT_KEY_VERSIONS} are allowed`);
  const keys = new Map<number, Buffer>();
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon < 0) fail(`entry ${index + 1} is not of the form <version>:<base64 key>`);
    const version = parseVersion(entry.slice(0, colon), `the version of entry ${index + 1}`, fail);
    if (keys.has(version)) fail(`version ${version} appears twice`);
    keys.set(version, decodeKey(entry.slice(colon + 1), VAULT_ENCRYPTION_KEY_BYTES, VAULT_ENCRYPTION_KEY_BYTES, `the key of version ${version}`, fail));
  });
  return keys;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Reads the vault's keys from the environment, for deployments that keep keys in a secret
 * store: `PAYGRID_VAULT_KEYS="1:<base64>,2:<base64>"`, `PAYGRID_VAULT_CURRENT_VERSION=2`
 * (default: the highest version listed) and `PAYGRID_VAULT_FINGERPRINT_KEY=<base64>`.
 * Returns undefined when none is set (the embedded default then uses the data directory's
 * keys file); a partial or malformed setting throws a VaultError that names the variable.
 */
export function vaultKeysFromConfig(env: Env): VaultKeys | undefined {
  const keysText = nonEmpty(env[VAULT_KEYS_SETTING]);
  const currentText = nonEmpty(env[VAULT_CURRENT_VERSION_SETTING]);
  const fingerprintText = nonEmpty(env[VAULT_FINGERPRINT_KEY_SETTING]);
  if (keysText === undefined && currentText === undefined && fingerprintText === undefined) return undefined;
  const failKeys: Fail = configFailure(VAULT_KEYS_SETTING);
  const failCurrent: Fail = configFailure(VAULT_CURRENT_VERSION_SETTING);
  const failFingerprint: Fail = configFailure(VAULT_FINGERPRINT_KEY_SETTING);
  if (keysText === undefined) failKeys(`is required when ${VAULT_CURRENT_VERSION_SETTING} or ${VAULT_FINGERPRINT_KEY_SETTING} is set`);
  if (fingerprintText === undefined) failFingerprint(`is required when ${VAULT_KEYS_SETTING} is set; keep it unchanged for the life of the data, or fingerprints stop matching`);
  const encryptionKeys = parseKeyList(keysText, failKeys);
  const currentVersion = currentText === undefined ? Math.max(...encryptionKeys.keys()) : parseVersion(currentText, 'the value', failCurrent);
  const fingerprintKey = decodeKey(fingerprintText, MIN_FINGERPRINT_KEY_BYTES, MAX_FINGERPRINT_KEY_BYTES, 'the key', failFingerprint);
  const failures = { keys: failKeys, current: failCurrent, fingerprint: failFingerprint };
  return checkedKeys(encryptionKeys, currentVersion, fingerprintKey, (setting, message) => failures[setting](message));
}

function configFailure(setting: string): Fail {
  return (message) => {
    throw new VaultError('vault_config_invalid', message, setting);
  };
}

interface KeysFile {
  format: number;
  currentVersion: number;
  encryptionKeys: Record<string, string>;
  fingerprintKey: string;
}

function generatedKeysFile(): KeysFile {
  return {
    format: VAULT_KEYS_FILE_FORMAT,
    currentVersion: 1,
    encryptionKeys: { '1': randomBytes(VAULT_ENCRYPTION_KEY_BYTES).toString('base64') },
    fingerprintKey: randomBytes(MIN_FINGERPRINT_KEY_BYTES).toString('base64'),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseKeysFile(text: string, path: string): VaultKeys {
  const fail: Fail = (message) => {
    throw new VaultError('vault_keys_file_invalid', `${message}. Restore the file from your backup; without it sealed card numbers cannot be opened`, path);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail('is not JSON');
  }
  if (!isRecord(parsed) || parsed.format !== VAULT_KEYS_FILE_FORMAT) fail(`is not a format ${VAULT_KEYS_FILE_FORMAT} vault keys file`);
  const { currentVersion, encryptionKeys, fingerprintKey } = parsed;
  if (typeof currentVersion !== 'number' || !Number.isSafeInteger(currentVersion)) fail('"currentVersion" must be a whole number');
  if (!isRecord(encryptionKeys)) fail('"encryptionKeys" must map versions to base64 keys');
  if (typeof fingerprintKey !== 'string') fail('"fingerprintKey" must be a base64 key');
  const keys = new Map<number, Buffer>();
  for (const [versionText, keyText] of Object.entries(encryptionKeys)) {
    const version = parseVersion(versionText, `"encryptionKeys" version "${versionText}"`, fail);
    if (typeof keyText !== 'string') fail(`"encryptionKeys" version ${version} must be a base64 key`);
    keys.set(version, decodeKey(keyText, VAULT_ENCRYPTION_KEY_BYTES, VAULT_ENCRYPTION_KEY_BYTES, `"encryptionKeys" version ${version}`, fail));
  }
  const fingerprint = decodeKey(fingerprintKey, MIN_FINGERPRINT_KEY_BYTES, MAX_FINGERPRINT_KEY_BYTES, '"fingerprintKey"', fail);
  return checkedKeys(keys, currentVersion, fingerprint, (_setting, message) => fail(message));
}

function readKeysFile(path: string): VaultKeys {
  const stats = statSync(path);
  if (!stats.isFile() || stats.size > MAX_VAULT_KEYS_FILE_BYTES) {
    throw new VaultError('vault_keys_file_invalid', `must be a regular file of at most ${MAX_VAULT_KEYS_FILE_BYTES} bytes`, path);
  }
  // Like ssh with a private key, refuse keys that other local users can read. Windows has no
  // POSIX modes (Node reports 0o666 there), so the check applies elsewhere only.
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
    throw new VaultError('vault_keys_file_invalid', `is readable by other users (mode ${mode}); run: chmod 600 ${path}`, path);
  }
  return parseKeysFile(readFileSync(path, 'utf8'), path);
}

/**
 * Writes the whole file under a temporary name, then links it into place: readers never see
 * half a file, and of two processes starting together exactly one creates it. Returns whether
 * this call created it.
 */
function createKeysFile(path: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(generatedKeysFile(), null, 2)}\n`);
    // Losing this file loses every sealed card number, so it reaches the disk before use.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    // Another process created the file first; both then use that one.
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * The embedded default: keys generated at random into `<dataDir>/vault-keys.json` (mode 0600)
 * on first use and read from there afterwards. `created` tells the caller to remind the
 * operator to back the file up: the sealed card numbers are useless without it.
 */
export function loadOrCreateVaultKeys(dataDir: string): { keys: VaultKeys; path: string; created: boolean } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, VAULT_KEYS_FILE_NAME);
  try {
    return { keys: readKeysFile(path), path, created: false };
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  const created = createKeysFile(path);
  return { keys: readKeysFile(path), path, created };
}
