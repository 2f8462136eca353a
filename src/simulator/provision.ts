import { createHmac } from 'node:crypto';
import type { StationCredentials } from './fleet.ts';

/**
 * Registers the simulator's stations (`SIM-0001` … `SIM-N`) with a charging
 * operator's secret key, through the public HTTP API as any operator would.
 * Each station's basic-auth password is derived from the key and the station
 * id, so a second run finds its stations registered and connects with the
 * same passwords without storing anything.
 */

/** base64url(HMAC-SHA256(apiKey, 'paygrid-sim:' + stationId)), cut to 32 characters (OCPP 1.6 allows 16 to 40). */
export function stationPassword(apiKey: string, stationId: string): string {
  return createHmac('sha256', apiKey).update(`paygrid-sim:${stationId}`, 'utf8').digest('base64url').slice(0, 32);
}

/** SIM-0001, SIM-0002, …: four digits, more when the fleet needs them. */
export function simulatorStationIds(count: number): string[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`count must be a positive whole number, got ${count}`);
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => `SIM-${String(i + 1).padStart(width, '0')}`);
}

export interface ProvisionOptions {
  /** The Paygrid API's base URL, http://host:port. */
  httpUrl: string;
  /** The charging operator's secret key. */
  apiKey: string;
  stationIds: readonly string[];
  /** The tariff new stations get (`ctf_…`); without it, the first in the operator's GET /v1/charging/tariffs (the newest). */
  tariffId?: string;
  timeZone?: string;
  connectors?: ReadonlyArray<{ id: number; type: string; maxPowerW: number }>;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  fetch?: typeof fetch;
  onProgress?: (done: number, total: number) => void;
}

export type ProvisionResult =
  | { ok: true; stations: StationCredentials[]; registered: number; existing: number }
  | { ok: false; problem: 'tariff_required' | 'api_key_rejected' | 'not_a_charging_operator' | 'station_id_taken' | 'http_error'; message: string };

const DEFAULT_CONNECTORS = [
  { id: 1, type: 'GB/T DC', maxPowerW: 120_000 },
  { id: 2, type: 'GB/T DC', maxPowerW: 120_000 },
] as const;
/** Tries of one request answered 429 (rate limited), waiting as Retry-After says. */
const MAX_RATE_LIMITED_TRIES = 5;
const MAX_RETRY_AFTER_S = 60;

class ProvisionError extends Error {
  constructor(
    readonly problem: Exclude<ProvisionResult, { ok: true }>['problem'],
    message: string,
  ) {
    super(message);
  }
}

interface Api {
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

function api(options: ProvisionOptions): Api {
  const doFetch = options.fetch ?? fetch;
  const base = options.httpUrl.replace(/\/+$/, '');
  return {
    async request(method, path, body) {
      for (let attempt = 1; ; attempt += 1) {
        const response = await doFetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${options.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (response.status === 429 && attempt < MAX_RATE_LIMITED_TRIES) {
          const waitS = Math.min(Number(response.headers.get('retry-after') ?? '1') || 1, MAX_RETRY_AFTER_S);
          await new Promise((resolve) => setTimeout(resolve, waitS * 1_000));
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { text };
        }
        return { status: response.status, body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {} };
      }
    },
  };
}

function failure(status: number, body: Record<string, unknown>, what: string): ProvisionError {
  const error = (body.error ?? {}) as { code?: unknown; message?: unknown };
  const message = `${what}: HTTP ${status} ${String(error.message ?? JSON.stringify(body))}`;
  if (status === 401) return new ProvisionError('api_key_rejected', message);
  if (status === 403) return new ProvisionError('not_a_charging_operator', message);
  if (status === 409) return new ProvisionError('station_id_taken', `${message} (the id belongs to another operator)`);
  return new ProvisionError('http_error', message);
}

/** Runs `work` over `items` with at most `concurrency` at once. */
async function eachBounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/** The tariff for new stations: the one given, or the operator's first. */
async function resolveTariff(client: Api, options: ProvisionOptions): Promise<string> {
  if (options.tariffId !== undefined) return options.tariffId;
  const listed = await client.request('GET', '/v1/charging/tariffs?limit=1');
  const first = Array.isArray(listed.body.data) ? (listed.body.data[0] as { id?: unknown } | undefined) : undefined;
  if (listed.status === 200 && typeof first?.id === 'string') return first.id;
  if (listed.status === 401 || listed.status === 403) throw failure(listed.status, listed.body, 'listing tariffs');
  throw new ProvisionError('tariff_required', 'Stations must be registered with a tariff, and this operator has none (or this server cannot list them): create one (POST /v1/charging/tariffs) or pass --tariff ctf_….');
}

/** Finds which stations exist, registers the missing ones, and returns every station's credentials. */
export async function provisionStations(options: ProvisionOptions): Promise<ProvisionResult> {
  const client = api(options);
  const concurrency = options.concurrency ?? 8;
  const total = options.stationIds.length * 2;
  let done = 0;
  const progress = (): void => options.onProgress?.(++done, total);
  try {
    const missing: string[] = [];
    await eachBounded(options.stationIds, concurrency, async (id) => {
      const found = await client.request('GET', `/v1/charging/stations/${encodeURIComponent(id)}`);
      if (found.status === 404) missing.push(id);
      else if (found.status !== 200) throw failure(found.status, found.body, `looking up station ${id}`);
      progress();
    });
    const tariff = missing.length === 0 ? undefined : await resolveTariff(client, options);
    await eachBounded(missing, concurrency, async (id) => {
      const body = {
        id,
        name: `Simulated station ${id}`,
        timezone: options.timeZone ?? 'Asia/Shanghai',
        tariff,
        password: stationPassword(options.apiKey, id),
        connectors: (options.connectors ?? DEFAULT_CONNECTORS).map((c) => ({ id: c.id, type: c.type, max_power_w: c.maxPowerW })),
      };
      const created = await client.request('POST', '/v1/charging/stations', body);
      if (created.status !== 200) throw failure(created.status, created.body, `registering station ${id}`);
      progress();
    });
    const stations = options.stationIds.map((id) => ({ id, password: stationPassword(options.apiKey, id) }));
    return { ok: true, stations, registered: missing.length, existing: options.stationIds.length - missing.length };
  } catch (error) {
    if (error instanceof ProvisionError) return { ok: false, problem: error.problem, message: error.message };
    throw error;
  }
}
