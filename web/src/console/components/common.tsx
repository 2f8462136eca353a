import { Alert, App, Button, Result, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiFailure } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { formatMoney, formatTime } from '../../money.ts';
import { useConsoleSession } from '../session.tsx';

/** An amount in minor units, shown exactly. */
export function Money({ amount, currency, testId, strong }: { amount: number | bigint | string; currency: string; testId?: string; strong?: boolean }) {
  const { lang } = useI18n();
  const text = formatMoney(amount, currency, lang);
  return (
    <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums', fontWeight: strong === true ? 600 : undefined, whiteSpace: 'nowrap' }}>
      {text}
    </span>
  );
}

export function Time({ value }: { value: number | null | undefined }) {
  const { lang } = useI18n();
  if (value === null || value === undefined) return <span>—</span>;
  return <span style={{ whiteSpace: 'nowrap' }}>{formatTime(value, lang)}</span>;
}

/** A monospaced id, copyable. */
export function Id({ value, to }: { value: string | null | undefined; to?: string }) {
  if (value === null || value === undefined || value === '') return <span>—</span>;
  const text = (
    <Typography.Text code copyable={{ text: value }} style={{ fontSize: 12 }}>
      {value}
    </Typography.Text>
  );
  return to === undefined ? text : <Link to={to}>{text}</Link>;
}

const STATUS_COLORS: Record<string, string> = {
  succeeded: 'green',
  active: 'green',
  enabled: 'green',
  allow: 'green',
  ok: 'green',
  processing: 'blue',
  pending: 'blue',
  requires_capture: 'gold',
  requires_action: 'orange',
  requires_confirmation: 'default',
  requires_payment_method: 'default',
  review: 'orange',
  challenge: 'orange',
  canceled: 'default',
  failed: 'red',
  block: 'red',
  blocked: 'red',
  disabled: 'default',
  refunded: 'purple',
  partially_refunded: 'purple',
};

const STATUS_ZH: Record<string, string> = {
  succeeded: '成功',
  processing: '处理中',
  pending: '待处理',
  requires_capture: '待扣款',
  requires_action: '待验证',
  requires_confirmation: '待确认',
  requires_payment_method: '待支付',
  canceled: '已取消',
  failed: '失败',
  allow: '放行',
  review: '人工审核',
  block: '拦截',
  challenge: '二次验证',
  refunded: '已退款',
  partially_refunded: '部分退款',
  active: '正常',
  blocked: '已冻结',
  enabled: '启用',
  disabled: '停用',
};

export function statusLabel(status: string, lang: string): string {
  return lang === 'en' ? status.replace(/_/g, ' ') : (STATUS_ZH[status] ?? status);
}

export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const { lang } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {statusLabel(status, lang)}
    </Tag>
  );
}

/** The state of a payment as people read it: a succeeded payment refunded in full or in part says so. */
export function paymentDisplayStatus(intent: { status: string; amount_received: number; amount_refunded: number }): string {
  if (intent.status !== 'succeeded' || intent.amount_refunded === 0) return intent.status;
  return intent.amount_refunded >= intent.amount_received ? 'refunded' : 'partially_refunded';
}

/** An API error, as the API said it: code and message. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  const failure = error instanceof ApiFailure ? error : undefined;
  const message = failure !== undefined ? `${failure.code} (HTTP ${failure.status})` : t('请求失败', 'Request failed');
  const description = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="api-error"
      title={message}
      description={description}
      style={{ marginBottom: 16 }}
      action={onRetry === undefined ? undefined : <Button size="small" onClick={onRetry}>{t('重试', 'Retry')}</Button>}
    />
  );
}

/** Shows a failed action's code and message in a toast. */
export function useShowError(): (error: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      const text = error instanceof ApiFailure ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      void message.error(text, 6);
    },
    [message],
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping what is shown meanwhile; resolves once the new answer is in. */
  reload(): Promise<void>;
}

/**
 * Loads data for a screen on mount and when `deps` change; the newest request
 * wins, and errors are kept to show. A 401 means the session ended (signed out
 * elsewhere, expired, idle): the session is asked again, which brings back the
 * sign-in page.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const session = useConsoleSession();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await run();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(failure);
      if (failure instanceof ApiFailure && failure.status === 401) void session.reload();
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [run, session.reload]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 16, gap: 16, flexWrap: 'wrap' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      <div>{extra}</div>
    </div>
  );
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title="403"
      subTitle={<span data-testid="forbidden">{t('你的角色无权访问此页面。', 'Your role may not open this page.')}</span>}
      extra={
        <Link to="/console">
          <Button type="primary">{t('返回概览', 'Back to the dashboard')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound({ what }: { what?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={<span data-testid="not-found">{what ?? t('找不到此页面或对象。', 'Nothing here: the page or object does not exist.')}</span>}
      extra={
        <Link to="/console">
          <Button type="primary">{t('返回概览', 'Back to the dashboard')}</Button>
        </Link>
      }
    />
  );
}

/** A failed load: 404 shows not-found, 403 the forbidden page, anything else the error. */
export function LoadFailure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiFailure && error.status === 404) return <NotFound />;
  if (error instanceof ApiFailure && error.status === 403) return <Forbidden />;
  return <ErrorAlert error={error} {...(onRetry === undefined ? {} : { onRetry })} />;
}
