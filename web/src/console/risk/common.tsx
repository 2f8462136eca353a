import { message } from 'antd';
import { ApiFailure } from '../../api.ts';
import { serverNowMs } from '../session.tsx';

/** An API error as the API said it: its code and its message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function showError(error: unknown): void {
  void message.error(errorText(error));
}

export { ErrorAlert, useLoad, type Loaded } from '../components/common.tsx';

/** "3 分钟" / "3 min": how long ago, by the server's clock. */
export function ageText(unixSeconds: number, t: (zh: string, en: string) => string): string {
  const seconds = Math.max(0, Math.floor(serverNowMs() / 1000) - unixSeconds);
  if (seconds < 60) return t(`${seconds} 秒`, `${seconds} s`);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t(`${minutes} 分钟`, `${minutes} min`);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(`${hours} 小时`, `${hours} h`);
  return t(`${Math.floor(hours / 24)} 天`, `${Math.floor(hours / 24)} d`);
}
