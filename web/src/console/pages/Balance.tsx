import { Card, Col, Row, Statistic } from 'antd';
import { consoleApi, must } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { ErrorAlert, Money, PageTitle, useLoad } from '../components/common.tsx';

/** The merchant's balance: pending (not yet settled) and available, per currency, from its ledger accounts. */
export default function BalancePage() {
  const { t } = useI18n();
  const loaded = useLoad(() => must(consoleApi.GET('/v1/balance')), []);
  const balance = loaded.data;
  return (
    <div>
      <PageTitle>{t('余额', 'Balance')}</PageTitle>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Row gutter={[16, 16]}>
        {(balance?.pending ?? []).map((b) => (
          <Col key={`p-${b.currency}`} xs={24} md={12} lg={6}>
            <Card size="small" loading={loaded.loading}>
              <Statistic title={t(`待结算 (${b.currency.toUpperCase()})`, `Pending (${b.currency.toUpperCase()})`)} valueRender={() => <Money amount={b.amount} currency={b.currency} strong testId={`balance-pending-${b.currency}`} />} />
            </Card>
          </Col>
        ))}
        {(balance?.available ?? []).map((b) => (
          <Col key={`a-${b.currency}`} xs={24} md={12} lg={6}>
            <Card size="small" loading={loaded.loading}>
              <Statistic title={t(`可用 (${b.currency.toUpperCase()})`, `Available (${b.currency.toUpperCase()})`)} valueRender={() => <Money amount={b.amount} currency={b.currency} strong testId={`balance-available-${b.currency}`} />} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
