import { Button } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n.tsx';
import { useConsumer } from './session.tsx';
import { PageTitle, Panel } from './ui.tsx';
import { SignedIn } from './Wallet.tsx';

/** /m/me: who is signed in, settings, language, help and sign-out. */
export default function Me() {
  const { t, lang, setLang } = useI18n();
  const { me, signOut } = useConsumer();
  return (
    <>
      <PageTitle>{t('我的', 'Me')}</PageTitle>
      <SignedIn>
        {me ? (
          <Panel>
            <div className="m-amount small" data-testid="me-phone">
              {me.phone}
            </div>
            <div className="m-muted">{me.name === '' ? me.id : `${me.name} · ${me.id}`}</div>
          </Panel>
        ) : null}
        <Panel>
          <Link className="m-row" to="/m/security" style={{ color: 'inherit' }}>
            <span>{t('支付密码与限额', 'Payment password and limits')}</span>
            <span>{me?.has_payment_password ? t('已设置', 'Set') : t('未设置', 'Not set')} ›</span>
          </Link>
          <Link className="m-row" to="/m/agreements" style={{ color: 'inherit' }}>
            <span>{t('免密支付协议', 'Auto-pay agreements')}</span>
            <span>›</span>
          </Link>
          <Link className="m-row" to="/m/statement" style={{ color: 'inherit' }}>
            <span>{t('账单', 'Statement')}</span>
            <span>›</span>
          </Link>
        </Panel>
      </SignedIn>
      <Panel>
        <Link className="m-row" to="/m/help" style={{ color: 'inherit' }}>
          <span>{t('帮助与联系', 'Help and contact')}</span>
          <span>›</span>
        </Link>
        <div className="m-row">
          <span>{t('语言', 'Language')}</span>
          <span className="m-lang">
            <Button type={lang === 'zh-CN' ? 'primary' : 'default'} onClick={() => setLang('zh-CN')}>
              中文
            </Button>
            <Button type={lang === 'en' ? 'primary' : 'default'} onClick={() => setLang('en')}>
              English
            </Button>
          </span>
        </div>
      </Panel>
      {me ? (
        <Button size="large" block danger onClick={signOut} id="m-sign-out">
          {t('退出登录', 'Sign out')}
        </Button>
      ) : null}
    </>
  );
}
