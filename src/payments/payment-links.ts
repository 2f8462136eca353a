import type { Database } from '../db/database.ts';
import type { Metadata } from '../ledger/index.ts';
import { findCurrency } from '../money/index.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { IntentResult, PaymentIntents } from './payment-intents.ts';
import { keysetPage, type PageCursor } from '../db/keyset.ts';

/**
 * A merchant-presented QR code (收款码): a payment link whose URL opens checkout
 * for a fixed amount, or for an amount the payer enters (the sticker at a
 * market stall). Paying creates one payment intent per payment, owned by the
 * link's merchant and marked with the link in its metadata, and confirms it
 * from the payer's wallet with their payment password.
 */
export interface PaymentLink {
  id: string;
  merchantId: string;
  /** null: the payer enters the amount. */
  amountMinor: bigint | null;
  currency: string;
  description: string;
  active: boolean;
  metadata: Metadata;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface NewPaymentLink {
  amountMinor?: bigint;
  currency: string;
  description?: string;
  metadata?: Metadata;
}

export type PaymentLinkFailure =
  | { failure: 'unknown_currency' }
  | { failure: 'payment_link_not_found' }
  | { failure: 'payment_link_inactive' }
  | { failure: 'amount_required' }
  | { failure: 'amount_not_allowed'; amountMinor: bigint };

/** The failure names above, so that the edge tells them from a payment intent's. */
export const PAYMENT_LINK_FAILURES: ReadonlySet<string> = new Set<PaymentLinkFailure['failure']>(['unknown_currency', 'payment_link_not_found', 'payment_link_inactive', 'amount_required', 'amount_not_allowed']);

interface LinkRow {
  id: string;
  merchant_id: string;
  amount: bigint | null;
  currency: string;
  description: string;
  active: boolean;
  metadata: Metadata;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, merchant_id, amount, currency, description, active, metadata, created_at, updated_at';

function toLink(r: LinkRow): PaymentLink {
  return { id: r.id, merchantId: r.merchant_id, amountMinor: r.amount, currency: r.currency, description: r.description, active: r.active, metadata: r.metadata, createdAtMs: r.created_at.getTime(), updatedAtMs: r.updated_at.getTime() };
}

export class PaymentLinks {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly intents: PaymentIntents,
  ) {}

  async create(merchantId: string, input: NewPaymentLink): Promise<{ link: PaymentLink } | PaymentLinkFailure> {
    if (findCurrency(input.currency)?.code !== input.currency) return { failure: 'unknown_currency' };
    const now = this.clock.nowMs();
    const link: PaymentLink = { id: newId('plink', now), merchantId, amountMinor: input.amountMinor ?? null, currency: input.currency, description: input.description ?? '', active: true, metadata: input.metadata ?? {}, createdAtMs: now, updatedAtMs: now };
    await this.db.query(`INSERT INTO payment_links (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, [link.id, merchantId, link.amountMinor, link.currency, link.description, link.active, JSON.stringify(link.metadata), new Date(now)]);
    return { link };
  }

  /** The merchant's own link; another merchant's id is not found. Without a merchant: the public view checkout needs. */
  async get(id: string, merchantId?: string): Promise<PaymentLink | undefined> {
    const { rows } = await this.db.query<LinkRow>(`SELECT ${COLUMNS} FROM payment_links WHERE id = $1`, [id]);
    const row = rows[0];
    if (row === undefined || (merchantId !== undefined && row.merchant_id !== merchantId)) return undefined;
    return toLink(row);
  }

  async list(merchantId: string, limit: number, cursor: PageCursor = {}): Promise<{ links: PaymentLink[]; hasMore: boolean }> {
    const page = await keysetPage<LinkRow>(this.db, { table: 'payment_links', columns: COLUMNS, scope: { column: 'merchant_id', value: merchantId } }, limit, cursor);
    return { links: page.rows.map(toLink), hasMore: page.hasMore };
  }

  /** Stripe deactivates a link instead of deleting it: printed codes stay, and answer that they no longer take payments. */
  async update(merchantId: string, id: string, changes: { active?: boolean; description?: string; metadata?: Metadata }): Promise<{ link: PaymentLink } | PaymentLinkFailure> {
    const link = await this.get(id, merchantId);
    if (link === undefined) return { failure: 'payment_link_not_found' };
    const updated: PaymentLink = { ...link, ...changes, metadata: changes.metadata === undefined ? link.metadata : { ...link.metadata, ...changes.metadata }, updatedAtMs: this.clock.nowMs() };
    await this.db.query('UPDATE payment_links SET active = $2, description = $3, metadata = $4, updated_at = $5 WHERE id = $1', [id, updated.active, updated.description, JSON.stringify(updated.metadata), new Date(updated.updatedAtMs)]);
    return { link: updated };
  }

  /**
   * The payer pays the link from their wallet: the amount is the link's, or
   * the one they entered for an open link. Each payment is its own intent, so
   * refunds and disputes work on it like on any other payment.
   */
  async payWithWallet(id: string, payer: { customerId: string; password: string; amountMinor?: bigint }): Promise<IntentResult | PaymentLinkFailure> {
    const link = await this.get(id);
    if (link === undefined) return { failure: 'payment_link_not_found' };
    if (!link.active) return { failure: 'payment_link_inactive' };
    const amountMinor = link.amountMinor ?? payer.amountMinor;
    if (amountMinor === undefined) return { failure: 'amount_required' };
    if (link.amountMinor !== null && payer.amountMinor !== undefined && payer.amountMinor !== link.amountMinor) return { failure: 'amount_not_allowed', amountMinor: link.amountMinor };
    const created = await this.intents.create(link.merchantId, { amountMinor, currency: link.currency, customerId: payer.customerId, description: link.description, metadata: { payment_link: link.id } });
    if ('failure' in created) return created;
    return this.intents.confirmAsConsumer(created.intent.id, { customerId: payer.customerId, clientSecret: created.intent.clientSecret, password: payer.password });
  }
}
