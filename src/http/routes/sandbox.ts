import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { formatMoney } from '../../money/index.ts';
import type { PaymentIntents, TopUps } from '../../payments/index.ts';
import { BANK_PAGE_CHOICES, SANDBOX_BANKS, type SandboxBank, type SandboxBankProcessor, type SandboxCardAcquirer, type SandboxCardProcessor } from '../../processors/index.ts';
import { ApiError } from '../errors.ts';
import { escapeHtml } from '../html.ts';

/**
 * The sandbox acquirer's 3-D Secure page: what a cardholder sees when a card
 * needs authentication (test card 4000002500003155). Approving or declining
 * sends the acquirer's signed notification through the card connector, and the
 * payment intent moves on. Exists only because the acquirer is a sandbox.
 */
const Params = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$' }) });
const CompleteBody = Type.Object({ approve: Type.Boolean() }, { additionalProperties: false });

function page(id: string, amount: string, card: string, state: string): string {
  const buttons =
    state === 'pending'
      ? `<button onclick="answer(true)">Approve / 验证通过</button> <button onclick="answer(false)">Decline / 拒绝</button>`
      : `<p>This authentication is ${escapeHtml(state)}.</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paygrid sandbox 3-D Secure</title></head><body style="font-family:sans-serif;max-width:28rem;margin:2rem auto">
<h1>Sandbox 3-D Secure</h1><p>Amount: <b>${escapeHtml(amount)}</b><br>Card: ${escapeHtml(card)}</p>${buttons}<p id="result"></p>
<script>async function answer(approve){const r=await fetch(${JSON.stringify(`/sandbox/3ds/${id}/complete`)},{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({approve})});const b=await r.json();
document.getElementById('result').textContent=b.approved?'Approved':'Declined';if(b.return_url)location.href=b.return_url;}</script></body></html>`;
}

export interface SandboxRouteDependencies {
  sandboxAcquirer: SandboxCardAcquirer;
  cardProcessor: SandboxCardProcessor;
  sandboxBank: SandboxBank;
  bankProcessor: SandboxBankProcessor;
  paymentIntents: PaymentIntents;
  topUps: TopUps;
}

export function registerSandboxRoutes(app: FastifyInstance, deps: SandboxRouteDependencies): void {
  registerThreeDSecurePage(app, deps);
  registerBankPage(app, deps);
}

function registerThreeDSecurePage(app: FastifyInstance, { sandboxAcquirer: acquirer, cardProcessor: processor, paymentIntents, topUps }: SandboxRouteDependencies): void {
  app.get('/sandbox/3ds/:id', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const { id } = request.params as Static<typeof Params>;
    const challenge = await acquirer.challenge(id);
    if (challenge === undefined) throw new ApiError('resource_missing', 'No such authentication.', 'id');
    const amount = `${challenge.amount.amountMinor} ${challenge.amount.currency} (minor units)`;
    return reply.type('text/html; charset=utf-8').serializer((s: string) => s).send(page(id, amount, `${challenge.brand} •••• ${challenge.last4}`, challenge.state));
  });

  app.post('/sandbox/3ds/:id/complete', { schema: { hide: true, params: Params, body: CompleteBody } }, async (request) => {
    const { id } = request.params as Static<typeof Params>;
    const { approve } = request.body as Static<typeof CompleteBody>;
    const completed = await acquirer.completeAuthentication(id, approve);
    if (completed.result !== 'ok') throw new ApiError('parameter_invalid', `The authentication cannot be completed: ${completed.result}.`, 'id', completed.result);
    // The acquirer's notification goes through the connector like any processor webhook.
    const parsed = processor.parseWebhook(completed.webhook);
    if (parsed.status !== 'accepted') throw new Error(`the sandbox's own webhook was rejected: ${parsed.code}`);
    // The reference names what was authorized: a top-up (`tu_…:auth`) or a payment intent's attempt (`pi_…:auth:n`).
    const reference = parsed.event.authorization.reference;
    if (reference.startsWith('tu_')) await topUps.sync(reference.split(':')[0] ?? '');
    else await paymentIntents.syncWithProcessor(undefined, reference.split(':auth:')[0] ?? '');
    return { approved: completed.approved, return_url: completed.returnUrl ?? null };
  });
}

/**
 * The sandbox bank's page for online banking (网银支付): the payer approves or
 * refuses the payment at "their bank". The bank's signed notification goes
 * through the bank connector and the payment intent moves on; "approve_late"
 * pays without notifying, so only the intent's next status sync finds out.
 */
const BankBody = Type.Object({ choice: Type.Union(BANK_PAGE_CHOICES.map((c) => Type.Literal(c))) }, { additionalProperties: false });

function bankPage(id: string, bank: string, amount: string, state: string): string {
  const buttons =
    state === 'pending'
      ? BANK_PAGE_CHOICES.map((c) => `<button onclick="answer('${c}')">${{ approve: '确认付款 Pay', decline: '余额不足 Insufficient funds', approve_late: '付款，通知丢失 Pay, notification lost' }[c]}</button>`).join(' ')
      : `<p>This payment is ${escapeHtml(state)}.</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paygrid sandbox bank</title></head><body style="font-family:sans-serif;max-width:28rem;margin:2rem auto">
<h1>${escapeHtml(bank)}</h1><p>Sandbox online banking · 网银支付（沙箱）</p><p>Amount: <b>${escapeHtml(amount)}</b></p>${buttons}<p id="result"></p>
<script>async function answer(choice){const r=await fetch(${JSON.stringify(`/sandbox/bank/${id}/complete`)},{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({choice})});const b=await r.json();
document.getElementById('result').textContent=b.state||b.error.message;if(b.return_url)location.href=b.return_url;}</script></body></html>`;
}

function registerBankPage(app: FastifyInstance, { sandboxBank, bankProcessor, paymentIntents }: SandboxRouteDependencies): void {
  app.get('/sandbox/bank/:id', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const { id } = request.params as Static<typeof Params>;
    const payment = await sandboxBank.byId(id);
    if (payment === undefined) throw new ApiError('resource_missing', 'No such bank payment.', 'id');
    const bank = SANDBOX_BANKS[payment.bank as keyof typeof SANDBOX_BANKS] ?? payment.bank;
    return reply.type('text/html; charset=utf-8').serializer((s: string) => s).send(bankPage(id, bank, formatMoney(payment.amountMinor, payment.currency, 'zh-CN'), payment.state));
  });

  app.post('/sandbox/bank/:id/complete', { schema: { hide: true, params: Params, body: BankBody } }, async (request) => {
    const { id } = request.params as Static<typeof Params>;
    const { choice } = request.body as Static<typeof BankBody>;
    const answered = await sandboxBank.answer(id, choice);
    if (answered === 'not_found') throw new ApiError('resource_missing', 'No such bank payment.', 'id');
    if (answered === 'not_pending') throw new ApiError('parameter_invalid', 'This bank payment is no longer waiting for an answer.', 'id', 'payment_not_pending');
    if (choice !== 'approve_late') {
      const parsed = bankProcessor.parseWebhook(bankProcessor.notification(answered));
      if (parsed.status !== 'accepted') throw new Error(`the sandbox bank's own notification was rejected: ${parsed.code}`);
      await paymentIntents.syncWithProcessor(undefined, parsed.event.authorization.reference.split(':auth:')[0] ?? '');
    }
    return { state: answered.state, return_url: answered.returnUrl };
  });
}
