import { Alert, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { consoleApi, must, setActingChargingMerchant } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { ErrorAlert, useLoad } from '../components/common.tsx';
import { useConsoleSession } from '../session.tsx';
import Revenue from './Revenue.tsx';
import SessionDetail from './SessionDetail.tsx';
import Sessions from './Sessions.tsx';
import StationDetail from './StationDetail.tsx';
import Stations from './Stations.tsx';
import TariffEditor from './TariffEditor.tsx';
import Tariffs from './Tariffs.tsx';

function ChargingScreens() {
  return (
    <Routes>
      <Route index element={<Navigate to="stations" replace />} />
      <Route path="stations" element={<Stations />} />
      <Route path="stations/:id" element={<StationDetail />} />
      <Route path="sessions" element={<Sessions />} />
      <Route path="sessions/:id" element={<SessionDetail />} />
      <Route path="tariffs" element={<Tariffs />} />
      <Route path="tariffs/:id" element={<TariffEditor />} />
      <Route path="revenue" element={<Revenue />} />
    </Routes>
  );
}

const ACTING_KEY = 'paygrid.console.charging_operator';

/**
 * The platform's staff run stations for one charging operator at a time: they
 * choose it here, and every charging call names it (the Paygrid-Merchant header).
 */
function OperatorChargingScreens() {
  const { t } = useI18n();
  const [merchantId, setMerchantId] = useState<string | undefined>(() => sessionStorage.getItem(ACTING_KEY) ?? undefined);
  const merchants = useLoad(() => must(consoleApi.GET('/v1/merchants', { params: { query: { limit: 100 } } })), []);
  const chargingOperators = (merchants.data?.data ?? []).filter((m) => m.category === 'ev_charging');
  const chosen = merchantId ?? chargingOperators[0]?.id;
  setActingChargingMerchant(chosen);
  useEffect(() => () => setActingChargingMerchant(undefined), []);
  return (
    <div>
      <ErrorAlert error={merchants.error} onRetry={merchants.reload} />
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('充电运营商', 'Charging operator')}</Typography.Text>
        <Select
          data-testid="charging-operator"
          style={{ minWidth: 280 }}
          loading={merchants.loading}
          value={chosen}
          options={chargingOperators.map((m) => ({ value: m.id, label: `${m.name} (${m.id})` }))}
          onChange={(id: string) => {
            sessionStorage.setItem(ACTING_KEY, id);
            setMerchantId(id);
          }}
        />
      </Space>
      {chosen === undefined ? (
        merchants.loading ? null : <Alert type="info" showIcon title={t('还没有充电运营商（类别 ev_charging 的商户）。', 'There is no charging operator (a merchant of category ev_charging) yet.')} />
      ) : (
        // A new operator chosen: every screen loads afresh.
        <ChargingScreens key={chosen} />
      )}
    </div>
  );
}

/** The console's charging screens, mounted by the shell under its charging path. */
export default function ChargingRoutes() {
  const { isOperator } = useConsoleSession();
  return isOperator ? <OperatorChargingScreens /> : <ChargingScreens />;
}
