import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Merchants } from '../../merchants/index.ts';
import type { PaymentIntents } from '../../payments/index.ts';
import { requireConsumer } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { IdParams } from './ledger-wire.ts';
import { responses } from './responses.ts';

/**
 * What a consumer sees before paying a merchant's payment intent (the phone
 * checkout page, /m/pay/<id>): the amount, the merchant's name, the
 * description and the state. The client_secret the merchant handed over is the
 * consumer's proof that the payment is theirs to see, as with Stripe.js; the
 * merchant's own fields (metadata, fees, its customer notes) stay out.
 */
const CheckoutQuery = Type.Object({ client_secret: Type.String({ minLength: 1, maxLength: 200, description: 'The payment intent’s client_secret, from the merchant.' }) }, { additionalProperties: false });

const CheckoutSchema = Type.Object({
  object: Type.Literal('checkout'),
  payment_intent: Type.String(),
  amount: Type.Integer({ description: 'Minor units.' }),
  currency: Type.String(),
  description: Type.String(),
  status: Type.String({ description: 'The payment intent’s status.' }),
  merchant: Type.Object({ id: Type.String(), name: Type.String() }),
});

export interface CheckoutRouteDependencies {
  paymentIntents: PaymentIntents;
  merchants: Merchants;
}

export function registerCheckoutRoutes(app: FastifyInstance, { paymentIntents, merchants }: CheckoutRouteDependencies): void {
  app.get('/v1/me/checkout/:id', {
    schema: {
      tags: ['Payment intents'],
      summary: 'What the signed-in consumer is asked to pay: amount, merchant and state of a payment intent, shown with its client_secret',
      params: IdParams,
      querystring: CheckoutQuery,
      response: responses(CheckoutSchema, 'The checkout'),
    },
    handler: async (request) => {
      const customerId = requireConsumer(request);
      const id = (request.params as { id: string }).id;
      const { client_secret: clientSecret } = request.query as Static<typeof CheckoutQuery>;
      // Another consumer's payment, or a wrong secret, is simply not there.
      const intent = await paymentIntents.forConsumer(customerId, id, clientSecret);
      if (intent === undefined) throw new ApiError('resource_missing', `No such payment_intent: '${id}'.`, 'id');
      const merchant = await merchants.get(intent.merchantId);
      return {
        object: 'checkout',
        payment_intent: intent.id,
        amount: intent.amountMinor,
        currency: intent.currency.toLowerCase(),
        description: intent.description,
        status: intent.status,
        merchant: { id: intent.merchantId, name: merchant?.name ?? intent.merchantId },
      };
    },
  });
}
