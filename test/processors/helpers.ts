import { strict as assert } from 'node:assert';
import type { Database } from '../../src/db/database.ts';
import { money, type Money } from '../../src/money/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import {
  SandboxCardAcquirer,
  SandboxCardProcessor,
  inProcessTransport,
  type SandboxAcquirerTransport,
  type SimulatedNetwork,
} from '../../src/processors/index.ts';
import { CardCredentials } from '../../src/vault/index.ts';

export const WEBHOOK_SECRET = 'whsec_test_0123456789abcdefghijklmnopqrstuv';
export const CHALLENGE_PAGE_URL = 'http://localhost:4000/sandbox/3ds';

export function cny(amountMinor: bigint): Money {
  return money(amountMinor, 'CNY');
}

/** Card credentials as the vault would hand them to a processor. */
export function card(number: string, clock: Clock, expiry: { expMonth: number; expYear: number } = { expMonth: 12, expYear: 2030 }): CardCredentials {
  const cvc = number.startsWith('34') || number.startsWith('37') ? '1234' : '123';
  const created = CardCredentials.fromInput({ number, ...expiry, cvc }, clock);
  assert.ok(created.result === 'ok', `${number} is a valid test card`);
  return created.credentials;
}

export interface Sandbox {
  acquirer: SandboxCardAcquirer;
  processor: SandboxCardProcessor;
}

/** A sandbox acquirer and its connector on `db`; `wrap` may put a faulty network between them. */
export function sandbox(db: Database, clock: Clock, network: SimulatedNetwork = {}, wrap: (t: SandboxAcquirerTransport) => SandboxAcquirerTransport = (t) => t): Sandbox {
  const acquirer = new SandboxCardAcquirer({ db, clock, challengePageUrl: CHALLENGE_PAGE_URL, webhookSecret: WEBHOOK_SECRET });
  const processor = new SandboxCardProcessor({ transport: wrap(inProcessTransport(acquirer, network)), webhookSecret: WEBHOOK_SECRET, clock });
  return { acquirer, processor };
}

let counter = 0;
/** A fresh reference per call, so tests sharing a database never collide. */
export function ref(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now()}_${counter}`;
}
