import { useEffect, useState } from 'react';
import type { ResponseBody } from '../../../src/client/index.ts';
import { consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatMoney } from '../money.ts';
import { useConsumer, walletOf } from './session.tsx';

type PrepaidCard = ResponseBody<'/v1/me/prepaid_cards', 'get'>['data'][number];
type SavedCard = ResponseBody<'/v1/me/cards', 'get'>['data'][number];

/** The banks of online banking (网银支付), as the API names them. */
export const BANKS = [
  { id: 'icbc', zh: '中国工商银行', en: 'ICBC' },
  { id: 'ccb', zh: '中国建设银行', en: 'CCB' },
  { id: 'abc', zh: '中国农业银行', en: 'ABC' },
  { id: 'boc', zh: '中国银行', en: 'Bank of China' },
  { id: 'cmb', zh: '招商银行', en: 'CMB' },
] as const;
export type BankId = (typeof BANKS)[number]['id'];

/** What the consumer chose to pay with. */
export type PayChoice = { kind: 'wallet' } | { kind: 'card'; id: string } | { kind: 'prepaid_card'; id: string } | { kind: 'online_banking'; bank: BankId } | { kind: 'prepaid_number' };

/** Which ways a page offers beside the wallet. */
export interface PayOffer {
  savedCards: boolean;
  boundPrepaidCards: boolean;
  onlineBanking: boolean;
  /** A prepaid card typed in with its PIN (at a charger, for a card not bound to the account). */
  prepaidNumber: boolean;
}

/** Same choice? (the radio buttons compare by value). */
function sameChoice(a: PayChoice, b: PayChoice): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The consumer's own ways to pay `merchantId` in `currency`: cards that
 * merchant saved for them (a saved card pays only where it was saved) and
 * bound prepaid cards the merchant accepts (the platform's, or its own).
 */
function usePayOptions(merchantId: string | undefined, currency: string, offer: PayOffer) {
  const [savedCards, setSavedCards] = useState<SavedCard[]>([]);
  const [prepaidCards, setPrepaidCards] = useState<PrepaidCard[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (merchantId === undefined) return;
    if (offer.savedCards) must(consumerApi().GET('/v1/me/cards')).then((list) => setSavedCards(list.data.filter((c) => c.merchant === merchantId)), setError);
    if (offer.boundPrepaidCards) {
      must(consumerApi().GET('/v1/me/prepaid_cards')).then(
        (list) => setPrepaidCards(list.data.filter((c) => c.currency === currency && c.status === 'active' && (c.issuer === 'platform' || c.issuer === merchantId))),
        setError,
      );
    }
  }, [merchantId, currency, offer.savedCards, offer.boundPrepaidCards]);
  return { savedCards, prepaidCards, error };
}

/**
 * The list of ways to pay, as large radio rows a thumb can hit: the wallet
 * with what it holds, each saved card and bound prepaid card, then online
 * banking with its banks.
 */
export function PayMethods({ merchantId, currency, offer, value, onChange }: { merchantId: string | undefined; currency: string; offer: PayOffer; value: PayChoice; onChange(choice: PayChoice): void }) {
  const { t, lang } = useI18n();
  const { me } = useConsumer();
  const { savedCards, prepaidCards, error } = usePayOptions(merchantId, currency, offer);
  const rows: { choice: PayChoice; label: string; note: string; testId: string }[] = [
    { choice: { kind: 'wallet' }, label: t('钱包余额', 'Wallet balance'), note: me ? `${t('可用', 'Available')} ${formatMoney(walletOf(me, currency).available, currency, lang)}` : '', testId: 'wallet' },
    ...savedCards.map((c) => ({
      choice: { kind: 'card', id: c.id } as PayChoice,
      label: `${t('银行卡', 'Card')} ${c.brand.toUpperCase()} •••• ${c.last4}`,
      note: `${t('有效期', 'Expires')} ${String(c.exp_month).padStart(2, '0')}/${c.exp_year}`,
      testId: `card-${c.id}`,
    })),
    ...prepaidCards.map((c) => ({
      choice: { kind: 'prepaid_card', id: c.id } as PayChoice,
      label: `${t('预付卡', 'Prepaid card')} •••• ${c.last4}${c.nickname ? ` ${c.nickname}` : ''}`,
      note: `${t('余额', 'Balance')} ${formatMoney(c.balance, c.currency, lang)}`,
      testId: `prepaid-${c.id}`,
    })),
    ...(offer.prepaidNumber ? [{ choice: { kind: 'prepaid_number' } as PayChoice, label: t('预付卡（输入卡号）', 'Prepaid card by number'), note: t('卡号 + 卡密码', 'Card number and PIN'), testId: 'prepaid_number' }] : []),
    ...(offer.onlineBanking ? [{ choice: { kind: 'online_banking', bank: value.kind === 'online_banking' ? value.bank : 'icbc' } as PayChoice, label: t('网银支付', 'Online banking'), note: t('跳转至银行页面确认', 'Approve on your bank’s page'), testId: 'online_banking' }] : []),
  ];
  return (
    <>
      <div className="m-methods" role="radiogroup">
        {rows.map((row) => {
          const selected = row.choice.kind === 'online_banking' ? value.kind === 'online_banking' : sameChoice(row.choice, value);
          return (
            <button key={row.testId} type="button" role="radio" aria-checked={selected} className={selected ? 'm-method selected' : 'm-method'} onClick={() => onChange(row.choice)} data-method={row.testId}>
              <span>
                {row.label}
                <small>{row.note}</small>
              </span>
            </button>
          );
        })}
      </div>
      {value.kind === 'online_banking' ? (
        <label className="m-label" style={{ marginTop: 12 }}>
          {t('选择银行', 'Bank')}
          <select id="m-bank" className="m-select" value={value.bank} onChange={(e) => onChange({ kind: 'online_banking', bank: e.target.value as BankId })}>
            {BANKS.map((b) => (
              <option key={b.id} value={b.id}>
                {t(b.zh, b.en)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {error === undefined ? null : <p className="m-hint">{t('部分付款方式暂时无法加载。', 'Some ways to pay could not be loaded.')}</p>}
    </>
  );
}
