import type { Database, Queryable } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * RFID id tags (OCPP idTag, at most 20 characters) that start charging
 * without the app: a prepaid card's tag, registered by the operator that
 * issued or accepts the card, or a consumer's own tag, which pays from their
 * wallet under their agreement (免密支付) with the operator. The tag is the
 * card's RFID uid, never the card number, which stays sealed in the prepaid
 * module.
 */
export const ID_TAG_PATTERN = /^[\x21-\x7e]{1,20}$/;

export type IdTagOwner = { kind: 'prepaid_card'; prepaidCardId: string; merchantId: string } | { kind: 'customer'; customerId: string };

export interface IdTag {
  idTag: string;
  owner: IdTagOwner;
  status: 'active' | 'blocked';
  createdAtMs: number;
}

export type IdTagFailure = 'id_tag_invalid' | 'id_tag_taken';

interface Row {
  id_tag: string;
  prepaid_card_id: string | null;
  customer_id: string | null;
  merchant_id: string | null;
  status: 'active' | 'blocked';
  created_at: Date;
}

function toIdTag(r: Row): IdTag {
  const owner: IdTagOwner = r.prepaid_card_id !== null ? { kind: 'prepaid_card', prepaidCardId: r.prepaid_card_id, merchantId: r.merchant_id ?? '' } : { kind: 'customer', customerId: r.customer_id ?? '' };
  return { idTag: r.id_tag, owner, status: r.status, createdAtMs: r.created_at.getTime() };
}

export class IdTags {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async register(idTag: string, owner: IdTagOwner): Promise<{ tag: IdTag } | { failure: IdTagFailure }> {
    if (!ID_TAG_PATTERN.test(idTag)) return { failure: 'id_tag_invalid' };
    const { rows } = await this.db.query<Row>(
      `INSERT INTO charging_id_tags (id_tag, prepaid_card_id, customer_id, merchant_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id_tag) DO NOTHING RETURNING id_tag, prepaid_card_id, customer_id, merchant_id, status, created_at`,
      [idTag, owner.kind === 'prepaid_card' ? owner.prepaidCardId : null, owner.kind === 'customer' ? owner.customerId : null, owner.kind === 'prepaid_card' ? owner.merchantId : null, new Date(this.clock.nowMs())],
    );
    return rows[0] === undefined ? { failure: 'id_tag_taken' } : { tag: toIdTag(rows[0]) };
  }

  async find(q: Queryable, idTag: string): Promise<IdTag | undefined> {
    const { rows } = await q.query<Row>('SELECT id_tag, prepaid_card_id, customer_id, merchant_id, status, created_at FROM charging_id_tags WHERE id_tag = $1', [idTag]);
    return rows[0] === undefined ? undefined : toIdTag(rows[0]);
  }

  async listForCustomer(customerId: string): Promise<IdTag[]> {
    const { rows } = await this.db.query<Row>('SELECT id_tag, prepaid_card_id, customer_id, merchant_id, status, created_at FROM charging_id_tags WHERE customer_id = $1 ORDER BY created_at LIMIT 100', [customerId]);
    return rows.map(toIdTag);
  }

  /** Blocks or unblocks a tag its owner holds (a lost card): a blocked tag is refused at Authorize. */
  async setStatus(owner: IdTagOwner, idTag: string, status: 'active' | 'blocked'): Promise<IdTag | undefined> {
    const ownerColumn = owner.kind === 'customer' ? 'customer_id' : 'merchant_id';
    const ownerId = owner.kind === 'customer' ? owner.customerId : owner.merchantId;
    const { rows } = await this.db.query<Row>(
      `UPDATE charging_id_tags SET status = $3 WHERE id_tag = $1 AND ${ownerColumn} = $2 RETURNING id_tag, prepaid_card_id, customer_id, merchant_id, status, created_at`,
      [idTag, ownerId, status],
    );
    return rows[0] === undefined ? undefined : toIdTag(rows[0]);
  }
}
