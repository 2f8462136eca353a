import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import {
  CHALLENGE_VALIDITY_MS,
  SANDBOX_SIGNATURE_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookRejectionCode,
  type WebhookRequest,
} from '../../src/processors/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { CHALLENGE_PAGE_URL, WEBHOOK_SECRET, card, cny, ref, sandbox, type Sandbox } from './helpers.ts';

const AUTHENTICATION_CARD = '4000002500003155';

let database: TestDatabase;

before(async () => {
  database = await openTestDatabase();
});

after(async () => {
  await database.close();
});

async function challenged(s: Sandbox, clock: ManualClock, amountMinor: bigint = 5_000n): Promise<{ reference: string; processorReference: string; returnUrl: string }> {
  const reference = ref('pa');
  const returnUrl = 'https://shop.example/return?order=7';
  const outcome = await s.processor.authorize({ reference, amount: cny(amountMinor), paymentMethod: { type: 'card', card: card(AUTHENTICATION_CARD, clock) }, returnUrl });
  assert.ok(outcome.status === 'requires_action', outcome.status);
  assert.equal(outcome.nextAction.url, `${CHALLENGE_PAGE_URL}/${outcome.processorReference}`);
  return { reference, processorReference: outcome.processorReference, returnUrl };
}

describe('3-D Secure on the sandbox', () => {
  test('approved on the challenge page: a signed webhook says authorized, sync agrees, and it captures', async () => {
    const clock = new ManualClock();
    const s = sandbox(database.db, clock);
    const auth = await challenged(s, clock);
    const page = await s.acquirer.challenge(auth.processorReference);
    assert.deepEqual(page, { authorizationId: auth.processorReference, amount: cny(5_000n), brand: 'visa', last4: '3155', state: 'pending', returnUrl: auth.returnUrl });

    const completed = await s.acquirer.completeAuthentication(auth.processorReference, true);
    assert.ok(completed.result === 'ok');
    assert.equal(completed.returnUrl, auth.returnUrl);
    const parsed = s.processor.parseWebhook(completed.webhook);
    assert.ok(parsed.status === 'accepted', parsed.status === 'rejected' ? parsed.code : '');
    assert.equal(parsed.event.authorization.state, 'authorized');
    assert.equal(parsed.event.authorization.reference, auth.reference);
    assert.deepEqual(parsed.event.authorization.amountAuthorized, cny(5_000n));

    const synced = await s.processor.syncStatus({ reference: auth.reference, amount: cny(5_000n) });
    assert.ok(synced.status === 'found');
    assert.equal(synced.authorization.state, 'authorized');
    assert.equal((await s.processor.capture({ processorReference: auth.processorReference, reference: ref('c'), amount: cny(5_000n) })).status, 'succeeded');
    assert.deepEqual(await s.acquirer.completeAuthentication(auth.processorReference, true), { result: 'authentication_not_pending' });
    assert.equal((await s.acquirer.challenge(auth.processorReference))?.state, 'approved');
  });

  test('declined on the challenge page: declined with authentication_failed, also on a retried authorize', async () => {
    const clock = new ManualClock();
    const s = sandbox(database.db, clock);
    const auth = await challenged(s, clock);
    const completed = await s.acquirer.completeAuthentication(auth.processorReference, false);
    assert.ok(completed.result === 'ok');
    assert.equal(completed.approved, false);
    const parsed = s.processor.parseWebhook(completed.webhook);
    assert.ok(parsed.status === 'accepted');
    assert.equal(parsed.event.authorization.state, 'declined');
    assert.equal(parsed.event.authorization.declineCode, 'authentication_failed');
    const retried = await s.processor.authorize({ reference: auth.reference, amount: cny(5_000n), paymentMethod: { type: 'card', card: card(AUTHENTICATION_CARD, clock) }, returnUrl: auth.returnUrl });
    assert.deepEqual(retried, { status: 'declined', processorReference: auth.processorReference, declineCode: 'authentication_failed' });
    assert.deepEqual(await s.processor.capture({ processorReference: auth.processorReference, reference: ref('c'), amount: cny(5_000n) }), {
      status: 'failed',
      code: 'authorization_not_approved',
    });
  });

  test('a challenge left open expires after an hour', async () => {
    const clock = new ManualClock();
    const s = sandbox(database.db, clock);
    const auth = await challenged(s, clock);
    const waiting = await s.processor.syncStatus({ reference: auth.reference, amount: cny(5_000n) });
    assert.ok(waiting.status === 'found');
    assert.equal(waiting.authorization.state, 'requires_action');
    assert.equal(waiting.authorization.nextAction?.url, `${CHALLENGE_PAGE_URL}/${auth.processorReference}`);
    clock.advanceMs(CHALLENGE_VALIDITY_MS);
    assert.deepEqual(await s.acquirer.completeAuthentication(auth.processorReference, true), { result: 'authentication_expired' });
    const expired = await s.processor.syncStatus({ reference: auth.reference, amount: cny(5_000n) });
    assert.ok(expired.status === 'found');
    assert.equal(expired.authorization.state, 'expired');
    assert.equal((await s.acquirer.challenge(auth.processorReference))?.state, 'expired');
  });

  test('an authorization waiting for authentication can be voided; a retried authorize then reads authentication_required', async () => {
    const clock = new ManualClock();
    const s = sandbox(database.db, clock);
    const auth = await challenged(s, clock);
    assert.deepEqual(await s.processor.void({ processorReference: auth.processorReference, reference: ref('v') }), { status: 'succeeded' });
    assert.deepEqual(await s.acquirer.completeAuthentication(auth.processorReference, true), { result: 'authentication_not_pending' });
    const retried = await s.processor.authorize({ reference: auth.reference, amount: cny(5_000n), paymentMethod: { type: 'card', card: card(AUTHENTICATION_CARD, clock) }, returnUrl: auth.returnUrl });
    assert.deepEqual(retried, { status: 'declined', processorReference: auth.processorReference, declineCode: 'authentication_required' });
  });

  test('completing an authorization the acquirer does not know is refused by name', async () => {
    const s = sandbox(database.db, new ManualClock());
    assert.deepEqual(await s.acquirer.completeAuthentication('sbauth_missing', true), { result: 'authorization_not_found' });
    assert.equal(await s.acquirer.challenge('sbauth_missing'), undefined);
  });
});

describe('webhook verification', () => {
  function sign(body: string, timestampSeconds: number, secret: string = WEBHOOK_SECRET): string {
    return `t=${timestampSeconds},v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
  }

  async function genuineWebhook(clock: ManualClock): Promise<{ s: Sandbox; webhook: WebhookRequest }> {
    const s = sandbox(database.db, clock);
    const auth = await challenged(s, clock);
    const completed = await s.acquirer.completeAuthentication(auth.processorReference, true);
    assert.ok(completed.result === 'ok');
    return { s, webhook: completed.webhook };
  }

  const REJECTIONS: readonly { name: string; forge: (w: WebhookRequest, nowSeconds: number) => WebhookRequest; advanceMs?: number; code: WebhookRejectionCode }[] = [
    { name: 'no signature header', forge: (w) => ({ ...w, headers: {} }), code: 'signature_missing' },
    { name: 'a header without v1', forge: (w, now) => ({ ...w, headers: { [SANDBOX_SIGNATURE_HEADER]: `t=${now}` } }), code: 'signature_missing' },
    { name: 'a body changed after signing', forge: (w) => ({ ...w, rawBody: w.rawBody.replace('"approved"', '"captured"') }), code: 'signature_invalid' },
    { name: 'signed with another secret', forge: (w, now) => ({ ...w, headers: { [SANDBOX_SIGNATURE_HEADER]: sign(w.rawBody, now, 'whsec_someone_else_0123456789abcdefghij') } }), code: 'signature_invalid' },
    { name: 'a replay after the tolerance', forge: (w) => w, advanceMs: (WEBHOOK_TOLERANCE_SECONDS + 1) * 1000, code: 'signature_expired' },
    { name: 'a signed body that is not a notification', forge: (_w, now) => ({ rawBody: '{"type":"charge.refunded"}', headers: { [SANDBOX_SIGNATURE_HEADER]: sign('{"type":"charge.refunded"}', now) } }), code: 'payload_malformed' },
    { name: 'an oversized body', forge: (w) => ({ ...w, rawBody: ' '.repeat(70_000) }), code: 'payload_too_large' },
  ];

  for (const row of REJECTIONS) {
    test(`${row.name} is rejected as ${row.code}`, async () => {
      const clock = new ManualClock();
      const { s, webhook } = await genuineWebhook(clock);
      if (row.advanceMs !== undefined) clock.advanceMs(row.advanceMs);
      assert.deepEqual(s.processor.parseWebhook(row.forge(webhook, Math.floor(clock.nowMs() / 1000))), { status: 'rejected', code: row.code });
    });
  }

  test('a genuine webhook within the tolerance is accepted, with the secret being rotated alongside', async () => {
    const clock = new ManualClock();
    const { s, webhook } = await genuineWebhook(clock);
    clock.advanceMs(WEBHOOK_TOLERANCE_SECONDS * 1000);
    assert.equal(s.processor.parseWebhook(webhook).status, 'accepted');
    const header = webhook.headers[SANDBOX_SIGNATURE_HEADER] ?? '';
    const withOldSecret = `${header},v1=${'0'.repeat(64)}`;
    assert.equal(s.processor.parseWebhook({ ...webhook, headers: { [SANDBOX_SIGNATURE_HEADER]: withOldSecret } }).status, 'accepted');
  });
});
