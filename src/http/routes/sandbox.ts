import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { PaymentIntents } from '../../payments/index.ts';
import type { SandboxCardAcquirer, SandboxCardProcessor } from '../../processors/index.ts';
import { ApiError } from '../errors.ts';

/**
 * The sandbox acquirer's 3-D Secure page: what a cardholder sees when a card
 * needs authentication (test card 4000002500003155). Approving or declining
 * sends the acquirer's signed notification through the card connector, and the
 * payment intent moves on. Exists only because the acquirer is a sandbox.
 */
const Params = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$' }) });
const CompleteBody = Type.Object({ approve: Type.Boolean() }, { additionalProperties: false });

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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

export function registerSandboxRoutes(app: FastifyInstance, acquirer: SandboxCardAcquirer, processor: SandboxCardProcessor, paymentIntents: PaymentIntents): void {
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
    const intentId = parsed.event.authorization.reference.split(':auth:')[0] ?? '';
    await paymentIntents.syncCard(undefined, intentId);
    return { approved: completed.approved, return_url: completed.returnUrl ?? null };
  });
}
