import { Button, Popconfirm, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { components } from '../../../src/client/index.ts';
import { consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatMoney, formatTime } from '../money.ts';
import { ErrorAlert, PageTitle, Panel } from './ui.tsx';
import { SignedIn } from './Wallet.tsx';

type Agreement = components['schemas']['agreement'];

/** /m/agreements: the merchants allowed to charge the wallet without the password (免密支付), and revoking them. */
export default function Agreements() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <>
      <PageTitle back={() => navigate(-1)}>{t('免密支付协议', 'Auto-pay agreements')}</PageTitle>
      <SignedIn>
        <AgreementList />
      </SignedIn>
    </>
  );
}

function AgreementList() {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<Agreement[]>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(async () => {
    try {
      setRows((await must(consumerApi().GET('/v1/me/agreements'))).data);
    } catch (e) {
      setError(e);
      setRows([]);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await must(consumerApi().POST('/v1/me/agreements/{id}/revoke', { params: { path: { id } } }));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Panel testId="agreements">
      <p className="m-hint" style={{ marginTop: 0 }}>
        {t('开通后，该商户（如充电运营商）可在限额内直接从钱包扣款，无需输入支付密码。可随时解除。', 'With an agreement, that merchant (a charging operator, say) may charge your wallet within its limits without your payment password. Revoke it at any time.')}
      </p>
      <ErrorAlert error={error} />
      {rows === undefined ? (
        <Spin />
      ) : rows.length === 0 ? (
        <p className="m-muted">{t('没有免密支付协议', 'No agreements')}</p>
      ) : (
        rows.map((a) => (
          <div className="m-row" key={a.id} data-testid="agreement">
            <div className="m-row-main">
              <div className="m-row-title">{a.merchant_name}</div>
              <div className="m-row-sub">
                {t('单笔', 'Per payment')} {formatMoney(a.per_payment_limit, a.currency, lang)} · {t('每日', 'Per day')} {formatMoney(a.daily_limit, a.currency, lang)}
              </div>
              <div className="m-row-sub">
                {formatTime(a.created, lang)}
                {a.revoked_at === null ? '' : ` · ${t('解除于', 'revoked')} ${formatTime(a.revoked_at, lang)}`}
              </div>
            </div>
            {a.status === 'active' ? (
              <Popconfirm title={t('解除这个协议？', 'Revoke this agreement?')} onConfirm={() => void revoke(a.id)} okText={t('解除', 'Revoke')} cancelText={t('取消', 'Cancel')}>
                <Button danger size="large">
                  {t('解除', 'Revoke')}
                </Button>
              </Popconfirm>
            ) : (
              <span className="m-status">{t('已解除', 'Revoked')}</span>
            )}
          </div>
        ))
      )}
    </Panel>
  );
}
