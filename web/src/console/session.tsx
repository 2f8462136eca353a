import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * Who is signed in to the console, and what they may do. The server decides
 * (every API call is checked against the role); the console only hides what
 * the role cannot use. Signed in by the `paygrid_console` cookie
 * (POST /v1/console/sessions with email, password and a TOTP code).
 */
export type StaffRole = 'admin' | 'risk_analyst' | 'finance' | 'support' | 'station_operator' | 'merchant';

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  merchant_id: string | null;
  permissions: string[];
  /** Signed in with a temporary password: the console shows only the form to choose their own. */
  must_change_password: boolean;
  /** The server's clock when this was read, Unix milliseconds. */
  server_time: number;
}

interface ConsoleSession {
  /** undefined while loading, null when signed out. */
  user: ConsoleUser | null | undefined;
  /** Operator staff see the whole platform; a merchant user only its own merchant. */
  isOperator: boolean;
  can(permission: string): boolean;
  signIn(email: string, password: string, totpCode: string): Promise<void>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<ConsoleSession | undefined>(undefined);

/** Raised by signIn with the API's code (invalid_credentials, account_locked, rate_limited…) and message. */
export class SignInFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * Whether this browser signed in and has not signed out since. The cookie is
 * HttpOnly, so the page cannot see it; without this hint a signed-out visit
 * would ask /v1/console/me only to be refused (a 401 in the browser's console).
 */
const SIGNED_IN_HINT = 'paygrid.console.signed_in';

/** How far the server's clock is ahead of this browser's, from the last GET /v1/console/me. */
let serverClockOffsetMs = 0;

/**
 * Now, by the server's clock (as of the last sign-in check): ages, "today" and
 * default date ranges follow the server, whatever the laptop's clock says.
 */
export function serverNowMs(): number {
  return Date.now() + serverClockOffsetMs;
}

async function fetchMe(): Promise<ConsoleUser | null> {
  if (localStorage.getItem(SIGNED_IN_HINT) === null) return null;
  const response = await fetch('/v1/console/me', { credentials: 'same-origin' });
  if (response.status === 401 || response.status === 403) {
    localStorage.removeItem(SIGNED_IN_HINT);
    return null;
  }
  if (!response.ok) throw new Error(`GET /v1/console/me: HTTP ${response.status}`);
  const me = (await response.json()) as ConsoleUser;
  serverClockOffsetMs = me.server_time - Date.now();
  return me;
}

export function ConsoleSessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<ConsoleUser | null | undefined>(undefined);
  const reload = useCallback(async () => setUser(await fetchMe()), []);
  useEffect(() => {
    reload().catch(() => setUser(null));
  }, [reload]);

  const value = useMemo<ConsoleSession>(
    () => ({
      user,
      isOperator: user !== null && user !== undefined && user.role !== 'merchant',
      can: (permission) => user?.permissions.includes(permission) ?? false,
      async signIn(email, password, totpCode) {
        const response = await fetch('/v1/console/sessions', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password, totp_code: totpCode }),
        });
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
          const retryAfter = Number(response.headers.get('retry-after'));
          throw new SignInFailure(body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
        }
        localStorage.setItem(SIGNED_IN_HINT, '1');
        await reload();
      },
      async signOut() {
        await fetch('/v1/console/sessions/current', { method: 'DELETE', credentials: 'same-origin' });
        localStorage.removeItem(SIGNED_IN_HINT);
        setUser(null);
      },
      reload,
    }),
    [user, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useConsoleSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useConsoleSession outside ConsoleSessionProvider');
  return session;
}
