import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * zh-CN by default, English on request (kept in this browser). Screens write
 * each text in both languages where it is used — `t('退款', 'Refund')` — so a
 * text and its translation never drift apart in separate files.
 */
export type Lang = 'zh-CN' | 'en';

const LANG_KEY = 'paygrid.lang';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(zh: string, en: string): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLang(): Lang {
  const stored = localStorage.getItem(LANG_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  const query = new URLSearchParams(window.location.search).get('lang');
  return query === 'en' ? 'en' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang(next) {
        localStorage.setItem(LANG_KEY, next);
        document.documentElement.lang = next;
        setLangState(next);
      },
      t: (zh, en) => (lang === 'en' ? en : zh),
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === undefined) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
