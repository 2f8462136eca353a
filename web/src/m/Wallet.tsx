import { Alert, Button, Input, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ResponseBody, components } from '../../../src/client/index.ts';
import { consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatMoney, formatTime, parseMoney } from '../money.ts';
import { useConsumer, walletOf } from './session.tsx';
import { ErrorAlert, PageTitle, Panel, PasswordInput, SignIn, StateIcon, useAction } from './ui.tsx';

/** The wallet's currency: consumers' wallets are in yuan. */
export const CURRENCY = 'cny';

type Transaction = components['schemas']['wallet_transaction'];
type TopUpObject = components['schemas']['top_up'];

/** Renders its children for a signed-in consumer, the sign-in form otherwise. */
export function SignedIn({ children }: { children: React.ReactNode }) {
  const { me } = useConsumer();
  if (me === undefined) return <Spin className="m-full" />;
  if (me === null) return <SignIn />;
  return <>{children}</>;
}

export function transactionLabel(type: string, t: (zh: string, en: string) => string): string {
  const labels: Record<string, [string, string]> = {
    top_up: ['充值', 'Top-up'],
    payment: ['付款', 'Payment'],
    refund: ['退款', 'Refund'],
    wallet_transfer: ['转账', 'Transfer'],
    charging: ['充电', 'Charging'],
  };
  const label = labels[type];
  return label === undefined ? type : t(label[0], label[1]);
}

/** /m: the balance, what to do with it, and the latest movements. */
export function Wallet() {
  const { t, lang } = useI18n();
  const { me, reload } = useConsumer();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (me) void reload().catch(setError);
    // Fresh figures each time the wallet opens.
  }, []);
  return (
    <>
      <PageTitle>{t('我的钱包', 'My wallet')}</PageTitle>
      <SignedIn>
        {me ? (
          <>
            <div className="m-balance" data-testid="balance-card">
              <div className="m-balance-label">{t('可用余额', 'Available balance')}</div>
              <div className="m-balance-amount" data-testid="balance">
                {formatMoney(walletOf(me).available, CURRENCY, lang)}
              </div>
              <div className="m-balance-held">
                {t('冻结中', 'On hold')} <span data-testid="held">{formatMoney(walletOf(me).held, CURRENCY, lang)}</span>
              </div>
            </div>
            <div className="m-actions">
              <Link className="m-action" to="/m/top-up" id="m-go-top-up">
                <b>＋</b>
                {t('充值', 'Top up')}
              </Link>
              <Link className="m-action" to="/m/transfer">
                <b>⇄</b>
                {t('转账', 'Transfer')}
              </Link>
              <Link className="m-action" to="/m/statement">
                <b>≡</b>
                {t('账单', 'Statement')}
              </Link>
            </div>
            {me.has_payment_password ? null : (
              <Alert
                type="warning"
                showIcon
                className="m-alert"
                title={t('尚未设置支付密码：付款、转账和充电前请先设置。', 'No payment password yet: set one before you pay, transfer or charge.')}
                action={
                  <Link to="/m/security" id="m-go-security">
                    {t('去设置', 'Set it')}
                  </Link>
                }
              />
            )}
            <ErrorAlert error={error} />
            <div style={{ height: 12 }} />
            <RecentTransactions />
          </>
        ) : null}
      </SignedIn>
    </>
  );
}

function RecentTransactions() {
  const { t } = useI18n();
  const { me } = useConsumer();
  const [rows, setRows] = useState<Transaction[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    must(consumerApi().GET('/v1/me/transactions', { params: { query: { currency: CURRENCY, limit: 5 } } }))
      .then((page) => setRows(page.data))
      .catch(setError);
  }, [me]);
  return (
    <Panel title={t('最近交易', 'Recent activity')} extra={<Link to="/m/statement">{t('全部', 'All')}</Link>}>
      <ErrorAlert error={error} />
      {rows === undefined ? <Spin /> : <TransactionRows rows={rows} />}
    </Panel>
  );
}

function TransactionRows({ rows }: { rows: Transaction[] }) {
  const { t, lang } = useI18n();
  if (rows.length === 0) return <p className="m-muted">{t('还没有交易', 'No activity yet')}</p>;
  return (
    <div data-testid="transactions">
      {rows.map((row) => (
        <div className="m-row" key={row.id}>
          <div className="m-row-main">
            <div className="m-row-title">
              {transactionLabel(row.type, t)}
              {row.hold ? <span className="m-status">{t('冻结', 'Hold')}</span> : null}
              {row.description === '' ? null : <span className="m-muted"> · {row.description}</span>}
            </div>
            <div className="m-row-sub">{formatTime(row.created, lang)}</div>
          </div>
          <div className={`m-row-amount ${row.amount > 0 ? 'm-in' : 'm-out'}`}>
            {row.amount > 0 ? '+' : ''}
            {formatMoney(row.amount, row.currency, lang)}
          </div>
        </div>
      ))}
    </div>
  );
}

/** /m/statement: every movement, a page at a time. */
export function Statement() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [rows, setRows] = useState<Transaction[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const { me } = useConsumer();
  const load = useCallback(async (after?: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await must(consumerApi().GET('/v1/me/transactions', { params: { query: { currency: CURRENCY, limit: 20, ...(after === undefined ? {} : { starting_after: after }) } } }));
      setRows((previous) => (after === undefined ? page.data : [...previous, ...page.data]));
      setHasMore(page.has_more);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    if (me) void load();
  }, [me, load]);
  return (
    <>
      <PageTitle back={() => navigate('/m')}>{t('账单', 'Statement')}</PageTitle>
      <SignedIn>
        <Panel>
          <ErrorAlert error={error} />
          <TransactionRows rows={rows} />
          {hasMore ? (
            <Button block size="large" loading={loading} onClick={() => void load(rows.at(-1)?.id)}>
              {t('加载更多', 'Load more')}
            </Button>
          ) : null}
        </Panel>
      </SignedIn>
    </>
  );
}

const TOP_UP_KEY = 'paygrid.m.top_up';

/** /m/top-up: from a bank card; a card that asks for 3-D Secure goes to the bank's page and comes back here. */
export function TopUp() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { reload } = useConsumer();
  const [params] = useSearchParams();
  // Back from the bank's 3-D Secure page (return_url …?returned=1): the top-up this tab started.
  const [returning] = useState(() => {
    if (params.get('returned') !== '1') return null;
    return sessionStorage.getItem(TOP_UP_KEY);
  });
  const [amount, setAmount] = useState('');
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const { busy, error, setError, run } = useAction();
  const [done, setDone] = useState<TopUpObject>();

  useEffect(() => {
    if (returning === null) return;
    // Back from the bank's authentication page: reading the top-up settles it.
    must(consumerApi().GET('/v1/top_ups/{id}', { params: { path: { id: returning } } }))
      .then(async (topUp) => {
        sessionStorage.removeItem(TOP_UP_KEY);
        setDone(topUp);
        await reload();
      })
      .catch(setError);
  }, [returning, reload]);

  const submit = () =>
    run(async () => {
      const minor = parseMoney(amount, CURRENCY);
      const exp = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
      if (minor === undefined || minor <= 0n) throw new Error(t('请输入金额，如 100.00', 'Enter an amount such as 100.00'));
      if (exp === null) throw new Error(t('有效期格式为 MM/YY', 'Expiry is MM/YY'));
      const year = Number(exp[2]) < 100 ? 2000 + Number(exp[2]) : Number(exp[2]);
      const topUp = await must(
        consumerApi().POST('/v1/top_ups', {
          body: {
            amount: Number(minor),
            currency: CURRENCY,
            card: { number: number.replace(/\s+/g, ''), exp_month: Number(exp[1]), exp_year: year, ...(cvc === '' ? {} : { cvc }) },
            return_url: `${window.location.origin}/m/top-up?returned=1`,
          },
        }),
      );
      if (topUp.status === 'requires_action' && topUp.next_action !== null) {
        // The sandbox bank's page; it sends the cardholder back to return_url.
        const back = new URL(topUp.next_action.redirect_to_url.url, window.location.origin);
        sessionStorage.setItem(TOP_UP_KEY, topUp.id);
        window.location.assign(back.toString());
        return;
      }
      setDone(topUp);
      await reload();
    });

  return (
    <>
      <PageTitle back={() => navigate('/m')}>{t('充值', 'Top up')}</PageTitle>
      <SignedIn>
        {done !== undefined ? (
          <Panel testId="top-up-result">
            <div className="m-state">
              <StateIcon kind={done.status === 'succeeded' ? 'ok' : done.status === 'failed' ? 'bad' : 'wait'} />
              <h2 data-testid="top-up-status" data-status={done.status}>
                {done.status === 'succeeded' ? t('充值成功', 'Top-up succeeded') : done.status === 'failed' ? t('充值失败', 'Top-up failed') : t('处理中', 'Processing')}
              </h2>
              <div className="m-amount">{formatMoney(done.amount, done.currency, lang)}</div>
              <p className="m-muted">
                {done.card.brand} •••• {done.card.last4}
                {done.failure_code === null ? '' : ` · ${done.failure_code}`}
              </p>
              <Button type="primary" size="large" block onClick={() => navigate('/m')} id="m-back-to-wallet">
                {t('返回钱包', 'Back to the wallet')}
              </Button>
            </div>
          </Panel>
        ) : (
          <Panel>
            <Space orientation="vertical" size="middle" className="m-full">
              <label className="m-label">
                {t('充值金额（元）', 'Amount (yuan)')}
                <Input size="large" id="m-top-up-amount" inputMode="decimal" placeholder="100.00" value={amount} onChange={(e) => setAmount(e.target.value)} />
              </label>
              <label className="m-label">
                {t('银行卡号', 'Card number')}
                <Input size="large" id="m-card-number" inputMode="numeric" autoComplete="cc-number" placeholder="4242 4242 4242 4242" value={number} onChange={(e) => setNumber(e.target.value)} />
              </label>
              <div className="m-full" style={{ display: 'flex', gap: 12 }}>
                <label className="m-label" style={{ flex: 1 }}>
                  {t('有效期', 'Expiry')}
                  <Input size="large" id="m-card-expiry" inputMode="numeric" autoComplete="cc-exp" placeholder="MM/YY" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
                </label>
                <label className="m-label" style={{ flex: 1 }}>
                  CVC
                  <Input size="large" id="m-card-cvc" inputMode="numeric" autoComplete="cc-csc" maxLength={4} placeholder="123" value={cvc} onChange={(e) => setCvc(e.target.value)} />
                </label>
              </div>
              <p className="m-hint">{t('沙箱测试卡：4242 4242 4242 4242，任意未来有效期。需要 3-D Secure 验证的卡会跳转到银行页面。', 'Sandbox test card: 4242 4242 4242 4242, any future expiry. A card that needs 3-D Secure opens the bank’s page.')}</p>
              <Button type="primary" size="large" block loading={busy} onClick={submit} id="m-top-up-submit">
                {t('确认充值', 'Top up')}
              </Button>
              <ErrorAlert error={error} />
            </Space>
          </Panel>
        )}
        {done !== undefined ? <ErrorAlert error={error} /> : null}
      </SignedIn>
    </>
  );
}

/** /m/transfer: to another consumer by phone, with the payment password. */
export function Transfer() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { reload } = useConsumer();
  const [phone, setPhone] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<components['schemas']['wallet_transfer']>();
  const submit = () =>
    run(async () => {
      const minor = parseMoney(amount, CURRENCY);
      if (minor === undefined || minor <= 0n) throw new Error(t('请输入金额，如 20.00', 'Enter an amount such as 20.00'));
      setDone(await must(consumerApi().POST('/v1/wallet_transfers', { body: { amount: Number(minor), currency: CURRENCY, to_phone: phone.trim(), password, ...(note === '' ? {} : { description: note }) } })));
      setPassword('');
      await reload();
    });
  return (
    <>
      <PageTitle back={() => navigate('/m')}>{t('转账', 'Transfer')}</PageTitle>
      <SignedIn>
        {done !== undefined ? (
          <Panel>
            <div className="m-state">
              <StateIcon kind="ok" />
              <h2>{t('转账成功', 'Sent')}</h2>
              <div className="m-amount">{formatMoney(done.amount, done.currency, lang)}</div>
              <Button type="primary" size="large" block onClick={() => navigate('/m')}>
                {t('返回钱包', 'Back to the wallet')}
              </Button>
            </div>
          </Panel>
        ) : (
          <Panel>
            <Space orientation="vertical" size="middle" className="m-full">
              <label className="m-label">
                {t('收款人手机号', 'Recipient’s phone')}
                <Input size="large" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
              </label>
              <label className="m-label">
                {t('金额（元）', 'Amount (yuan)')}
                <Input size="large" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
              </label>
              <label className="m-label">
                {t('备注（可选）', 'Note (optional)')}
                <Input size="large" maxLength={100} value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
              <label className="m-label">
                {t('支付密码', 'Payment password')}
                <PasswordInput id="m-transfer-password" value={password} onChange={setPassword} />
              </label>
              <Button type="primary" size="large" block loading={busy} onClick={submit} disabled={password.length !== 6 || phone.trim() === ''}>
                {t('确认转账', 'Send')}
              </Button>
              <ErrorAlert error={error} />
            </Space>
          </Panel>
        )}
      </SignedIn>
    </>
  );
}

/** /m/security: the payment password and the wallet's limits. */
export function Security() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { me, reload } = useConsumer();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [perPayment, setPerPayment] = useState('');
  const [daily, setDaily] = useState('');
  const [limits, setLimits] = useState<ResponseBody<'/v1/me/limits', 'get'>>();
  const signedIn = me !== undefined && me !== null;

  // The limits in force, as the form's starting values.
  useEffect(() => {
    if (!signedIn) return;
    must(consumerApi().GET('/v1/me/limits', { params: { query: { currency: CURRENCY } } })).then((current) => {
      setLimits(current);
      setPerPayment(formatMoney(current.per_payment_limit, CURRENCY, 'en').replace(/[^\d.]/g, ''));
      setDaily(formatMoney(current.daily_limit, CURRENCY, 'en').replace(/[^\d.]/g, ''));
    }, setError);
  }, [signedIn]);
  const [busy, setBusy] = useState<'password' | 'limits'>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();

  const savePassword = async () => {
    setError(undefined);
    setSaved(undefined);
    if (password !== repeat) return setError(new Error(t('两次输入的密码不一致', 'The two passwords differ')));
    setBusy('password');
    try {
      await must(consumerApi().POST('/v1/me/payment_password', { body: { password, ...(me?.has_payment_password ? { current_password: current } : {}) } }));
      setSaved(t('支付密码已设置', 'Payment password set'));
      setCurrent('');
      setPassword('');
      setRepeat('');
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  const saveLimits = async () => {
    setError(undefined);
    setSaved(undefined);
    const per = parseMoney(perPayment, CURRENCY);
    const day = parseMoney(daily, CURRENCY);
    if (per === undefined || day === undefined) return setError(new Error(t('请输入金额，如 5000.00', 'Enter amounts such as 5000.00')));
    setBusy('limits');
    try {
      setLimits(await must(consumerApi().POST('/v1/me/limits', { body: { currency: CURRENCY, per_payment_limit: Number(per), daily_limit: Number(day) } })));
      setSaved(t('限额已保存', 'Limits saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <PageTitle back={() => navigate(-1)}>{t('支付密码与限额', 'Payment password and limits')}</PageTitle>
      <SignedIn>
        {saved === undefined ? null : <Alert type="success" showIcon title={saved} className="m-alert" data-testid="saved" style={{ marginBottom: 12 }} />}
        <ErrorAlert error={error} />
        <Panel title={me?.has_payment_password ? t('修改支付密码', 'Change the payment password') : t('设置支付密码', 'Set a payment password')}>
          <Space orientation="vertical" size="middle" className="m-full">
            {me?.has_payment_password ? (
              <label className="m-label">
                {t('当前密码', 'Current password')}
                <PasswordInput id="m-current-password" value={current} onChange={setCurrent} />
              </label>
            ) : null}
            <label className="m-label">
              {t('新密码（6 位数字）', 'New password (6 digits)')}
              <PasswordInput id="m-new-password" value={password} onChange={setPassword} />
            </label>
            <label className="m-label">
              {t('再输入一次', 'Repeat it')}
              <PasswordInput id="m-repeat-password" value={repeat} onChange={setRepeat} />
            </label>
            <Button type="primary" size="large" block loading={busy === 'password'} disabled={password.length !== 6} onClick={savePassword} id="m-save-password">
              {t('保存密码', 'Save the password')}
            </Button>
          </Space>
        </Panel>
        <Panel title={t('钱包限额', 'Wallet limits')}>
          <Space orientation="vertical" size="middle" className="m-full">
            {limits === undefined ? null : (
              <p className="m-hint" data-testid="limits-now">
                {t(
                  `当前单笔 ${formatMoney(limits.per_payment_limit, CURRENCY, lang)}、每日 ${formatMoney(limits.daily_limit, CURRENCY, lang)}；每日最高可设 ${formatMoney(limits.daily_limit_cap, CURRENCY, lang)}。`,
                  `Now ${formatMoney(limits.per_payment_limit, CURRENCY, lang)} a payment, ${formatMoney(limits.daily_limit, CURRENCY, lang)} a day; a day’s limit can be at most ${formatMoney(limits.daily_limit_cap, CURRENCY, lang)}.`,
                )}
              </p>
            )}
            <label className="m-label">
              {t('单笔限额（元）', 'Per payment (yuan)')}
              <Input size="large" inputMode="decimal" placeholder="5000.00" value={perPayment} onChange={(e) => setPerPayment(e.target.value)} />
            </label>
            <label className="m-label">
              {t('每日限额（元）', 'Per day (yuan)')}
              <Input size="large" inputMode="decimal" placeholder="20000.00" value={daily} onChange={(e) => setDaily(e.target.value)} />
            </label>
            <Button size="large" block loading={busy === 'limits'} onClick={saveLimits}>
              {t('保存限额', 'Save the limits')}
            </Button>
          </Space>
        </Panel>
      </SignedIn>
    </>
  );
}
