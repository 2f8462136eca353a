import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { components } from '../../../src/client/index.ts';
import { ApiFailure, consumerApi, consumerToken, must } from '../api.ts';

/**
 * The signed-in consumer: the session token lives in this browser's storage
 * (web/src/api.ts `consumerToken`); `me` is GET /v1/me with the wallet's
 * balances. A 401 on any reload signs the page out.
 */
export type Customer = components['schemas']['customer'];

interface ConsumerSession {
  /** undefined while loading; null when signed out. */
  me: Customer | null | undefined;
  reload(): Promise<void>;
  sendCode(phone: string): Promise<void>;
  signIn(phone: string, code: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<ConsumerSession | undefined>(undefined);

const DEVICE_KEY = 'paygrid.m.device';

/** A stable id for this browser install: sign-in protection tells new devices apart by it. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (id === null) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    id = `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export function ConsumerSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Customer | null | undefined>(consumerToken.get() === null ? null : undefined);

  const reload = useCallback(async () => {
    if (consumerToken.get() === null) {
      setMe(null);
      return;
    }
    try {
      setMe(await must(consumerApi().GET('/v1/me')));
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401) {
        consumerToken.clear();
        setMe(null);
        return;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    void reload().catch(() => setMe(null));
  }, [reload]);

  const value = useMemo<ConsumerSession>(
    () => ({
      me,
      reload,
      async sendCode(phone) {
        consumerToken.clear();
        await must(consumerApi().POST('/v1/auth/otp', { body: { phone } }));
      },
      async signIn(phone, code) {
        // A stale token must not ride along with the sign-in.
        consumerToken.clear();
        const session = await must(consumerApi().POST('/v1/auth/login', { body: { phone, code }, headers: { 'X-Device-Id': deviceId() } }));
        consumerToken.set(session.token);
        await reload();
      },
      signOut() {
        consumerToken.clear();
        setMe(null);
      },
    }),
    [me, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useConsumer(): ConsumerSession {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useConsumer outside ConsumerSessionProvider');
  return session;
}

/** The wallet balance of a currency (zero when the wallet has none yet). */
export function walletOf(me: Customer, currency = 'cny'): { available: number; held: number } {
  const found = me.wallet_balances?.find((w) => w.currency.toLowerCase() === currency);
  return { available: found?.available ?? 0, held: found?.held ?? 0 };
}
