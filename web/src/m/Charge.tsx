import { Alert, Button, Input, Space, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ResponseBody } from '../../../src/client/index.ts';
import { ApiFailure, consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatEnergy, formatMoney, formatTime, parseMoney } from '../money.ts';
import { PayMethods, type PayChoice } from './PayMethods.tsx';
import { useConsumer } from './session.tsx';
import { ErrorAlert, PageTitle, Panel, PasswordInput, StateIcon, useAction } from './ui.tsx';
import { SignedIn } from './Wallet.tsx';

type Session = ResponseBody<'/v1/charging/sessions/{id}', 'get'>;
type Tier = 'sharp' | 'peak' | 'flat' | 'valley';

/** GET /c/:station/:connector/info.json: the station, the connector and today's tariff (public, no key). */
interface ConnectorInfo {
  station: { id: string; name: string; online: boolean; timezone: string; operator: string };
  connector: { id: number; type: string; max_power_w: number; status: string };
  tariff: {
    currency: string;
    tiers: Record<Tier, { energy_price: string; service_price: string; total_price: string }>;
    slots: Tier[];
    idle_fee_per_minute: number;
    idle_grace_minutes: number;
    session_fee: number;
    min_hold_amount: number;
  };
  now_slot: number;
}

const TIERS: Tier[] = ['sharp', 'peak', 'flat', 'valley'];
const POLL_MS = 2000;

function tierLabel(tier: string, t: (zh: string, en: string) => string): string {
  const labels: Record<string, [string, string]> = { sharp: ['尖', 'Sharp'], peak: ['峰', 'Peak'], flat: ['平', 'Flat'], valley: ['谷', 'Valley'] };
  const label = labels[tier];
  return label === undefined ? tier : t(label[0], label[1]);
}

function connectorStatusLabel(status: string, t: (zh: string, en: string) => string): string {
  const labels: Record<string, [string, string]> = {
    Available: ['空闲', 'Available'],
    Preparing: ['已插枪', 'Plugged in'],
    Charging: ['充电中', 'Charging'],
    SuspendedEVSE: ['暂停（桩）', 'Suspended by the charger'],
    SuspendedEV: ['暂停（车）', 'Suspended by the car'],
    Finishing: ['充电结束', 'Finishing'],
    Reserved: ['已预约', 'Reserved'],
    Unavailable: ['不可用', 'Unavailable'],
    Faulted: ['故障', 'Faulted'],
  };
  const label = labels[status];
  return label === undefined ? status : t(label[0], label[1]);
}

/** "0.70000" per kWh → "¥0.70": the tariff's decimals beyond the currency's trimmed. */
export function unitPrice(text: string, currency: string, lang: string): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  const symbol = formatMoney(0, currency, lang).replace(/[\d.,\s-]/g, '');
  return `${symbol}${whole}.${trimmed}`;
}

const slotTime = (slot: number): string => (slot === 48 ? '24:00' : `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}`);

/** Consecutive half-hour slots of one tier as time ranges. */
export function slotRanges(slots: readonly Tier[]): { tier: Tier; from: number; to: number }[] {
  const ranges: { tier: Tier; from: number; to: number }[] = [];
  slots.forEach((tier, slot) => {
    const last = ranges.at(-1);
    if (last !== undefined && last.tier === tier) last.to = slot + 1;
    else ranges.push({ tier, from: slot, to: slot + 1 });
  });
  return ranges;
}

const sessionKey = (station: string, connector: string) => `paygrid.m.charging.${station}.${connector}`;

/**
 * /m/charge/:stationId/:connectorId — what a connector's QR code opens: the
 * station and today's prices, then sign-in, the hold and the start
 * (POST /v1/me/charging/sessions), live energy and cost (the session polled
 * every 2 s), the stop, and the receipt.
 */
export default function Charge() {
  const { t, lang } = useI18n();
  const { stationId = '', connectorId = '' } = useParams();
  const { me } = useConsumer();
  const [info, setInfo] = useState<ConnectorInfo>();
  const [infoError, setInfoError] = useState<unknown>();
  const [sessionId, setSessionId] = useState<string | null>(() => localStorage.getItem(sessionKey(stationId, connectorId)));
  const [session, setSession] = useState<Session>();

  const loadInfo = useCallback(async () => {
    const response = await fetch(`/c/${encodeURIComponent(stationId)}/${encodeURIComponent(connectorId)}/info.json`, { headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } } & Partial<ConnectorInfo>;
    if (!response.ok) throw new ApiFailure(response.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`);
    setInfo(body as ConnectorInfo);
  }, [stationId, connectorId]);

  useEffect(() => {
    loadInfo().catch(setInfoError);
  }, [loadInfo]);

  // The connector's status follows the session (Preparing, Charging, Finishing…).
  const sessionStatus = session?.status;
  useEffect(() => {
    if (sessionStatus !== undefined) loadInfo().catch(setInfoError);
  }, [sessionStatus, loadInfo]);

  // A session of this consumer already under way at this connector (started in another tab or browser) is followed.
  const signedIn = me !== null && me !== undefined;
  useEffect(() => {
    if (!signedIn || sessionId !== null) return;
    must(consumerApi().GET('/v1/me/charging/sessions', { params: { query: { station: stationId, limit: 10 } } }))
      .then((page) => {
        const open = page.data.find((s) => String(s.connector) === connectorId && (s.status === 'starting' || s.status === 'charging' || s.status === 'finishing'));
        if (open !== undefined) follow(open);
      })
      .catch(setInfoError);
    // Only when the consumer signs in or the page opens.
  }, [signedIn, stationId, connectorId]);

  const follow = (next: Session | null) => {
    const key = sessionKey(stationId, connectorId);
    if (next === null) {
      localStorage.removeItem(key);
      setSessionId(null);
      setSession(undefined);
      return;
    }
    localStorage.setItem(key, next.id);
    setSessionId(next.id);
    setSession(next);
  };

  if (infoError !== undefined) {
    return (
      <>
        <PageTitle>{t('扫码充电', 'Scan to charge')}</PageTitle>
        <Panel testId="charge-not-found">
          <div className="m-state">
            <StateIcon kind="warn" />
            <h2>{infoError instanceof ApiFailure && infoError.status === 404 ? t('未找到该充电枪', 'This charger was not found') : t('无法加载', 'Could not load')}</h2>
            <p className="m-muted">{t('请核对充电桩上的二维码或桩号。', 'Check the code or the number on the charger.')}</p>
            <ErrorAlert error={infoError} />
            <Link to="/m/scan">{t('输入桩号', 'Enter a charger number')}</Link>
          </div>
        </Panel>
      </>
    );
  }
  if (info === undefined) return <Spin className="m-full" />;

  const inSession = sessionId !== null;
  return (
    <>
      <PageTitle>{info.station.name}</PageTitle>
      <StationPanel info={info} />
      {inSession ? null : <PricesPanel info={info} />}
      <SignedIn>
        {me && sessionId !== null ? (
          <LiveSession
            id={sessionId}
            session={session}
            info={info}
            onUpdate={setSession}
            onDone={() => {
              follow(null);
              void loadInfo().catch(setInfoError);
            }}
            onGone={() => follow(null)}
          />
        ) : me ? (
          <StartPanel info={info} onStarted={follow} />
        ) : null}
      </SignedIn>
      {inSession ? <PricesPanel info={info} /> : null}
      <p className="m-hint" style={{ textAlign: 'center' }}>
        {lang === 'en' ? 'Questions? ' : '有疑问？'}
        <Link to="/m/help">{t('查看帮助', 'See help')}</Link>
      </p>
    </>
  );
}

function StationPanel({ info }: { info: ConnectorInfo }) {
  const { t } = useI18n();
  const usable = info.station.online && (info.connector.status === 'Available' || info.connector.status === 'Preparing');
  return (
    <Panel testId="station">
      <div className="m-muted">
        {t('桩号', 'Station')} {info.station.id} · {t(`${info.connector.id} 号枪`, `Connector ${info.connector.id}`)} · {info.connector.type} · {(info.connector.max_power_w / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kW
      </div>
      <div style={{ marginTop: 8 }}>
        <span className={`m-status ${info.station.online ? 'ok' : 'bad'}`} data-testid="station-online">
          {info.station.online ? t('在线', 'Online') : t('离线', 'Offline')}
        </span>
        <span className={`m-status ${usable ? 'ok' : 'bad'}`} data-testid="connector-status" data-status={info.connector.status}>
          {connectorStatusLabel(info.connector.status, t)}
        </span>
      </div>
      {usable ? null : <p className="m-hint">{t('此枪现在无法开始充电。', 'This connector cannot start charging right now.')}</p>}
    </Panel>
  );
}

function PricesPanel({ info }: { info: ConnectorInfo }) {
  const { t, lang } = useI18n();
  const { tariff, now_slot: nowSlot } = info;
  const current = tariff.slots[nowSlot] as Tier;
  const ranges = slotRanges(tariff.slots);
  const currentRange = ranges.find((r) => r.from <= nowSlot && nowSlot < r.to);
  const money = (minor: number) => formatMoney(minor, tariff.currency, lang);
  return (
    <Panel title={t('今日电价（每度）', 'Today’s prices (per kWh)')} testId="prices">
      <p data-testid="current-tier" data-tier={current}>
        {t('当前', 'Now')}: <b>{tierLabel(current, t)}</b> {unitPrice(tariff.tiers[current].total_price, tariff.currency, lang)}/kWh
        {currentRange === undefined ? '' : ` · ${t('至', 'until')} ${slotTime(currentRange.to)}`}
      </p>
      <table className="m-prices">
        <thead>
          <tr>
            <th>{t('时段', 'Tier')}</th>
            <th>{t('电费', 'Electricity')}</th>
            <th>{t('服务费', 'Service')}</th>
            <th>{t('合计', 'Total')}</th>
          </tr>
        </thead>
        <tbody>
          {TIERS.filter((tier) => tariff.slots.includes(tier)).map((tier) => (
            <tr key={tier} data-tier={tier} className={tier === current ? 'current' : undefined} aria-current={tier === current ? 'true' : undefined}>
              <td>
                <i className={`m-dot t-${tier}`} />
                {tierLabel(tier, t)}
              </td>
              <td>{unitPrice(tariff.tiers[tier].energy_price, tariff.currency, lang)}</td>
              <td>{unitPrice(tariff.tiers[tier].service_price, tariff.currency, lang)}</td>
              <td>{unitPrice(tariff.tiers[tier].total_price, tariff.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="m-daybar" aria-hidden="true">
        {tariff.slots.map((tier, slot) => (
          <span key={slot} className={`t-${tier}${slot === nowSlot ? ' now' : ''}`} />
        ))}
      </div>
      <div className="m-ticks">
        <span>0</span>
        <span>6</span>
        <span>12</span>
        <span>18</span>
        <span>24</span>
      </div>
      <ul className="m-ranges" data-testid="ranges">
        {ranges.map((r) => (
          <li key={r.from} className={r.from <= nowSlot && nowSlot < r.to ? 'current' : undefined}>
            {slotTime(r.from)}–{slotTime(r.to)} {tierLabel(r.tier, t)}
          </li>
        ))}
      </ul>
      <div className="m-row">
        <span>{t('占位费', 'Idle fee')}</span>
        <span data-testid="idle-fee">
          {tariff.idle_fee_per_minute === 0
            ? t('无', 'None')
            : t(`${money(tariff.idle_fee_per_minute)}/分钟，充满后 ${tariff.idle_grace_minutes} 分钟内免费`, `${money(tariff.idle_fee_per_minute)}/min after ${tariff.idle_grace_minutes} free minutes`)}
        </span>
      </div>
      {tariff.session_fee === 0 ? null : (
        <div className="m-row">
          <span>{t('单次费用', 'Session fee')}</span>
          <span>{money(tariff.session_fee)}</span>
        </div>
      )}
      <div className="m-row">
        <span>{t('最低预付', 'Minimum hold')}</span>
        <b data-testid="min-hold">{money(tariff.min_hold_amount)}</b>
      </div>
      <p className="m-hint">{t('预付金额先冻结，结束后按实际费用扣款，其余自动退回。', 'The hold is released except for what the session costs.')}</p>
    </Panel>
  );
}

/** The start's payment fields: the wallet (password unless under an agreement), a saved card, a bound prepaid card with the password, or a card's number and PIN. */
function startPayment(choice: PayChoice, password: string, cardNumber: string, pin: string): { payment_method: string; payment_password?: string; pin?: string } {
  switch (choice.kind) {
    case 'wallet':
      return { payment_method: 'wallet', ...(password === '' ? {} : { payment_password: password }) };
    case 'card':
      return { payment_method: choice.id };
    case 'prepaid_card':
      return { payment_method: choice.id, payment_password: password };
    case 'prepaid_number':
      return { payment_method: cardNumber.replace(/\s+/g, ''), pin };
    case 'online_banking':
      throw new Error('a bank page cannot hold money for a charger');
  }
}

function StartPanel({ info, onStarted }: { info: ConnectorInfo; onStarted(session: Session): void }) {
  const { t, lang } = useI18n();
  const { reload } = useConsumer();
  const currency = info.tariff.currency;
  const [method, setMethod] = useState<PayChoice>({ kind: 'wallet' });
  const [password, setPassword] = useState('');
  const [cardNumber, setCardNumber] = useState('');
  const [pin, setPin] = useState('');
  const [hold, setHold] = useState(() => formatMoney(info.tariff.min_hold_amount, currency, 'en').replace(/[^\d.]/g, ''));
  const { busy, error, run } = useAction();
  const startKey = useRef<string | null>(null);

  const start = () =>
    run(
      async () => {
        const minor = parseMoney(hold, currency);
        if (minor === undefined) throw new Error(t('请输入金额，如 50.00', 'Enter an amount such as 50.00'));
        if (minor < BigInt(info.tariff.min_hold_amount)) throw new Error(t(`预付金额至少 ${formatMoney(info.tariff.min_hold_amount, currency, lang)}`, `The hold is at least ${formatMoney(info.tariff.min_hold_amount, currency, lang)}`));
        // One key per start: a retry after a lost answer replays it, so a double tap starts once.
        const key = (startKey.current ??= crypto.randomUUID());
        const body = { station: info.station.id, connector: info.connector.id, hold_amount: Number(minor), ...startPayment(method, password, cardNumber, pin) };
        const session = await must(consumerApi().POST('/v1/me/charging/sessions', { body, params: { header: { 'Idempotency-Key': key } } }));
        startKey.current = null;
        setPassword('');
        setPin('');
        onStarted(session);
        await reload();
      },
      // The API answered (a refusal is final for this key); a lost answer keeps the key for the retry.
      (e) => {
        if (e instanceof ApiFailure) startKey.current = null;
      },
    );

  return (
    <Panel title={t('开始充电', 'Start charging')} testId="start">
      <PayMethods merchantId={info.station.operator} currency={currency} offer={{ savedCards: true, boundPrepaidCards: true, onlineBanking: false, prepaidNumber: true }} value={method} onChange={setMethod} />
      <Space orientation="vertical" size="middle" className="m-full" style={{ marginTop: 12 }}>
        {method.kind === 'wallet' || method.kind === 'prepaid_card' ? (
          <label className="m-label">
            {t('支付密码', 'Payment password')}
            <PasswordInput id="m-charge-password" value={password} onChange={setPassword} />
            {method.kind === 'wallet' ? <span className="m-hint">{t('已开通免密支付可不填。', 'Not needed with an auto-pay agreement.')}</span> : null}
          </label>
        ) : method.kind === 'card' ? null : (
          <>
            <label className="m-label">
              {t('卡号', 'Card number')}
              <Input size="large" id="m-charge-card" inputMode="numeric" autoComplete="off" value={cardNumber} onChange={(e) => setCardNumber(e.target.value)} />
            </label>
            <label className="m-label">
              {t('卡密码', 'PIN')}
              <PasswordInput id="m-charge-pin" value={pin} onChange={setPin} />
            </label>
          </>
        )}
        <label className="m-label">
          {t('预付金额（元）', 'Amount to hold (yuan)')}
          <Input size="large" id="m-charge-hold" inputMode="decimal" value={hold} onChange={(e) => setHold(e.target.value)} />
        </label>
        <Button type="primary" size="large" block loading={busy} onClick={start} id="m-charge-start">
          {t('开始充电', 'Start charging')}
        </Button>
        <ErrorAlert error={error} />
      </Space>
    </Panel>
  );
}

function LiveSession({ id, session, info, onUpdate, onDone, onGone }: { id: string; session: Session | undefined; info: ConnectorInfo; onUpdate(s: Session): void; onDone(): void; onGone(): void }) {
  const { t, lang } = useI18n();
  const { reload } = useConsumer();
  const [error, setError] = useState<unknown>();
  const [stopping, setStopping] = useState(false);
  const [finished, setFinished] = useState<Session>();

  const final = session !== undefined && (session.status === 'completed' || session.status === 'failed');

  useEffect(() => {
    if (final) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await must(consumerApi().GET('/v1/charging/sessions/{id}', { params: { path: { id } } }));
        if (!live) return;
        setError(undefined);
        onUpdate(next);
        if (next.status === 'completed' || next.status === 'failed') return;
      } catch (e) {
        if (!live) return;
        if (e instanceof ApiFailure && (e.status === 404 || e.status === 401)) return onGone();
        setError(e);
      }
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
    // The poll restarts only for another session.
  }, [id, final]);

  useEffect(() => {
    if (final && session !== undefined) {
      setFinished(session);
      void reload();
    }
  }, [final, session, reload]);

  const stop = async () => {
    setError(undefined);
    setStopping(true);
    try {
      onUpdate(await must(consumerApi().POST('/v1/charging/sessions/{id}/stop', { params: { path: { id } } })));
    } catch (e) {
      setError(e);
      setStopping(false);
    }
  };

  if (finished !== undefined) return <Receipt session={finished} onAgain={onDone} />;
  if (session === undefined) return <Spin className="m-full" />;

  const money = (minor: number) => formatMoney(minor, session.currency, lang);
  const stopRequested = stopping || session.flags.includes('stopped_by_request');
  const statusText =
    session.status === 'starting'
      ? t('正在启动，请插好枪…', 'Starting… plug the connector in')
      : session.status === 'finishing'
        ? t('正在结算…', 'Settling…')
        : stopRequested
          ? t('正在停止…', 'Stopping…')
          : t('充电中', 'Charging');
  return (
    <Panel title={statusText} testId="live" stopRequested={session.flags.includes('stopped_by_request')}>
      <div className="m-meter">
        <div>
          <div className="m-meter-label">{t('电量', 'Energy')}</div>
          <div className="m-meter-value" data-testid="energy">
            {formatEnergy(session.energy_wh)}
          </div>
        </div>
        <div>
          <div className="m-meter-label">{t('费用', 'Cost')}</div>
          <div className="m-meter-value cost" data-testid="cost">
            {money(session.amount)}
          </div>
        </div>
        <div>
          <div className="m-meter-label">{t('功率', 'Power')}</div>
          <div className="m-meter-value" data-testid="power">
            {session.power_w === null ? '—' : `${(session.power_w / 1000).toFixed(1)} kW`}
          </div>
        </div>
        <div>
          <div className="m-meter-label">{t('预付冻结', 'Hold')}</div>
          <div className="m-meter-value" data-testid="hold">
            {money(session.hold_amount)}
          </div>
        </div>
      </div>
      {session.started_at === null ? null : (
        <p className="m-hint">
          {t('开始于', 'Started')} {formatTime(session.started_at, lang)} · {info.station.name}
        </p>
      )}
      {session.status === 'starting' || session.status === 'charging' ? (
        <Button danger type="primary" size="large" block style={{ marginTop: 12 }} onClick={stop} loading={stopRequested} disabled={stopRequested} id="m-charge-stop">
          {stopRequested ? t('正在停止…', 'Stopping…') : t('停止充电', 'Stop charging')}
        </Button>
      ) : null}
      <ErrorAlert error={error} />
    </Panel>
  );
}

function durationText(seconds: number, t: (zh: string, en: string) => string): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? t(`${h} 小时 ${m} 分钟`, `${h} h ${m} min`) : t(`${m} 分钟`, `${m} min`);
}

function Receipt({ session, onAgain }: { session: Session; onAgain(): void }) {
  const { t, lang } = useI18n();
  const money = (minor: number) => formatMoney(minor, session.currency, lang);
  if (session.status === 'failed') {
    return (
      <Panel testId="receipt">
        <div className="m-state">
          <StateIcon kind="warn" />
          <h2 data-testid="receipt-status" data-status="failed">
            {t('未能启动充电', 'Charging did not start')}
          </h2>
          <p className="m-muted">
            {session.failure_reason ?? ''} {t('预付已全部退回。', 'The hold was released in full.')}
          </p>
          <Button type="primary" size="large" block onClick={onAgain}>
            {t('重新开始', 'Try again')}
          </Button>
        </div>
      </Panel>
    );
  }
  const lineLabel = (line: Session['line_items'][number]): string => {
    if (line.type === 'energy' || line.type === 'service')
      return `${line.type === 'energy' ? t('电费', 'Electricity') : t('服务费', 'Service')} · ${tierLabel(line.tier ?? '', t)} · ${formatEnergy(line.energy_wh ?? 0)}${line.unit_price === undefined ? '' : ` × ${unitPrice(line.unit_price, session.currency, lang)}`}`;
    if (line.type === 'idle') return `${t('占位费', 'Idle fee')} · ${line.minutes ?? 0} ${t('分钟', 'min')}`;
    if (line.type === 'session_fee') return t('单次费用', 'Session fee');
    if (line.type === 'cap') return t('超出预付部分不收', 'Beyond the hold, not charged');
    return line.type;
  };
  const duration = session.started_at !== null && session.stopped_at !== null ? session.stopped_at - session.started_at : null;
  return (
    <Panel title={t('充电账单', 'Receipt')} testId="receipt">
      <div className="m-state" style={{ paddingTop: 4 }}>
        <div className="m-muted">{t('实付', 'Paid')}</div>
        <div className="m-amount" data-testid="receipt-total">
          {money(session.amount)}
        </div>
        <span className="m-status ok" data-testid="receipt-status" data-status={session.status}>
          {t('已完成', 'Completed')}
        </span>
      </div>
      <div className="m-row">
        <span>{t('电量', 'Energy')}</span>
        <b data-testid="receipt-energy">{formatEnergy(session.energy_wh)}</b>
      </div>
      {duration === null ? null : (
        <div className="m-row">
          <span>{t('时长', 'Duration')}</span>
          <b data-testid="receipt-duration">{durationText(duration, t)}</b>
        </div>
      )}
      {session.line_items.map((line, i) => (
        <div className="m-row" key={i} data-testid="receipt-line">
          <span className="m-row-main">{lineLabel(line)}</span>
          <span className="m-row-amount">{money(line.amount)}</span>
        </div>
      ))}
      <div className="m-row">
        <span>{t('预付冻结', 'Hold')}</span>
        <span className="m-row-amount">{money(session.hold_amount)}</span>
      </div>
      <div className="m-row">
        <span>{t('已退回', 'Released')}</span>
        <b className="m-row-amount m-in" data-testid="receipt-released">
          {formatMoney(BigInt(session.hold_amount) - BigInt(session.amount), session.currency, lang)}
        </b>
      </div>
      {session.stopped_at === null ? null : <p className="m-hint">{formatTime(session.stopped_at, lang)}</p>}
      <Button size="large" block onClick={onAgain} style={{ marginTop: 8 }} id="m-charge-again">
        {t('再充一次', 'Charge again')}
      </Button>
      <Alert type="info" showIcon className="m-alert" title={t('账单已通过短信发送。', 'The receipt was also sent by SMS.')} />
    </Panel>
  );
}
