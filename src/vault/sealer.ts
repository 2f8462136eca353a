import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultError } from './errors.ts';
import type { VaultKeys } from './keys.ts';

/**
 * AES-256-GCM with a fresh 96-bit nonce per seal (NIST SP 800-38D, section 8.2: 96-bit IVs
 * are the recommended length; random IVs are safe well past the number of values we seal
 * under one key) and the full 128-bit tag.
 */
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Secrets we seal are card numbers and signing secrets: small. The bound refuses misuse. */
export const MAX_SEALED_PLAINTEXT_BYTES = 4_096;
/** Base64url of IV + tag + the largest plaintext, with the version prefix, fits in this. */
const MAX_SEALED_CHARS = 6_000;
/** `v<version>:<base64url(iv ‖ tag ‖ ciphertext)>`: the version names the key that sealed it. */
const SEALED = /^v([1-9]\d{0,4}):([A-Za-z0-9_-]+)$/;
const PURPOSE = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Seals short secrets (card numbers, webhook signing secrets) with the vault's keys. Seals
 * with the current key version; opens with any version the keys hold, so keys rotate without
 * a flag day. The purpose and an optional context (such as the row's id) are authenticated
 * as associated data: a sealed value copied to another purpose or row does not open.
 */
export class SecretSealer {
  constructor(
    private readonly keys: VaultKeys,
    private readonly purpose: string,
  ) {
    if (!PURPOSE.test(purpose)) throw new Error('a sealer purpose is lower-case letters, digits and underscores');
  }

  seal(plain: string, context: string = ''): string {
    const plaintext = Buffer.from(plain, 'utf8');
    if (plaintext.length > MAX_SEALED_PLAINTEXT_BYTES) throw new Error(`at most ${MAX_SEALED_PLAINTEXT_BYTES} bytes can be sealed`);
    const version = this.keys.currentVersion;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(version), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.associatedData(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return `v${version}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
  }

  /** Opens a sealed value, or throws a VaultError if it is malformed, altered or sealed with a key we do not hold. */
  open(sealed: string, context: string = ''): string {
    const { version, payload } = parseSealed(sealed);
    if (!this.keys.encryptionKeys.has(version)) {
      throw new VaultError('sealed_value_key_unknown', `sealed with key version ${version}, which this process does not hold; add it back to the vault keys`);
    }
    const iv = payload.subarray(0, IV_BYTES);
    const tag = payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, this.key(version), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(this.associatedData(context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(payload.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError('sealed_value_tampered', 'the sealed value does not authenticate: it was altered, or belongs to another record or purpose');
    }
  }

  /** Whether a sealed value uses an older key version and should be sealed again (rotation). */
  isSealedWithOldKey(sealed: string): boolean {
    return parseSealed(sealed).version !== this.keys.currentVersion;
  }

  get currentVersion(): number {
    return this.keys.currentVersion;
  }

  private key(version: number): Buffer {
    const key = this.keys.encryptionKeys.get(version);
    if (key === undefined) throw new VaultError('sealed_value_key_unknown', `no key of version ${version}`);
    return key;
  }

  private associatedData(context: string): Buffer {
    // The purpose cannot contain ':', so "purpose:context" is unambiguous.
    return Buffer.from(`paygrid:${this.purpose}:${context}`, 'utf8');
  }
}

/** The key version a sealed value names, without opening it. */
export function sealedKeyVersion(sealed: string): number {
  return parseSealed(sealed).version;
}

function parseSealed(sealed: string): { version: number; payload: Buffer } {
  const match = sealed.length <= MAX_SEALED_CHARS ? SEALED.exec(sealed) : null;
  const payload = match === null ? undefined : Buffer.from(match[2] ?? '', 'base64url');
  if (match === null || payload === undefined || payload.length < IV_BYTES + TAG_BYTES) {
    throw new VaultError('sealed_value_malformed', 'not a sealed value of the form v<version>:<base64url>');
  }
  return { version: Number(match[1]), payload };
}
