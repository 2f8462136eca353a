import type { Transaction } from '../db/database.ts';

/**
 * The port through which payment flows ask the risk engine before they
 * authorize: defined here, where every flow can see it, and implemented by the
 * risk module in the server's wiring, so that no flow depends on the risk module.
 */

/** Who is paying, as the edge saw the request: for velocity by device and address. */
export interface PayerContext {
  ip?: string;
  deviceId?: string;
}

export type ScreenedSubject = 'payment_intent' | 'charging_hold' | 'top_up' | 'wallet_transfer';

/** A payment about to be authorized. */
export interface ScreeningRequest {
  subjectType: ScreenedSubject;
  subjectId: string;
  atMs: number;
  merchantId: string | null;
  customerId: string | null;
  amountMinor: bigint;
  currency: string;
  paymentMethodType: string;
  cardFingerprint?: string;
  payer: PayerContext;
  /** The payer can answer a one-time code now. */
  challengeable: boolean;
  /** The payment can wait for an analyst. */
  reviewable: boolean;
}

/** The decision as a payment carries it. */
export interface ScreeningVerdict {
  decision: 'allow' | 'review' | 'block' | 'challenge';
  score: number;
  reasons: { code: string; message: string }[];
  rule?: string;
  modelVersion?: string;
  decisionId: string;
}

export type ChallengeAnswer = { result: 'passed' } | { result: 'invalid_code'; attemptsLeft: number } | { result: 'code_expired' | 'too_many_attempts' | 'no_challenge' };

export interface Screening {
  /** Decides in memory; `record` stores the decision (and opens a review) in the caller's transaction. */
  screen(request: ScreeningRequest): { verdict: ScreeningVerdict; record: (tx: Transaction) => Promise<void> };
  sendChallenge(subjectId: string, customerId: string): Promise<void>;
  verifyChallenge(subjectId: string, customerId: string, code: string): Promise<ChallengeAnswer>;
}
