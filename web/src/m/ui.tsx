import { Alert, Button, Input, Space } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { ApiFailure } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { useConsumer } from './session.tsx';

/** The API's own words for a failure: "message (code)". */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** An API error shown where it happened; never swallowed. */
export function ErrorAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  if (error === undefined || error === null) return null;
  return <Alert className="m-alert" type="error" showIcon role="alert" data-testid="error" title={errorText(error)} {...(onClose === undefined ? {} : { closable: { onClose } })} />;
}

/**
 * A page's form actions, one at a time: `run(work)` clears the last error,
 * marks the page busy, keeps what `work` threw to show (after `onFailure`, for
 * clearing a typed password, say) and always ends busy.
 */
export function useAction(): { busy: boolean; error: unknown; setError(error: unknown): void; run(work: () => Promise<void>, onFailure?: (error: unknown) => void): Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (work: () => Promise<void>, onFailure?: (error: unknown) => void) => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      onFailure?.(e);
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** A section of a phone page: a titled white card. */
export function Panel({ title, extra, children, testId, stopRequested }: { title?: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string; stopRequested?: boolean }) {
  return (
    <section className="m-panel" data-testid={testId} data-stop-requested={stopRequested === undefined ? undefined : String(stopRequested)}>
      {title === undefined ? null : (
        <header className="m-panel-head">
          <h2>{title}</h2>
          {extra}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageTitle({ children, back }: { children: ReactNode; back?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="m-title">
      {back === undefined ? null : (
        <Button type="text" onClick={back} aria-label={t('返回', 'Back')} className="m-back">
          ‹
        </Button>
      )}
      <h1>{children}</h1>
    </div>
  );
}

/** Sign-in with the phone and a one-time code sent by SMS. */
export function SignIn({ intro }: { intro?: ReactNode }) {
  const { t } = useI18n();
  const { sendCode, signIn } = useConsumer();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();

  const send = () =>
    run(async () => {
      await sendCode(phone.trim());
      setSent(true);
    });
  const login = () => run(() => signIn(phone.trim(), code.trim()));
  return (
    <Panel title={t('手机号登录', 'Sign in with your phone')} testId="sign-in">
      {intro}
      <Space orientation="vertical" size="middle" className="m-full">
        <label className="m-label">
          {t('手机号', 'Phone number')}
          <Input size="large" id="m-phone" inputMode="tel" autoComplete="tel" placeholder="13800138000" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        <Button size="large" block onClick={send} loading={busy && !sent} disabled={phone.trim() === ''} id="m-send-code">
          {sent ? t('重新发送验证码', 'Send the code again') : t('获取验证码', 'Send code')}
        </Button>
        {sent ? <Alert type="success" showIcon title={t('验证码已发送，5 分钟内有效', 'Code sent; it is valid for 5 minutes')} /> : null}
        <label className="m-label">
          {t('验证码', 'Code')}
          <Input size="large" id="m-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <Button size="large" type="primary" block onClick={login} loading={busy && sent} disabled={code.trim().length !== 6} id="m-sign-in">
          {t('登录', 'Sign in')}
        </Button>
        <ErrorAlert error={error} />
      </Space>
    </Panel>
  );
}

/** A six-digit payment password field with large digits. */
export function PasswordInput({ id, value, onChange, placeholder }: { id: string; value: string; onChange(v: string): void; placeholder?: string }) {
  return (
    <Input.Password
      size="large"
      id={id}
      inputMode="numeric"
      autoComplete="off"
      maxLength={6}
      value={value}
      placeholder={placeholder ?? '••••••'}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
      className="m-pin"
    />
  );
}

/** The big round mark of a result: done, failed, waiting or a warning (drawn, so no emoji font is needed). */
export function StateIcon({ kind }: { kind: 'ok' | 'bad' | 'wait' | 'warn' }) {
  const color = { ok: '#00a870', bad: '#d54941', wait: '#1677ff', warn: '#e37318' }[kind];
  return (
    <svg className="m-state-icon" width="56" height="56" viewBox="0 0 56 56" aria-hidden="true">
      <circle cx="28" cy="28" r="28" fill={color} />
      {kind === 'ok' ? <path d="M16 29l8 8 16-17" stroke="#fff" strokeWidth="5" fill="none" strokeLinecap="round" strokeLinejoin="round" /> : null}
      {kind === 'bad' ? <path d="M19 19l18 18M37 19L19 37" stroke="#fff" strokeWidth="5" strokeLinecap="round" /> : null}
      {kind === 'wait' ? <path d="M28 15v14l9 6" stroke="#fff" strokeWidth="5" fill="none" strokeLinecap="round" strokeLinejoin="round" /> : null}
      {kind === 'warn' ? <path d="M28 14v18M28 41v1" stroke="#fff" strokeWidth="5" strokeLinecap="round" /> : null}
    </svg>
  );
}
