import { createPaygridClient, type Middleware, type PaygridClient, type components } from '../../src/client/index.ts';

/**
 * The web app talks to the API through the typed client (src/client), so
 * every screen is checked against the OpenAPI document at build time.
 * Console pages are signed in by the `paygrid_console` cookie (same origin,
 * SameSite=Strict); the consumer pages by a session token kept in this
 * browser's storage.
 */
export type ApiErrorBody = components['schemas'] extends { Error: infer E } ? E : { error: { code: string; message: string; param?: string } };

/** A failed call, thrown by `must` so screens can show the API's own message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

/** A fresh idempotency key for every POST, so a retried click never pays twice. */
function randomKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const idempotency: Middleware = {
  onRequest({ request }) {
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomKey());
    return request;
  },
};

const CONSUMER_TOKEN_KEY = 'paygrid.m.token';

export const consumerToken = {
  get: (): string | null => localStorage.getItem(CONSUMER_TOKEN_KEY),
  set: (token: string): void => localStorage.setItem(CONSUMER_TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(CONSUMER_TOKEN_KEY),
};

/**
 * The charging operator whose stations the platform's staff are running
 * (the console's charging screens): sent as the `Paygrid-Merchant` header on
 * charging calls. A merchant's own users never set it.
 */
let actingChargingMerchant: string | undefined;

export function setActingChargingMerchant(merchantId: string | undefined): void {
  actingChargingMerchant = merchantId;
}

/** Headers a charging call needs beyond the cookie. */
export function chargingHeaders(): Record<string, string> {
  return actingChargingMerchant === undefined ? {} : { 'paygrid-merchant': actingChargingMerchant };
}

const actingMerchant: Middleware = {
  onRequest({ request }) {
    if (new URL(request.url).pathname.startsWith('/v1/charging/')) {
      for (const [name, value] of Object.entries(chargingHeaders())) request.headers.set(name, value);
    }
    return request;
  },
};

/** The console's client: the cookie signs each call in. */
export const consoleApi: PaygridClient = createPaygridClient({ baseUrl: window.location.origin, middleware: [idempotency, actingMerchant] });

/** The consumer pages' client, with the stored session token if there is one. */
export function consumerApi(): PaygridClient {
  const token = consumerToken.get();
  return createPaygridClient({ baseUrl: window.location.origin, ...(token === null ? {} : { token }), middleware: [idempotency] });
}

/**
 * The data of a call, or an ApiFailure carrying the API's error code, message
 * and offending parameter.
 */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    const body = (error ?? {}) as { error?: { code?: string; message?: string; param?: string } };
    throw new ApiFailure(response.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${response.status}`, body.error?.param);
  }
  return data;
}
