import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { CardCredentials, validateCard, type CardDisplay, type CardInput } from './card-credentials.ts';
import { cardBrand, cvcFormatValid, last4, normalizeCardNumber, type CardValidationFailure } from './card-number.ts';
import type { VaultKeys } from './keys.ts';
import { SecretSealer } from './sealer.ts';
import * as store from './store.ts';

/** A stored card as the rest of Paygrid sees it: never the number. */
export interface StoredCard extends CardDisplay {
  id: string;
  /**
   * Keyed fingerprint of the number (HMAC-SHA256, base64url): equal for equal numbers, for
   * dedupe and risk velocity. Internal: the API shows only brand, last four and expiry.
   */
  fingerprint: string;
  createdAtMs: number;
}

export type StoreCardResult = { result: 'ok'; card: StoredCard } | { result: CardValidationFailure };
export type CardCredentialsResult = { result: 'ok'; credentials: CardCredentials } | { result: 'card_not_found' | 'invalid_cvc' };

/** Cards returned by one fingerprint lookup. */
export const MAX_CARDS_PER_FINGERPRINT_LOOKUP = 100;
/** Cards re-sealed per `resealWithCurrentKey` call; call again while it returns this many. */
export const RESEAL_BATCH_LIMIT = 500;

const SEALER_PURPOSE = 'card_number';
/** Domain separation: the fingerprint key could one day sign other things. */
const FINGERPRINT_LABEL = 'paygrid.card_number.v1:';

/**
 * The card vault: card numbers sealed with AES-256-GCM under a key version, a keyed
 * fingerprint for dedupe and risk, and brand, last four and expiry in clear. No CVC is ever
 * stored (PCI DSS v4.0, requirement 3.3.1.2: the card verification code is not retained after
 * authorization). Owns the `vault_cards` table.
 */
export class CardVault {
  private readonly sealer: SecretSealer;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly keys: VaultKeys,
  ) {
    this.sealer = new SecretSealer(keys, SEALER_PURPOSE);
  }

  /** Fingerprint of a typed number, or undefined if it is not a card number. */
  fingerprintOf(number: string): string | undefined {
    const normalized = normalizeCardNumber(number);
    return normalized.result === 'ok' ? this.fingerprint(normalized.number) : undefined;
  }

  /** Validates and stores a card. Each call stores a new card; equal numbers share a fingerprint. */
  async storeCard(input: CardInput): Promise<StoreCardResult> {
    const validated = validateCard(input, this.clock);
    if (validated.result !== 'ok') return validated;
    const { card } = validated;
    const id = newId('card', this.clock.nowMs());
    // The row's id is authenticated with the number, so a sealed value moved to another row does not open.
    const numberSealed = this.sealer.seal(card.number, id);
    const row = await store.insertCard(this.db, {
      id,
      fingerprint: this.fingerprint(card.number),
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      numberSealed,
      keyVersion: this.sealer.currentVersion,
      createdAtMs: this.clock.nowMs(),
    });
    return { result: 'ok', card: storedCard(row) };
  }

  async getCard(id: string): Promise<StoredCard | undefined> {
    const row = await store.findCard(this.db, id);
    return row === undefined ? undefined : storedCard(row);
  }

  /** Cards with this fingerprint, newest first, at most `limit`. */
  async findCardsByFingerprint(fingerprint: string, limit: number = MAX_CARDS_PER_FINGERPRINT_LOOKUP): Promise<StoredCard[]> {
    assert(Number.isSafeInteger(limit) && limit > 0 && limit <= MAX_CARDS_PER_FINGERPRINT_LOOKUP, `limit is 1..${MAX_CARDS_PER_FINGERPRINT_LOOKUP}`);
    return (await store.findCardsByFingerprint(this.db, fingerprint, limit)).map(storedCard);
  }

  /**
   * Opens a stored card for one authorization. The CVC, if the customer typed one for this
   * payment, travels with it and is forgotten afterwards.
   */
  async credentials(id: string, cvc?: string): Promise<CardCredentialsResult> {
    const row = await store.findCard(this.db, id);
    if (row === undefined) return { result: 'card_not_found' };
    if (cvc !== undefined && !cvcFormatValid(cvc, row.brand)) return { result: 'invalid_cvc' };
    const number = this.sealer.open(row.numberSealed, row.id);
    // The clear columns were derived from this number; disagreement means a corrupted row.
    assert(last4(number) === row.last4 && cardBrand(number) === row.brand, 'a stored card opens to the number its clear columns describe');
    const credentials = CardCredentials.fromValidCard({ number, brand: row.brand, last4: row.last4, expMonth: row.expMonth, expYear: row.expYear }, cvc);
    return { result: 'ok', credentials };
  }

  /**
   * Re-seals up to `limit` cards still sealed with an older key version under the current one,
   * the second half of a key rotation. Returns how many it re-sealed; once it returns 0 the old
   * versions can be removed from the keys. Fingerprints do not change.
   */
  async resealWithCurrentKey(limit: number = RESEAL_BATCH_LIMIT): Promise<number> {
    assert(Number.isSafeInteger(limit) && limit > 0 && limit <= RESEAL_BATCH_LIMIT, `limit is 1..${RESEAL_BATCH_LIMIT}`);
    const current = this.sealer.currentVersion;
    return this.db.transaction(async (tx) => {
      const rows = await store.lockCardsSealedWithOtherVersions(tx, current, limit);
      for (const row of rows) {
        const numberSealed = this.sealer.seal(this.sealer.open(row.numberSealed, row.id), row.id);
        await store.updateSealedNumber(tx, row.id, numberSealed, current);
      }
      return rows.length;
    });
  }

  private fingerprint(number: string): string {
    return createHmac('sha256', this.keys.fingerprintKey).update(FINGERPRINT_LABEL + number, 'utf8').digest('base64url');
  }
}

function storedCard(row: store.CardRecord): StoredCard {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.expMonth,
    expYear: row.expYear,
    fingerprint: row.fingerprint,
    createdAtMs: row.createdAtMs,
  };
}
