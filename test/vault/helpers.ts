import { randomBytes } from 'node:crypto';
import type { VaultKeys } from '../../src/vault/index.ts';

/** Vault keys for tests: random keys for the given versions, or the given key for a version. */
export function testKeys(versions: readonly number[], current: number, fingerprintKey: Buffer = randomBytes(32), encryption: ReadonlyMap<number, Buffer> = new Map()): VaultKeys {
  const encryptionKeys = new Map(versions.map((v) => [v, encryption.get(v) ?? randomBytes(32)] as const));
  return { encryptionKeys, currentVersion: current, fingerprintKey };
}
