import { Button, Input, Popconfirm, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ResponseBody } from '../../../src/client/index.ts';
import { consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatMoney, formatTime } from '../money.ts';
import { ErrorAlert, PageTitle, Panel, PasswordInput, useAction } from './ui.tsx';
import { SignedIn } from './Wallet.tsx';

type PrepaidCard = ResponseBody<'/v1/me/prepaid_cards', 'get'>['data'][number];
type SavedCard = ResponseBody<'/v1/me/cards', 'get'>['data'][number];

/** /m/cards: bound prepaid cards with their balances, and binding another by number and PIN. */
export default function Cards() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t('卡券', 'Cards')}</PageTitle>
      <SignedIn>
        <PrepaidCards />
        <SavedCards />
        <Panel>
          <Link to="/m/agreements">{t('免密支付协议', 'Auto-pay agreements')} ›</Link>
        </Panel>
      </SignedIn>
    </>
  );
}

function PrepaidCards() {
  const { t, lang } = useI18n();
  const [cards, setCards] = useState<PrepaidCard[]>();
  const [number, setNumber] = useState('');
  const [pin, setPin] = useState('');
  const { busy, error, setError, run } = useAction();

  const load = useCallback(async () => {
    try {
      setCards((await must(consumerApi().GET('/v1/me/prepaid_cards'))).data);
    } catch (e) {
      setCards([]);
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const bind = () =>
    run(async () => {
      await must(consumerApi().POST('/v1/me/prepaid_cards', { body: { number: number.replace(/\s+/g, ''), pin } }));
      setNumber('');
      setPin('');
      await load();
    });
  const unbind = async (id: string) => {
    setError(undefined);
    try {
      await must(consumerApi().POST('/v1/me/prepaid_cards/{id}/unbind', { params: { path: { id } }, body: {} }));
      await load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <Panel title={t('我的预付卡', 'My prepaid cards')} testId="prepaid-cards">
        {cards === undefined ? (
          <Spin />
        ) : cards.length === 0 ? (
          <p className="m-muted">{t('还没有绑定预付卡', 'No prepaid card bound yet')}</p>
        ) : (
          cards.map((card) => (
            <div className="m-row" key={card.id} data-testid="prepaid-card">
              <div className="m-row-main">
                <div className="m-row-title">
                  {card.nickname ?? t('预付卡', 'Prepaid card')} •••• {card.last4}
                  {card.status === 'blocked' ? <span className="m-status bad">{t('已冻结', 'Blocked')}</span> : null}
                </div>
                <div className="m-row-sub">
                  {card.issuer === 'platform' ? t('平台通用卡', 'Platform card') : t('商户储值卡', 'Store card')} · {formatTime(card.created, lang)}
                  {card.held > 0 ? ` · ${t('冻结', 'held')} ${formatMoney(card.held, card.currency, lang)}` : ''}
                </div>
              </div>
              <div style={{ textAlign: 'right' }}>
                <div className="m-amount small">{formatMoney(card.balance, card.currency, lang)}</div>
                <Popconfirm title={t('解绑这张卡？', 'Unbind this card?')} onConfirm={() => void unbind(card.id)} okText={t('解绑', 'Unbind')} cancelText={t('取消', 'Cancel')}>
                  <Button type="link" size="small">
                    {t('解绑', 'Unbind')}
                  </Button>
                </Popconfirm>
              </div>
            </div>
          ))
        )}
      </Panel>
      <Panel title={t('绑定预付卡', 'Bind a prepaid card')}>
        <Space orientation="vertical" size="middle" className="m-full">
          <label className="m-label">
            {t('卡号（16 位）', 'Card number (16 digits)')}
            <Input size="large" id="m-bind-number" inputMode="numeric" autoComplete="off" placeholder="8897 00…" value={number} onChange={(e) => setNumber(e.target.value)} />
          </label>
          <label className="m-label">
            {t('卡密码', 'PIN')}
            <PasswordInput id="m-bind-pin" value={pin} onChange={setPin} />
          </label>
          <Button type="primary" size="large" block loading={busy} disabled={pin.length !== 6 || number.replace(/\s+/g, '').length < 12} onClick={bind} id="m-bind">
            {t('绑定', 'Bind')}
          </Button>
          <ErrorAlert error={error} />
        </Space>
      </Panel>
    </>
  );
}

/** Bank cards merchants saved for this consumer (masked); each pays only at the merchant that saved it. */
function SavedCards() {
  const { t, lang } = useI18n();
  const [cards, setCards] = useState<SavedCard[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    must(consumerApi().GET('/v1/me/cards'))
      .then((page) => setCards(page.data))
      .catch((e: unknown) => {
        setCards([]);
        setError(e);
      });
  }, []);
  return (
    <Panel title={t('已保存的银行卡', 'Saved bank cards')} testId="saved-cards">
      <ErrorAlert error={error} />
      {cards === undefined ? (
        <Spin />
      ) : cards.length === 0 ? (
        <p className="m-muted">{t('没有已保存的银行卡', 'No saved bank cards')}</p>
      ) : (
        cards.map((card) => (
          <div className="m-row" key={card.id} data-testid="saved-card">
            <div className="m-row-main">
              <div className="m-row-title">
                {card.brand.toUpperCase()} •••• {card.last4}
              </div>
              <div className="m-row-sub">
                {t('有效期', 'Expires')} {String(card.exp_month).padStart(2, '0')}/{card.exp_year} · {t('仅限商户', 'Only at')} {card.merchant_name}
              </div>
            </div>
            <div className="m-row-sub">{formatTime(card.created, lang)}</div>
          </div>
        ))
      )}
    </Panel>
  );
}
