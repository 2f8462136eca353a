import { useCallback, useEffect, useRef, useState } from 'react';
import { chargingHeaders, consoleApi, must } from '../../api.ts';
import type { Session, Station } from './types.ts';

/** A station as the live view shows it: each connector with its current session (or null). */
export type LiveStation = Omit<Station, 'connectors'> & { connectors: (Station['connectors'][number] & { session?: Session | null })[] };

const POLL_MS = 5_000;

/**
 * The operator's stations, kept current: the server-sent event stream
 * GET /v1/charging/live (read with fetch, the cookie signs it in) when it
 * answers, and GET /v1/charging/stations every few seconds and on focus as the
 * backstop (a stream that fails or ends falls back to polling).
 */
export function useLiveStations(): { stations: LiveStation[] | undefined; error: unknown; live: boolean; refresh(): Promise<void> } {
  const [stations, setStations] = useState<LiveStation[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [live, setLive] = useState(false);
  const sessions = useRef(new Map<string, Session>());

  const merge = useCallback((list: Station[]) => {
    setStations((previous) => {
      const known = new Map((previous ?? []).map((s) => [s.id, s]));
      return list.map((s) => ({
        ...s,
        connectors: s.connectors.map((c) => ({ ...c, session: known.get(s.id)?.connectors.find((k) => k.id === c.id)?.session ?? null })),
      }));
    });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const page = await must(consoleApi.GET('/v1/charging/stations', { params: { query: { limit: 100 } } }));
      merge(page.data);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [merge]);

  useEffect(() => {
    const abort = new AbortController();
    let streaming = false;

    const apply = (event: string, data: string) => {
      const value = JSON.parse(data) as Record<string, unknown>;
      if (event === 'snapshot') {
        setStations((value.stations as LiveStation[]) ?? []);
        setError(undefined);
      } else if (event === 'station') {
        const station = value as unknown as Station;
        setStations((previous) => {
          const list = previous ?? [];
          const old = list.find((s) => s.id === station.id);
          const next: LiveStation = { ...station, connectors: station.connectors.map((c) => ({ ...c, session: old?.connectors.find((k) => k.id === c.id)?.session ?? null })) };
          return old === undefined ? [next, ...list] : list.map((s) => (s.id === station.id ? next : s));
        });
      } else if (event === 'session') {
        const session = value as unknown as Session;
        sessions.current.set(session.id, session);
        const current = session.status === 'starting' || session.status === 'charging' || session.status === 'finishing';
        setStations((previous) =>
          previous?.map((s) =>
            s.id !== session.station
              ? s
              : { ...s, connectors: s.connectors.map((c) => (c.id === session.connector ? { ...c, session: current ? session : c.session?.id === session.id ? null : (c.session ?? null) } : c)) },
          ),
        );
      }
    };

    const stream = async () => {
      const response = await fetch('/v1/charging/live', { credentials: 'same-origin', signal: abort.signal, headers: { accept: 'text/event-stream', ...chargingHeaders() } });
      if (!response.ok || response.body === null) throw new Error(`live: HTTP ${response.status}`);
      streaming = true;
      setLive(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length > 0) apply(event, data.join('\n'));
        }
      }
    };

    void refresh();
    stream()
      .catch(() => undefined)
      .finally(() => {
        streaming = false;
        if (!abort.signal.aborted) setLive(false);
      });
    // Polling backs the stream up (and refreshes each station's last heartbeat, which the stream does not carry): every few seconds and on focus.
    const timer = setInterval(() => void refresh(), streaming ? POLL_MS * 2 : POLL_MS);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      abort.abort();
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);

  return { stations, error, live, refresh };
}
