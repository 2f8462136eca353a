import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useI18n } from '../i18n.tsx';
import { Forbidden, NotFound } from './components/common.tsx';
import { ConsoleSessionProvider, useConsoleSession } from './session.tsx';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';
import { ForcedPasswordChange } from './components/ChangePassword.tsx';
import Dashboard from './pages/Dashboard.tsx';
import PaymentsPage from './pages/Payments.tsx';
import PaymentDetail from './pages/PaymentDetail.tsx';

/**
 * The operator and merchant console: sign-in (password + TOTP), then the
 * screens the signed-in role may use. The menu hides what a role cannot use
 * and each route refuses to render for it (a 403 page); the API is the real
 * guard and refuses the calls themselves.
 */
const RiskRoutes = lazy(() => import('./risk/RiskRoutes.tsx'));
const ChargingRoutes = lazy(() => import('./charging/ChargingRoutes.tsx'));
const MerchantsPage = lazy(() => import('./pages/Merchants.tsx'));
const CustomersPage = lazy(() => import('./pages/Customers.tsx'));
const CustomerDetail = lazy(() => import('./pages/CustomerDetail.tsx'));
const LedgerPage = lazy(() => import('./pages/Ledger.tsx'));
const WebhooksPage = lazy(() => import('./pages/Webhooks.tsx'));
const UsersPage = lazy(() => import('./pages/Users.tsx'));
const AuditLogPage = lazy(() => import('./pages/AuditLog.tsx'));
const RefundsPage = lazy(() => import('./pages/Refunds.tsx'));
const BalancePage = lazy(() => import('./pages/Balance.tsx'));
const ApiKeysPage = lazy(() => import('./pages/ApiKeys.tsx'));

export default function ConsoleApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d4ed8', borderRadius: 6 } }}>
      <AntApp>
        <ConsoleSessionProvider>
          <Gate />
        </ConsoleSessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const { user } = useConsoleSession();
  if (user === undefined) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  if (user === null) return <SignIn />;
  if (user.must_change_password) return <ForcedPasswordChange />;
  return (
    <Shell>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
        <ConsoleRoutes />
      </Suspense>
    </Shell>
  );
}

/** Renders `children` only for a role that may; a 403 page otherwise. */
function Allow({ when, children }: { when: boolean; children: ReactNode }) {
  return when ? <>{children}</> : <Forbidden />;
}

function ConsoleRoutes() {
  const { can, isOperator } = useConsoleSession();
  const operator = (permission: string) => isOperator && can(permission);
  const merchant = !isOperator;
  return (
    <Routes>
      <Route index element={<Dashboard />} />
      <Route path="payments" element={<Allow when={can('payments:read')}><PaymentsPage /></Allow>} />
      <Route path="payments/:id" element={<Allow when={can('payments:read')}><PaymentDetail /></Allow>} />
      <Route path="refunds" element={<Allow when={can('payments:read')}><RefundsPage /></Allow>} />
      <Route path="merchants" element={<Allow when={operator('merchants:read')}><MerchantsPage /></Allow>} />
      <Route path="customers" element={<Allow when={operator('customers:read')}><CustomersPage /></Allow>} />
      <Route path="customers/:id" element={<Allow when={operator('customers:read')}><CustomerDetail /></Allow>} />
      <Route path="ledger" element={<Allow when={operator('ledger:read')}><LedgerPage /></Allow>} />
      <Route path="webhooks" element={<Allow when={can('events:read')}><WebhooksPage /></Allow>} />
      <Route path="users" element={<Allow when={operator('users:admin')}><UsersPage /></Allow>} />
      <Route path="audit" element={<Allow when={operator('audit:read')}><AuditLogPage /></Allow>} />
      <Route path="balance" element={<Allow when={merchant}><BalancePage /></Allow>} />
      <Route path="keys" element={<Allow when={merchant}><ApiKeysPage /></Allow>} />
      <Route path="risk/*" element={<Allow when={operator('risk:read')}><RiskRoutes /></Allow>} />
      <Route path="charging/*" element={<Allow when={can('charging:read')}><ChargingRoutes /></Allow>} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
