/** The payments module's public surface: payment methods, payment intents and refunds. */
export { PaymentIntents, MAX_FIGURE_WINDOWS, type CaptureShare, type IntentResult, type NewPaymentIntent, type PaymentEventSink, type PaymentsDependencies, type ConsumerConfirmation, type ConsumerPaymentMethod } from './payment-intents.ts';
export { PaymentMethods } from './payment-methods.ts';
export { PAYMENT_LINK_FAILURES, PaymentLinks, type NewPaymentLink, type PaymentLink, type PaymentLinkFailure } from './payment-links.ts';
export { Refunds, type NewRefund, type RefundResult } from './refunds.ts';
export { TopUps, MAX_TOP_UP_MAJOR, type TopUp, type TopUpResult } from './top-ups.ts';
export { platformAccountIds } from './ledger-moves.ts';
export {
  AUTHORIZATION_WINDOW_MS,
  PAYMENT_INTENT_STATUSES,
  type CaptureMethod,
  type CardPaymentMethod,
  type DeferredConfirmation,
  type PayerContext,
  type PaymentRisk,
  type PaymentError,
  MAX_SAVED_CARDS,
  type PaymentFailure,
  type PaymentFigures,
  type PaymentIntent,
  type PaymentIntentFilter,
  type PaymentIntentStatus,
  type Refund,
  type RefundFilter,
  type TimeWindow,
} from './types.ts';
