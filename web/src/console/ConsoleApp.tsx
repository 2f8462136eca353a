import { useI18n } from '../i18n.tsx';

/** The operator and merchant console (being built). */
export default function ConsoleApp() {
  const { t } = useI18n();
  return <h1>{t('Paygrid 管理控制台', 'Paygrid console')}</h1>;
}
