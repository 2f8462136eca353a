import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import { BANK_PAGE_VALIDITY_MS, SandboxBank, SandboxBankProcessor } from '../../src/processors/index.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { WEBHOOK_SECRET, cny, ref } from './helpers.ts';

const PAGE_URL = 'http://localhost:4000/sandbox/bank/';

/** The online banking connector over the sandbox bank: a sale the payer approves on the bank's page. */
describe('sandbox bank (online banking)', () => {
  let database: TestDatabase;
  let clock: ManualClock;
  let bank: SandboxBank;
  let processor: SandboxBankProcessor;
  before(async () => {
    database = await openTestDatabase();
    clock = new ManualClock();
    bank = new SandboxBank(database.db, clock, PAGE_URL);
    processor = new SandboxBankProcessor(bank, WEBHOOK_SECRET, clock);
  });
  after(async () => {
    await database.close();
  });

  const open = (reference: string, amountMinor = 10_000n) => processor.authorize({ reference, amount: cny(amountMinor), paymentMethod: { type: 'online_banking', bank: 'icbc' }, returnUrl: 'https://shop.example/back' });

  test('the payer approves on the page: the notification verifies, capture confirms the full amount, refunds go back once per reference', async () => {
    const reference = ref('bank');
    const opened = await open(reference);
    assert.equal(opened.status, 'requires_action');
    assert.ok(opened.status === 'requires_action');
    assert.ok(opened.nextAction.url.startsWith(PAGE_URL));
    assert.deepEqual(await open(reference), opened, 'the same reference opens the same page');

    const paid = await bank.answer(opened.processorReference, 'approve');
    assert.ok(typeof paid === 'object' && paid.state === 'paid');
    const parsed = processor.parseWebhook(processor.notification(paid));
    assert.ok(parsed.status === 'accepted');
    assert.equal(parsed.event.authorization.state, 'authorized');
    assert.equal(parsed.event.authorization.reference, reference);
    assert.equal(await bank.answer(opened.processorReference, 'decline'), 'not_pending', 'a page answers once');

    assert.deepEqual(await processor.capture({ processorReference: opened.processorReference, reference: `${reference}:c`, amount: cny(9_000n) }), { status: 'failed', code: 'partial_capture_not_supported' });
    assert.equal((await processor.capture({ processorReference: opened.processorReference, reference: `${reference}:c`, amount: cny(10_000n) })).status, 'succeeded');
    const synced = await processor.syncStatus({ reference, amount: cny(10_000n) });
    assert.ok(synced.status === 'found');
    assert.equal(synced.authorization.state, 'captured');

    assert.equal((await processor.refund({ processorReference: opened.processorReference, reference: `${reference}:r1`, amount: cny(4_000n) })).status, 'succeeded');
    assert.equal((await processor.refund({ processorReference: opened.processorReference, reference: `${reference}:r1`, amount: cny(4_000n) })).status, 'succeeded', 'a retried refund is the same refund');
    assert.deepEqual(await processor.refund({ processorReference: opened.processorReference, reference: `${reference}:r2`, amount: cny(6_001n) }), { status: 'failed', code: 'amount_exceeds_captured' });
    assert.deepEqual(await processor.refund({ processorReference: opened.processorReference, reference: `${reference}:r1`, amount: cny(1n) }), { status: 'failed', code: 'reference_reused_with_different_request' });
    const after = await processor.syncStatus({ reference, amount: cny(10_000n) });
    assert.ok(after.status === 'found');
    assert.equal(after.authorization.amountRefunded.amountMinor, 4_000n);
  });

  test('declined, expired and canceled pages take no money', async () => {
    const declined = await open(ref('bank'));
    assert.ok(declined.status === 'requires_action');
    await bank.answer(declined.processorReference, 'decline');
    const seen = await processor.syncStatus({ reference: (await bank.byId(declined.processorReference))?.reference ?? '', amount: cny(10_000n) });
    assert.ok(seen.status === 'found');
    assert.equal(seen.authorization.state, 'declined');
    assert.equal(seen.authorization.declineCode, 'insufficient_funds');

    const late = await open(ref('bank'));
    assert.ok(late.status === 'requires_action');
    clock.advanceMs(BANK_PAGE_VALIDITY_MS + 1);
    assert.equal(await bank.answer(late.processorReference, 'approve'), 'not_pending', 'an expired page cannot be approved');
    assert.deepEqual(await processor.capture({ processorReference: late.processorReference, reference: 'x', amount: cny(10_000n) }), { status: 'failed', code: 'authorization_expired' });

    const canceled = await open(ref('bank'));
    assert.ok(canceled.status === 'requires_action');
    assert.deepEqual(await processor.void({ processorReference: canceled.processorReference, reference: 'v' }), { status: 'succeeded' });
    assert.equal(await bank.answer(canceled.processorReference, 'approve'), 'not_pending', 'a canceled payment cannot be approved afterwards');

    const paid = await open(ref('bank'));
    assert.ok(paid.status === 'requires_action');
    await bank.answer(paid.processorReference, 'approve');
    assert.deepEqual(await processor.void({ processorReference: paid.processorReference, reference: 'v' }), { status: 'failed', code: 'authorization_already_captured' });
  });

  test('notifications with a bad signature, an old timestamp or a strange body are refused', async () => {
    const opened = await open(ref('bank'));
    assert.ok(opened.status === 'requires_action');
    const paid = await bank.answer(opened.processorReference, 'approve');
    assert.ok(typeof paid === 'object');
    const good = processor.notification(paid);
    assert.deepEqual(processor.parseWebhook({ headers: good.headers, rawBody: good.rawBody.replace('"paid"', '"declined"') }), { status: 'rejected', code: 'signature_invalid' });
    assert.deepEqual(processor.parseWebhook({ headers: {}, rawBody: good.rawBody }), { status: 'rejected', code: 'signature_missing' });
    clock.advanceMs(10 * 60_000);
    assert.deepEqual(processor.parseWebhook(good), { status: 'rejected', code: 'signature_expired' });
    const odd = processor.notification(paid);
    const forged = new SandboxBankProcessor(bank, WEBHOOK_SECRET, clock).notification({ ...paid, currency: 'cny' });
    assert.equal(processor.parseWebhook(odd).status, 'accepted');
    assert.deepEqual(processor.parseWebhook(forged), { status: 'rejected', code: 'payload_malformed' });
  });
});
