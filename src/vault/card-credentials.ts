import { inspect } from 'node:util';
import type { Clock } from '../platform/clock.ts';
import { cardBrand, checkExpiry, cvcFormatValid, last4, luhnValid, normalizeCardNumber, type CardBrand, type CardValidationFailure } from './card-number.ts';

/** A card as someone typed it: the number may carry spaces or dashes. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  /** Used once, for the authorization it came with; never stored (PCI DSS v4.0, requirement 3.3.1.2). */
  cvc?: string;
}

/** What may be shown of a card anywhere: brand, last four digits and expiry. */
export interface CardDisplay {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ValidCard extends CardDisplay {
  /** Digits only. Internal to the vault: never leaves it except inside CardCredentials. */
  number: string;
}

/** Validates typed card data; failures are Stripe's error codes for the same checks. */
export function validateCard(input: CardInput, clock: Clock): { result: 'ok'; card: ValidCard } | { result: CardValidationFailure } {
  const normalized = normalizeCardNumber(input.number);
  if (normalized.result !== 'ok') return normalized;
  // Stripe answers a number that fails the check digit with `incorrect_number` (its test number 4242424242424241).
  if (!luhnValid(normalized.number)) return { result: 'incorrect_number' };
  const expiry = checkExpiry(input.expMonth, input.expYear, clock.nowMs());
  if (expiry.result !== 'ok') return expiry;
  const brand = cardBrand(normalized.number);
  if (input.cvc !== undefined && !cvcFormatValid(input.cvc, brand)) return { result: 'invalid_cvc' };
  return { result: 'ok', card: { number: normalized.number, brand, last4: last4(normalized.number), expMonth: expiry.expMonth, expYear: expiry.expYear } };
}

/**
 * A card's number (and CVC, when the customer just typed one) on its way to a processor.
 * The clear values live in private fields: JSON, `util.inspect`, string conversion and
 * structured logging see only brand, last four and expiry. A processor's wire mapping calls
 * `revealNumber()` at the moment it builds the request it sends, and nowhere else.
 */
export class CardCredentials implements CardDisplay {
  readonly #number: string;
  readonly #cvc: string | undefined;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;

  private constructor(card: ValidCard, cvc: string | undefined) {
    this.#number = card.number;
    this.#cvc = cvc;
    this.brand = card.brand;
    this.last4 = card.last4;
    this.expMonth = card.expMonth;
    this.expYear = card.expYear;
    Object.freeze(this);
  }

  /** Builds credentials from typed card data (validated first). */
  static fromInput(input: CardInput, clock: Clock): { result: 'ok'; credentials: CardCredentials } | { result: CardValidationFailure } {
    const validated = validateCard(input, clock);
    if (validated.result !== 'ok') return validated;
    return { result: 'ok', credentials: new CardCredentials(validated.card, input.cvc) };
  }

  /** For the vault, which validated the card when it stored it. */
  static fromValidCard(card: ValidCard, cvc: string | undefined): CardCredentials {
    return new CardCredentials(card, cvc);
  }

  revealNumber(): string {
    return this.#number;
  }

  revealCvc(): string | undefined {
    return this.#cvc;
  }

  get hasCvc(): boolean {
    return this.#cvc !== undefined;
  }

  display(): CardDisplay {
    return { brand: this.brand, last4: this.last4, expMonth: this.expMonth, expYear: this.expYear };
  }

  toJSON(): CardDisplay {
    return this.display();
  }

  toString(): string {
    return `${this.brand} ****${this.last4} ${String(this.expMonth).padStart(2, '0')}/${this.expYear}`;
  }

  [inspect.custom](): string {
    return `CardCredentials(${this.toString()})`;
  }
}
