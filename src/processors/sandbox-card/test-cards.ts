import type { WireResponseCode } from './wire.ts';

/**
 * The sandbox acquirer's test cards. The numbers and outcomes are Stripe's
 * (https://docs.stripe.com/testing#declined-payments and #authentication-and-setup), so
 * anyone who has tested against Stripe knows them. Any other Luhn-valid number of a known
 * brand is approved, as Stripe's per-brand success numbers are (5555555555554444,
 * 378282246310005, 3566002020360505, UnionPay 6200000000000005, …).
 */
export type SandboxBehaviour =
  | { kind: 'approve' }
  | { kind: 'decline'; responseCode: Exclude<WireResponseCode, '00' | '1A' | 'S1'> }
  /** 3-D Secure: pending until the sandbox challenge page approves or declines it. */
  | { kind: 'challenge' }
  /** Approved, but the answer never arrives: the caller sees a timeout; a status request finds it approved. */
  | { kind: 'lose_answer' };

export interface SandboxTestCard {
  number: string;
  behaviour: SandboxBehaviour;
  description: string;
}

/**
 * Paygrid's own test number for a timeout; it is not on Stripe's testing page. Deterministic:
 * the acquirer approves the authorization and drops its answer, so `authorize` answers
 * `unknown` (timeout) and `syncStatus` (or a retry with the same reference) finds it authorized.
 */
export const SANDBOX_TIMEOUT_CARD_NUMBER = '4000009990000005';

export const SANDBOX_TEST_CARDS: readonly SandboxTestCard[] = [
  { number: '4242424242424242', behaviour: { kind: 'approve' }, description: 'Succeeds.' },
  { number: '4000000000000002', behaviour: { kind: 'decline', responseCode: '05' }, description: 'Declined: generic_decline.' },
  { number: '4000000000009995', behaviour: { kind: 'decline', responseCode: '51' }, description: 'Declined: insufficient_funds.' },
  { number: '4000000000009987', behaviour: { kind: 'decline', responseCode: '41' }, description: 'Declined: lost_card.' },
  { number: '4000000000009979', behaviour: { kind: 'decline', responseCode: '43' }, description: 'Declined: stolen_card.' },
  { number: '4000000000000069', behaviour: { kind: 'decline', responseCode: '54' }, description: 'Declined: expired_card.' },
  { number: '4000000000000127', behaviour: { kind: 'decline', responseCode: 'N7' }, description: 'Declined: incorrect_cvc.' },
  { number: '4000000000000119', behaviour: { kind: 'decline', responseCode: '96' }, description: 'Declined: processing_error.' },
  { number: '4000002500003155', behaviour: { kind: 'challenge' }, description: 'Requires 3-D Secure authentication: requires_action with a challenge page.' },
  { number: SANDBOX_TIMEOUT_CARD_NUMBER, behaviour: { kind: 'lose_answer' }, description: 'Times out: unknown until a status sync finds it authorized.' },
];

const BEHAVIOUR_BY_NUMBER: ReadonlyMap<string, SandboxBehaviour> = new Map(SANDBOX_TEST_CARDS.map((c) => [c.number, c.behaviour]));

export function sandboxBehaviour(number: string): SandboxBehaviour {
  return BEHAVIOUR_BY_NUMBER.get(number) ?? { kind: 'approve' };
}
