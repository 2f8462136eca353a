import { Alert, Button, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import type { RequestBody, components } from '../../../src/client/index.ts';
import { ApiFailure, consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatMoney, formatTime } from '../money.ts';
import { useConsumer, walletOf } from './session.tsx';
import { PayMethods, type PayChoice } from './PayMethods.tsx';
import { ErrorAlert, PageTitle, Panel, PasswordInput, StateIcon, useAction } from './ui.tsx';
import { CURRENCY, SignedIn } from './Wallet.tsx';

type Intent = components['schemas']['payment_intent'];
/** What the consumer is asked to pay (GET /v1/me/checkout/{id}). */
function loadCheckout(id: string, clientSecret: string) {
  return must(consumerApi().GET('/v1/me/checkout/{id}', { params: { path: { id }, query: { client_secret: clientSecret } } }));
}
type Checkout = Awaited<ReturnType<typeof loadCheckout>>;
type ConfirmBody = RequestBody<'/v1/payment_intents/{id}/confirm', 'post'>;

/** What the ways differ in on the wire: a saved card is `payment_method`; the bank page and 3-D Secure come back to this page. */
function confirmBody(choice: PayChoice, clientSecret: string, password: string): ConfirmBody {
  const back = { return_url: window.location.href };
  switch (choice.kind) {
    case 'wallet':
      return { client_secret: clientSecret, password, payment_method_data: { type: 'wallet' } };
    case 'card':
      return { client_secret: clientSecret, password, payment_method: choice.id, ...back };
    case 'prepaid_card':
      return { client_secret: clientSecret, password, payment_method_data: { type: 'prepaid_card', prepaid_card: choice.id } };
    case 'online_banking':
      return { client_secret: clientSecret, payment_method_data: { type: 'online_banking', online_banking: { bank: choice.bank } }, ...back };
    case 'prepaid_number':
      throw new Error('a prepaid card by number is paid at the till');
  }
}

/**
 * /m/pay/:paymentIntentId?client_secret=…: the consumer pays a merchant's
 * payment intent. The merchant hands over the link with the intent's
 * client_secret (as Stripe's checkout does); the consumer confirms with
 * POST /v1/payment_intents/:id/confirm from their wallet and payment
 * password. Before paying, the page shows what is asked (GET /v1/me/checkout/{id}:
 * amount, merchant, description). The consumer pays from the wallet, a card
 * the merchant saved for them or a bound prepaid card (each with the payment
 * password), or online banking; a card asking for 3-D Secure and the bank's
 * page send them back here, where the payment's state is read again.
 */
export default function Checkout() {
  const { t, lang } = useI18n();
  const { paymentIntentId = '' } = useParams();
  const [params] = useSearchParams();
  const clientSecret = params.get('client_secret') ?? '';
  const { me, reload } = useConsumer();
  const [method, setMethod] = useState<PayChoice>({ kind: 'wallet' });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAction();
  const [intent, setIntent] = useState<Intent>();
  const [checkout, setCheckout] = useState<Checkout>();

  // What is asked, before paying: amount, merchant, description (needs the sign-in and the client_secret).
  const signedIn = me !== undefined && me !== null;
  useEffect(() => {
    if (!signedIn || clientSecret === '') return;
    loadCheckout(paymentIntentId, clientSecret).then(setCheckout, setError);
  }, [signedIn, paymentIntentId, clientSecret]);

  const settle = async (next: Intent) => {
    setIntent(next);
    if (next.status === 'requires_action' && next.next_action?.type === 'redirect_to_url') window.location.assign(next.next_action.redirect_to_url.url);
    await reload();
  };

  const pay = () =>
    run(
      async () => {
        await settle(await must(consumerApi().POST('/v1/payment_intents/{id}/confirm', { params: { path: { id: paymentIntentId } }, body: confirmBody(method, clientSecret, password) })));
        setPassword('');
      },
      () => setPassword(''),
    );

  const verify = () =>
    run(async () => {
      await settle(await must(consumerApi().POST('/v1/payment_intents/{id}/verify_challenge', { params: { path: { id: paymentIntentId } }, body: { code, client_secret: clientSecret } })));
      setCode('');
    });

  // Back from the bank's page or 3-D Secure, only the checkout's state is known until the consumer acts again.
  const status = intent?.status ?? checkout?.status;
  const paid = status === 'succeeded' || status === 'requires_capture';
  const amount = intent ?? (checkout === undefined ? undefined : { amount: checkout.amount, currency: checkout.currency });
  const challenged = intent?.status === 'requires_action' && intent.next_action?.type === 'verify_with_code';
  const needsPassword = method.kind !== 'online_banking';

  return (
    <>
      <PageTitle>{t('确认付款', 'Confirm payment')}</PageTitle>
      <Panel testId="checkout-summary">
        <div className="m-muted">{t('付款单号', 'Payment')}</div>
        <div data-testid="intent-id" style={{ wordBreak: 'break-all' }}>
          {paymentIntentId}
        </div>
        {intent === undefined && checkout !== undefined ? (
          <>
            <div className="m-amount" data-testid="checkout-amount">
              {formatMoney(checkout.amount, checkout.currency, lang)}
            </div>
            <div data-testid="checkout-merchant">
              {t('收款方', 'Pay to')} {checkout.merchant.name}
            </div>
            {checkout.description === '' ? null : <div data-testid="checkout-description">{checkout.description}</div>}
          </>
        ) : null}
        {intent === undefined ? null : (
          <>
            <div className="m-amount" data-testid="intent-amount">
              {formatMoney(intent.amount, intent.currency, lang)}
            </div>
            {intent.description === '' ? null : <div data-testid="intent-description">{intent.description}</div>}
            <div className="m-row-sub">{formatTime(intent.created, lang)}</div>
          </>
        )}
      </Panel>
      {clientSecret === '' ? <Alert type="error" showIcon title={t('付款链接不完整（缺少 client_secret），请向商户重新获取。', 'This payment link is incomplete (no client_secret): ask the merchant for it again.')} /> : null}
      <SignedIn>
        {paid && amount ? (
          <Panel testId="checkout-result">
            <div className="m-state">
              <StateIcon kind="ok" />
              <h2 data-testid="payment-status" data-status={status}>
                {t('支付成功', 'Payment succeeded')}
              </h2>
              <div className="m-amount">{formatMoney(amount.amount, amount.currency, lang)}</div>
              {me && intent?.payment_method_type === 'wallet' ? (
                <p className="m-muted">
                  {t('钱包余额', 'Wallet balance')} {formatMoney(walletOf(me).available, CURRENCY, lang)}
                </p>
              ) : null}
            </div>
          </Panel>
        ) : challenged ? (
          <Panel title={t('安全验证', 'Security check')} testId="checkout-challenge">
            <Space orientation="vertical" size="middle" className="m-full">
              <p>{t('为保护您的资金，请输入短信验证码完成付款。', 'To protect your money, enter the code we sent you by SMS.')}</p>
              <Input size="large" id="m-challenge-code" inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
              <Button type="primary" size="large" block loading={busy} disabled={code.length !== 6} onClick={verify}>
                {t('验证并付款', 'Verify and pay')}
              </Button>
            </Space>
          </Panel>
        ) : status === 'processing' ? (
          <Panel testId="checkout-processing">
            <div className="m-state">
              <StateIcon kind="wait" />
              <h2 data-testid="payment-status" data-status="processing">
                {t('付款审核中', 'Payment under review')}
              </h2>
              <p className="m-muted">{t('结果会通过短信通知您。', 'We will tell you the outcome by SMS.')}</p>
            </div>
          </Panel>
        ) : (
          <Panel title={t('选择付款方式', 'Pay with')}>
            <PayMethods merchantId={checkout?.merchant.id} currency={checkout?.currency ?? CURRENCY} offer={{ savedCards: true, boundPrepaidCards: true, onlineBanking: true, prepaidNumber: false }} value={method} onChange={setMethod} />
            {needsPassword && me && !me.has_payment_password ? (
              <Alert type="warning" showIcon className="m-alert" title={t('请先在「我的 → 支付密码」设置支付密码。', 'Set a payment password first (Me → Payment password).')} />
            ) : null}
            <Space orientation="vertical" size="middle" className="m-full" style={{ marginTop: 12 }}>
              {needsPassword ? (
                <label className="m-label">
                  {t('支付密码', 'Payment password')}
                  <PasswordInput id="m-pay-password" value={password} onChange={setPassword} />
                </label>
              ) : (
                <p className="m-hint">{t('将跳转至银行页面完成付款，完成后自动返回。', 'You will approve the payment on your bank’s page and come back here.')}</p>
              )}
              <Button type="primary" size="large" block loading={busy} disabled={(needsPassword && password.length !== 6) || clientSecret === ''} onClick={pay} id="m-pay">
                {needsPassword ? t('确认付款', 'Pay') : t('前往银行付款', 'Pay at my bank')}
              </Button>
            </Space>
          </Panel>
        )}
        <ErrorAlert error={error} />
        {error instanceof ApiFailure && error.status === 402 ? <p className="m-hint">{t('付款未成功，未扣款。', 'The payment did not go through; nothing was charged.')}</p> : null}
      </SignedIn>
    </>
  );
}
