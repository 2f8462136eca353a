import { Button, Input, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { ResponseBody } from '../../../src/client/index.ts';
import { consumerApi, must } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { formatEnergy, formatMoney, formatTime } from '../money.ts';
import { useConsumer } from './session.tsx';
import { ErrorAlert, PageTitle, Panel } from './ui.tsx';

type Sessions = ResponseBody<'/v1/me/charging/sessions', 'get'>['data'];

/** /m/scan: how to scan a charger's code, or type its number; and the consumer's recent sessions. */
export default function Scan() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { me } = useConsumer();
  const [station, setStation] = useState('');
  const [connector, setConnector] = useState('1');
  const valid = /^[A-Za-z0-9._-]{1,48}$/.test(station.trim()) && /^[1-9]\d?$/.test(connector.trim());
  return (
    <>
      <PageTitle>{t('扫码充电', 'Scan to charge')}</PageTitle>
      <Panel title={t('扫描充电桩上的二维码', 'Scan the code on the charger')}>
        <p>{t('用手机相机或微信、支付宝“扫一扫”扫描充电枪上的二维码，即可打开该枪的充电页面：查看电价、登录并开始充电。', 'Point your phone’s camera (or any QR scanner) at the code on the connector: it opens that connector’s page, where you see the prices, sign in and start.')}</p>
      </Panel>
      <Panel title={t('或输入桩号', 'Or type the charger’s number')}>
        <Space orientation="vertical" size="middle" className="m-full">
          <label className="m-label">
            {t('桩号', 'Station number')}
            <Input size="large" id="m-scan-station" placeholder="CN-SH-0001" value={station} onChange={(e) => setStation(e.target.value)} />
          </label>
          <label className="m-label">
            {t('枪号', 'Connector')}
            <Input size="large" id="m-scan-connector" inputMode="numeric" value={connector} onChange={(e) => setConnector(e.target.value)} />
          </label>
          <Button type="primary" size="large" block disabled={!valid} onClick={() => navigate(`/m/charge/${encodeURIComponent(station.trim())}/${connector.trim()}`)} id="m-scan-go">
            {t('打开充电页面', 'Open the charger')}
          </Button>
        </Space>
      </Panel>
      {me ? <RecentSessions /> : null}
    </>
  );
}

function RecentSessions() {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<Sessions>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    must(consumerApi().GET('/v1/me/charging/sessions', { params: { query: { limit: 10 } } }))
      .then((page) => setRows(page.data))
      .catch(setError);
  }, []);
  const status: Record<string, [string, string]> = { starting: ['启动中', 'Starting'], charging: ['充电中', 'Charging'], finishing: ['结算中', 'Settling'], completed: ['已完成', 'Completed'], failed: ['未启动', 'Did not start'] };
  return (
    <Panel title={t('我的充电记录', 'My charging sessions')}>
      <ErrorAlert error={error} />
      {rows === undefined ? (
        <Spin />
      ) : rows.length === 0 ? (
        <p className="m-muted">{t('还没有充电记录', 'No sessions yet')}</p>
      ) : (
        rows.map((s) => (
          <Link key={s.id} to={`/m/charge/${encodeURIComponent(s.station)}/${s.connector}`} className="m-row" style={{ color: 'inherit' }}>
            <div className="m-row-main">
              <div className="m-row-title">
                {s.station} · {t(`${s.connector} 号枪`, `Connector ${s.connector}`)}
              </div>
              <div className="m-row-sub">
                {formatTime(s.created, lang)} · {formatEnergy(s.energy_wh)} · {t(status[s.status]?.[0] ?? s.status, status[s.status]?.[1] ?? s.status)}
              </div>
            </div>
            <div className="m-row-amount">{formatMoney(s.amount, s.currency, lang)}</div>
          </Link>
        ))
      )}
    </Panel>
  );
}
