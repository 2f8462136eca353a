import { Button, Layout, Menu, Segmented, Space, Tag, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n.tsx';
import { ChangePasswordButton } from './components/ChangePassword.tsx';
import { useConsoleSession, type StaffRole } from './session.tsx';

type MenuItem = Required<MenuProps>['items'][number];

const ROLE_NAMES: Record<StaffRole, [string, string]> = {
  admin: ['管理员', 'Admin'],
  risk_analyst: ['风控分析师', 'Risk analyst'],
  finance: ['财务', 'Finance'],
  support: ['客服', 'Support'],
  station_operator: ['充电运营', 'Station operator'],
  merchant: ['商户', 'Merchant'],
};

/** The menu a role sees: only what its permissions let it open. */
function useMenu(): MenuItem[] {
  const { t } = useI18n();
  const { can, isOperator } = useConsoleSession();
  const op = (permission: string) => isOperator && can(permission);
  const items: (MenuItem | false)[] = [
    { key: '/console', label: t('概览', 'Dashboard') },
    can('payments:read') && { key: '/console/payments', label: t('支付', 'Payments') },
    !isOperator && can('payments:read') && { key: '/console/refunds', label: t('退款', 'Refunds') },
    !isOperator && { key: '/console/balance', label: t('余额', 'Balance') },
    op('merchants:read') && { key: '/console/merchants', label: t('商户', 'Merchants') },
    op('customers:read') && { key: '/console/customers', label: t('消费者', 'Customers') },
    op('risk:read') && {
      key: 'risk',
      label: t('风控', 'Risk'),
      children: [
        { key: '/console/risk/reviews', label: t('审核队列', 'Review queue') },
        { key: '/console/risk/rules', label: t('规则', 'Rules') },
        { key: '/console/risk/lists', label: t('名单', 'Lists') },
      ],
    },
    can('charging:read') && {
      key: 'charging',
      label: t('充电', 'Charging'),
      children: [
        { key: '/console/charging/stations', label: t('站点', 'Stations') },
        { key: '/console/charging/sessions', label: t('会话', 'Sessions') },
        { key: '/console/charging/tariffs', label: t('电价', 'Tariffs') },
        { key: '/console/charging/revenue', label: t('收入与利用率', 'Revenue & utilization') },
      ],
    },
    op('ledger:read') && { key: '/console/ledger', label: t('账本', 'Ledger') },
    can('events:read') && { key: '/console/webhooks', label: 'Webhooks' },
    !isOperator && { key: '/console/keys', label: t('API 密钥', 'API keys') },
    op('users:admin') && { key: '/console/users', label: t('用户', 'Users') },
    op('audit:read') && { key: '/console/audit', label: t('审计日志', 'Audit log') },
  ];
  return items.filter((item): item is MenuItem => item !== false);
}

/** The longest menu key the current path starts with, so a detail page lights its list. */
function selectedKey(pathname: string): string {
  const keys = ['/console/payments', '/console/refunds', '/console/balance', '/console/merchants', '/console/customers', '/console/risk/reviews', '/console/risk/rules', '/console/risk/lists', '/console/charging/stations', '/console/charging/sessions', '/console/charging/tariffs', '/console/charging/revenue', '/console/ledger', '/console/webhooks', '/console/keys', '/console/users', '/console/audit'];
  return keys.find((key) => pathname === key || pathname.startsWith(`${key}/`)) ?? '/console';
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { user, signOut } = useConsoleSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = useMenu();
  const selected = selectedKey(location.pathname);
  const openKeys = selected.startsWith('/console/risk') ? ['risk'] : selected.startsWith('/console/charging') ? ['charging'] : [];
  const role = user?.role ?? 'support';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={0}>
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '18px 24px' }}>Paygrid</div>
        <Menu theme="dark" mode="inline" selectedKeys={[selected]} defaultOpenKeys={openKeys} items={items} onClick={({ key }) => navigate(key)} data-testid="console-menu" />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text type="secondary">{user?.role === 'merchant' ? t('商户控制台', 'Merchant console') : t('运营控制台', 'Operator console')}</Typography.Text>
          <Space size="middle">
            <span data-testid="current-user">
              {user?.name} <Tag color={role === 'merchant' ? 'blue' : 'geekblue'}>{t(...ROLE_NAMES[role])}</Tag>
            </span>
            <Segmented size="small" value={lang} onChange={(value) => setLang(value === 'en' ? 'en' : 'zh-CN')} options={[{ label: '中文', value: 'zh-CN' }, { label: 'English', value: 'en' }]} />
            <ChangePasswordButton />
            <Button size="small" onClick={() => void signOut()} data-testid="sign-out">
              {t('退出登录', 'Sign out')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
