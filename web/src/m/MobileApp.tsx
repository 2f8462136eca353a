import { useI18n } from '../i18n.tsx';

/** The consumer's phone pages (being built). */
export default function MobileApp() {
  const { t } = useI18n();
  return <h1>{t('我的钱包', 'My wallet')}</h1>;
}
