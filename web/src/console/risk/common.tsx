import { Alert, message } from 'antd';
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiFailure } from '../../api.ts';

/** An API error as the API said it: its code and its message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function showError(error: unknown): void {
  void message.error(errorText(error));
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} data-testid="api-error" />;
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

/** Loads on mount and when `deps` change; `reload()` loads again (keeping what is shown meanwhile). */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await run();
      if (mine === generation.current) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** "3 分钟" / "3 min": how long ago, from the browser's clock. */
export function ageText(unixSeconds: number, t: (zh: string, en: string) => string): string {
  const seconds = Math.max(0, Math.floor(Date.now() / 1000) - unixSeconds);
  if (seconds < 60) return t(`${seconds} 秒`, `${seconds} s`);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t(`${minutes} 分钟`, `${minutes} min`);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(`${hours} 小时`, `${hours} h`);
  return t(`${Math.floor(hours / 24)} 天`, `${Math.floor(hours / 24)} d`);
}
