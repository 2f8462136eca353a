import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n.tsx';
import Agreements from './Agreements.tsx';
import Cards from './Cards.tsx';
import Charge from './Charge.tsx';
import Checkout from './Checkout.tsx';
import Help from './Help.tsx';
import Me from './Me.tsx';
import Scan from './Scan.tsx';
import { ConsumerSessionProvider } from './session.tsx';
import { Security, Statement, TopUp, Transfer, Wallet } from './Wallet.tsx';
import './mobile.css';

/**
 * The consumer's phone pages (/m): wallet, checkout, scan to charge, prepaid
 * cards, agreements and help, built for a 375 px wide screen with a bottom
 * tab bar. zh-CN by default, English on request.
 */
export default function MobileApp() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 10, fontSize: 15, motion: false }, components: { Button: { controlHeightLG: 48 } } }}>
      <AntApp>
        <ConsumerSessionProvider>
          <div className="m-shell">
            <main className="m-main">
              <Routes>
                <Route index element={<Wallet />} />
                <Route path="top-up" element={<TopUp />} />
                <Route path="transfer" element={<Transfer />} />
                <Route path="statement" element={<Statement />} />
                <Route path="security" element={<Security />} />
                <Route path="pay/:paymentIntentId" element={<Checkout />} />
                <Route path="scan" element={<Scan />} />
                <Route path="charge/:stationId/:connectorId" element={<Charge />} />
                <Route path="cards" element={<Cards />} />
                <Route path="agreements" element={<Agreements />} />
                <Route path="help" element={<Help />} />
                <Route path="me" element={<Me />} />
                <Route path="*" element={<Wallet />} />
              </Routes>
            </main>
            <TabBar />
          </div>
        </ConsumerSessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function TabBar() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const tabs = [
    { to: '/m', icon: '¥', label: t('钱包', 'Wallet'), active: pathname === '/m' || ['/m/top-up', '/m/transfer', '/m/statement', '/m/security'].includes(pathname) || pathname.startsWith('/m/pay/') },
    { to: '/m/scan', icon: '⚡', label: t('扫码充电', 'Charge'), active: pathname === '/m/scan' || pathname.startsWith('/m/charge/') },
    { to: '/m/cards', icon: '▭', label: t('卡券', 'Cards'), active: pathname === '/m/cards' },
    { to: '/m/me', icon: '☺', label: t('我的', 'Me'), active: ['/m/me', '/m/agreements', '/m/help'].includes(pathname) },
  ];
  return (
    <nav className="m-tabs" aria-label={t('导航', 'Navigation')}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end className={tab.active ? 'm-tab active' : 'm-tab'} aria-current={tab.active ? 'page' : undefined}>
          <span className="m-tab-icon" aria-hidden="true">
            {tab.icon}
          </span>
          <span>{tab.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}
