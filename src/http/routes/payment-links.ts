import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Merchants } from '../../merchants/index.ts';
import { findCurrency, formatMoney } from '../../money/index.ts';
import { PAYMENT_LINK_FAILURES, type PaymentLink, type PaymentLinkFailure, type PaymentLinks } from '../../payments/index.ts';
import { requireConsumer, requireMerchant } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { escapeHtml, qrSvg } from '../html.ts';
import { AmountSchema, IdParams, MetadataSchema } from './ledger-wire.ts';
import { failureToError, intentOrDecline } from './payments.ts';
import { listOf, ref, responses } from './responses.ts';
import { CurrencySchema, PageQuery, StorableText, cursorOf, unixSeconds } from './wire.ts';

/**
 * Payment links: the merchant-presented QR code (收款码). The merchant creates a
 * link for a fixed or an open amount and prints its QR code; a payer who scans
 * it lands on the checkout page, signs in and pays from their wallet.
 */
const CreateLinkBody = Type.Object(
  {
    amount: Type.Optional(AmountSchema),
    currency: CurrencySchema,
    description: Type.Optional(StorableText({ maxLength: 500 })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
const UpdateLinkBody = Type.Object(
  { active: Type.Optional(Type.Boolean()), description: Type.Optional(StorableText({ maxLength: 500 })), metadata: Type.Optional(MetadataSchema) },
  { additionalProperties: false },
);
const PayBody = Type.Object(
  {
    amount: Type.Optional(AmountSchema),
    password: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);
const ListQuery = PageQuery('^plink_[0-9a-z]{26}$');
const PageParams = Type.Object({ id: Type.String({ pattern: '^plink_[0-9a-z]{26}$' }) });

export interface PaymentLinkRouteDependencies {
  paymentLinks: PaymentLinks;
  merchants: Merchants;
  config: { publicUrl: string };
}

function checkoutUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/pay/${id}`;
}

function linkToWire(link: PaymentLink, publicUrl: string): Record<string, unknown> {
  const url = checkoutUrl(publicUrl, link.id);
  return {
    object: 'payment_link',
    id: link.id,
    url,
    qr_code: { url: `${url}/qr.svg` },
    amount: link.amountMinor,
    currency: link.currency.toLowerCase(),
    description: link.description,
    active: link.active,
    metadata: link.metadata,
    created: unixSeconds(link.createdAtMs),
  };
}

function linkFailureToError(f: PaymentLinkFailure): ApiError {
  switch (f.failure) {
    case 'unknown_currency':
      return new ApiError('parameter_invalid', 'Unknown currency.', 'currency', f.failure);
    case 'payment_link_not_found':
      return new ApiError('resource_missing', 'No such payment_link.', 'id');
    case 'payment_link_inactive':
      return new ApiError('parameter_invalid', 'This payment link no longer accepts payments.', 'id', f.failure);
    case 'amount_required':
      return new ApiError('parameter_missing', 'This payment link is for an amount the payer enters: send amount.', 'amount');
    case 'amount_not_allowed':
      return new ApiError('parameter_invalid', `This payment link is for exactly ${f.amountMinor}; leave amount out.`, 'amount', f.failure);
    default: {
      const unknown: never = f;
      throw new Error(`unhandled payment link failure ${JSON.stringify(unknown)}`);
    }
  }
}

function isLinkFailure(result: object): result is PaymentLinkFailure {
  return 'failure' in result && PAYMENT_LINK_FAILURES.has((result as { failure: string }).failure);
}

export function registerPaymentLinkRoutes(app: FastifyInstance, deps: PaymentLinkRouteDependencies): void {
  registerMerchantLinkRoutes(app, deps);
  registerCheckout(app, deps);
}

function registerMerchantLinkRoutes(app: FastifyInstance, { paymentLinks, config }: PaymentLinkRouteDependencies): void {
  const tags = ['Payment links (merchant QR codes)'];
  app.post('/v1/payment_links', {
    schema: { tags, summary: 'Create a payment link: a URL and QR code that open checkout for a fixed amount, or for an amount the payer enters when amount is left out', body: CreateLinkBody, response: responses(ref('payment_link'), 'The new payment link') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const body = request.body as Static<typeof CreateLinkBody>;
      const created = await paymentLinks.create(merchantId, {
        currency: body.currency.toUpperCase(),
        ...(body.amount === undefined ? {} : { amountMinor: BigInt(body.amount) }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
      });
      if ('failure' in created) throw linkFailureToError(created);
      return linkToWire(created.link, config.publicUrl);
    },
  });

  app.get('/v1/payment_links', {
    schema: { tags, summary: "List the merchant's payment links, newest first", querystring: ListQuery, response: responses(listOf('payment_link'), 'A page of payment links') },
    handler: async (request) => {
      const merchantId = requireMerchant(request);
      const query = request.query as Static<typeof ListQuery>;
      const page = await paymentLinks.list(merchantId, query.limit ?? 10, cursorOf(query));
      return { object: 'list', url: '/v1/payment_links', has_more: page.hasMore, data: page.links.map((l) => linkToWire(l, config.publicUrl)) };
    },
  });

  app.get('/v1/payment_links/:id', {
    schema: { tags, summary: 'Retrieve a payment link', params: IdParams, response: responses(ref('payment_link'), 'The payment link') },
    handler: async (request) => {
      const link = await paymentLinks.get((request.params as { id: string }).id, requireMerchant(request));
      if (link === undefined) throw linkFailureToError({ failure: 'payment_link_not_found' });
      return linkToWire(link, config.publicUrl);
    },
  });

  app.post('/v1/payment_links/:id', {
    schema: { tags, summary: 'Update a payment link; active=false stops it taking payments (its printed QR code then says so)', params: IdParams, body: UpdateLinkBody, response: responses(ref('payment_link'), 'The updated payment link') },
    handler: async (request) => {
      const body = request.body as Static<typeof UpdateLinkBody>;
      const updated = await paymentLinks.update(requireMerchant(request), (request.params as { id: string }).id, body);
      if ('failure' in updated) throw linkFailureToError(updated);
      return linkToWire(updated.link, config.publicUrl);
    },
  });

  app.post('/v1/payment_links/:id/pay', {
    schema: { tags, summary: 'The signed-in consumer pays a payment link from their wallet with the payment password (send an Idempotency-Key)', params: IdParams, body: PayBody, response: responses(ref('payment_intent'), 'The payment intent (a decline answers 402 with the intent in error.payment_intent)') },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const body = request.body as Static<typeof PayBody>;
      const paid = await paymentLinks.payWithWallet((request.params as { id: string }).id, { customerId, password: body.password, ...(body.amount === undefined ? {} : { amountMinor: BigInt(body.amount) }) });
      if (isLinkFailure(paid)) throw linkFailureToError(paid);
      if ('failure' in paid) throw failureToError(paid);
      return intentOrDecline(paid);
    },
  });
}

function registerCheckout(app: FastifyInstance, { paymentLinks, merchants, config }: PaymentLinkRouteDependencies): void {
  app.get('/pay/:id/qr.svg', { schema: { hide: true, params: PageParams } }, async (request, reply) => {
    const { id } = request.params as Static<typeof PageParams>;
    if ((await paymentLinks.get(id)) === undefined) throw linkFailureToError({ failure: 'payment_link_not_found' });
    return reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .serializer((s: string) => s)
      .send(qrSvg(checkoutUrl(config.publicUrl, id)));
  });

  app.get('/pay/:id', { schema: { hide: true, params: PageParams } }, async (request, reply) => {
    const { id } = request.params as Static<typeof PageParams>;
    const link = await paymentLinks.get(id);
    if (link === undefined) throw linkFailureToError({ failure: 'payment_link_not_found' });
    const merchant = await merchants.get(link.merchantId);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'")
      .serializer((s: string) => s)
      .send(checkoutPage(link, merchant?.name ?? ''));
  });
}

/**
 * The checkout page a scanned code opens: who is paid and how much, then
 * sign-in by SMS code and the payment password. The full mobile wallet pages
 * come with the consoles; this page only needs the public API.
 */
function checkoutPage(link: PaymentLink, merchantName: string): string {
  const amount = link.amountMinor === null ? '' : formatMoney(link.amountMinor, link.currency, 'zh-CN');
  const amountField =
    link.amountMinor === null
      ? `<label>金额 Amount (${escapeHtml(link.currency)})<input id="amount" inputmode="decimal" autocomplete="off" required></label>`
      : `<p class="amount">${escapeHtml(amount)}</p>`;
  const form = link.active
    ? `${amountField}
<label>手机号 Phone<input id="phone" inputmode="tel" autocomplete="tel"></label><button id="send" type="button">获取验证码 Send code</button>
<label>验证码 Code<input id="code" inputmode="numeric" autocomplete="one-time-code"></label>
<label>支付密码 Payment password<input id="password" type="password" inputmode="numeric" autocomplete="off"></label>
<button id="pay" type="button">付款 Pay</button>`
    : '<p>此收款码已停用。This code no longer accepts payments.</p>';
  const page = { id: link.id, currency: link.currency, fixed: link.amountMinor === null ? null : link.amountMinor.toString(), exponent: findCurrency(link.currency)?.exponent ?? 0 };
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(merchantName)} · Paygrid</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:1.5rem auto;padding:0 1rem}label{display:block;margin:.8rem 0}input{display:block;width:100%;font-size:1.2rem;padding:.4rem}button{font-size:1.1rem;padding:.5rem 1rem;margin:.3rem 0}.amount{font-size:2rem;font-weight:600}#result{font-weight:600}</style></head>
<body><h1>${escapeHtml(merchantName)}</h1><p>${escapeHtml(link.description)}</p>${form}<p id="result" role="status"></p>
<script>
const page=${JSON.stringify(page)};let token=null;const key=crypto.randomUUID();const out=document.getElementById('result');
async function call(path,body,auth,idem){const h={'content-type':'application/json'};if(auth)h.authorization='Bearer '+auth;if(idem)h['idempotency-key']=idem;
const r=await fetch(path,{method:'POST',headers:h,body:JSON.stringify(body)});const b=await r.json();if(!r.ok)throw new Error(b.error&&b.error.message||r.status);return b;}
function minor(text){const m=/^(\\d+)(?:\\.(\\d*))?$/.exec(text.trim());if(!m||(m[2]||'').length>page.exponent)throw new Error('金额格式不对 Invalid amount');return Number(BigInt(m[1])*10n**BigInt(page.exponent)+BigInt((m[2]||'').padEnd(page.exponent,'0')||'0'));}
const send=document.getElementById('send');if(send)send.onclick=async()=>{try{await call('/v1/auth/otp',{phone:document.getElementById('phone').value});out.textContent='验证码已发送 Code sent';}catch(e){out.textContent=e.message;}};
const pay=document.getElementById('pay');if(pay)pay.onclick=async()=>{try{
if(!token)token=(await call('/v1/auth/login',{phone:document.getElementById('phone').value,code:document.getElementById('code').value})).token;
const body={password:document.getElementById('password').value};if(page.fixed===null)body.amount=minor(document.getElementById('amount').value);
const pi=await call('/v1/payment_links/'+page.id+'/pay',body,token,key);out.textContent=pi.status==='succeeded'?'付款成功 Paid':pi.status;}catch(e){out.textContent=e.message;}};
</script></body></html>`;
}
