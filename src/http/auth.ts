import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isConsoleSessionToken, mayCall, type ConsoleIdentity, type ConsoleRole, type ConsoleSession } from '../console/index.ts';
import type { ApiKeyPrincipal, ApiKeys, Sessions } from '../identity/index.ts';
import { ApiError } from './errors.ts';
import { callerOf, type RateLimiter } from './rate-limit.ts';

/** The console user behind a cookie session: for the permission check and the audit log. */
export interface StaffIdentity {
  userId: string;
  email: string;
  role: ConsoleRole;
  /** Signed in with a temporary password: only the routes of CONSOLE_PASSWORD_CHANGE_ROUTES until they choose their own. */
  mustChangePassword: boolean;
}

/** What a user who must change a temporary password may still call: who they are, the change, signing out. */
export const CONSOLE_PASSWORD_CHANGE_ROUTES: readonly string[] = ['/v1/console/me', '/v1/console/me/password', '/v1/console/sessions/current'];

/**
 * Who is calling: an API key (operator or merchant), a consumer's session (`keyId` is
 * then the session id), or a console user's cookie session, which acts as the operator
 * (staff) or as its merchant's secret key (a merchant's user), with `staff` naming the
 * user and `keyId` the console session.
 */
export type Principal = (ApiKeyPrincipal & { staff?: StaffIdentity | undefined }) | { keyId: string; role: 'consumer'; customerId: string; merchantId?: undefined; staff?: undefined };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

const BEARER = /^Bearer ([^\s]+)$/;
/** Paths that answer without a key and without counting against a limit: probes and scrapers. */
const OPERATIONAL_PATHS: ReadonlySet<string> = new Set(['/healthz', '/metrics']);
/** /v1 paths anyone may call (rate-limited by address): signing in. */
const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(['/v1/auth/otp', '/v1/auth/login', '/v1/console/sessions']);
/** The console's cookie: HttpOnly, SameSite=Strict, Path=/ (and Secure behind https). */
export const CONSOLE_COOKIE = 'paygrid_console';
/** The console's sign-in route: it records its own audit entries. */
export const CONSOLE_SIGN_IN_ROUTE = '/v1/console/sessions';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the HTTP edge needs of the console to let its cookie sessions in. */
export interface ConsoleAccess {
  console: ConsoleIdentity;
  /** The cookie is `Secure` when the public URL is https. */
  secureCookie: boolean;
  /** The public URL's origin, accepted in an `Origin` header besides the request's own host. */
  publicOrigin: string;
}

async function identify(token: string, apiKeys: ApiKeys, sessions: Sessions): Promise<Principal | undefined> {
  if (!sessions.isSessionToken(token)) return apiKeys.authenticate(token);
  const session = await sessions.authenticate(token);
  return session === undefined ? undefined : { keyId: session.sessionId, role: 'consumer', customerId: session.customerId };
}

/** A console session acts as the operator (staff) or as its merchant's secret key (a merchant's user). */
function consolePrincipal(session: ConsoleSession): Principal {
  const { user } = session;
  const staff: StaffIdentity = { userId: user.id, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword };
  if (user.role !== 'merchant') return { keyId: session.sessionId, role: 'operator', staff };
  if (user.merchantId === null) throw new Error(`console user ${user.id} is a merchant's user without a merchant`);
  return { keyId: session.sessionId, role: 'merchant_secret', merchantId: user.merchantId, staff };
}

/** The console session token in the request's cookies, if any (the first one of our name). */
function consoleTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === CONSOLE_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function consoleCookie(token: string, secure: boolean): string {
  return `${CONSOLE_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

export function clearedConsoleCookie(secure: boolean): string {
  return `${CONSOLE_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure ? '; Secure' : ''}`;
}

/**
 * Whether a request's `Origin` (if it sends one) is this server: the request's own
 * host, or the configured public URL. Browsers send Origin on every cross-site POST,
 * so a page elsewhere cannot act with the console's cookie even where SameSite fails.
 */
export function originAllowed(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.origin === publicOrigin || parsed.host === hostOf(request, parsed.protocol);
}

/** The request's Host header as a URL of `protocol` writes it (a default port dropped), or undefined. */
function hostOf(request: FastifyRequest, protocol: string): string | undefined {
  const host = request.headers.host;
  if (host === undefined || host === '') return undefined;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

/** A console cookie that names no live session ends in 401 on the API (and is cleared); one across origins in 403. */
function checkConsoleCookie(request: FastifyRequest, reply: FastifyReply, access: ConsoleAccess, path: string): void {
  if (request.principal === undefined) {
    if (!path.startsWith('/v1/') || PUBLIC_API_PATHS.has(path)) return;
    reply.header('set-cookie', clearedConsoleCookie(access.secureCookie));
    throw new ApiError('authentication_failed', 'The console session has ended (signed out, expired, or idle for 30 minutes). Sign in again.', undefined, 'session_expired');
  }
  if (!SAFE_METHODS.has(request.method) && !originAllowed(request, access.publicOrigin)) {
    throw new ApiError('permission_denied', 'Cross-origin request refused: its Origin is not this server.');
  }
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Authentication and rate limiting, both before the body is read: a caller
 * without a valid key learns nothing about the API's parameters and costs no
 * parsing. Every /v1 route needs `Authorization: Bearer <key>`, or the web
 * console's session cookie (with `consoleAccess`); keys and tokens are looked up
 * by their hashes and never logged or stored.
 */
export function registerAuth(app: FastifyInstance, apiKeys: ApiKeys, sessions: Sessions, limiter: RateLimiter, consoleAccess?: ConsoleAccess): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (OPERATIONAL_PATHS.has(path)) return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    // The console's cookie counts only on a request without an Authorization header.
    const cookieToken = header === undefined && consoleAccess !== undefined ? consoleTokenOf(request) : undefined;
    request.principal = match?.[1] === undefined ? undefined : await identify(match[1], apiKeys, sessions);
    if (cookieToken !== undefined && consoleAccess !== undefined) {
      const session = isConsoleSessionToken(cookieToken) ? await consoleAccess.console.sessions.authenticate(cookieToken) : undefined;
      request.principal = session === undefined ? undefined : consolePrincipal(session);
    }

    const decision = limiter.take(callerOf(request));
    reply.header('x-ratelimit-limit', decision.limit);
    reply.header('x-ratelimit-remaining', decision.remaining);
    reply.header('x-ratelimit-reset', decision.resetInSeconds);
    if (!decision.allowed) {
      reply.header('retry-after', decision.resetInSeconds);
      throw new ApiError('rate_limited', `Too many requests: the limit is ${decision.limit} per minute. Retry after ${decision.resetInSeconds} seconds.`);
    }

    if (cookieToken !== undefined && consoleAccess !== undefined) checkConsoleCookie(request, reply, consoleAccess, path);
    if (!path.startsWith('/v1/') || request.principal !== undefined || PUBLIC_API_PATHS.has(path)) return;
    if (header === undefined || header === '') throw new ApiError('api_key_missing', 'No API key provided. Send it as `Authorization: Bearer <key>`.');
    throw new ApiError('api_key_invalid', 'Invalid API key provided.');
  });
  if (consoleAccess !== undefined) registerConsolePermissionsAndAudit(app, consoleAccess);
}

/**
 * After authentication, a console user's request is checked against their role's
 * permissions (src/console/permissions.ts) by its route pattern; and every mutating
 * request made with a console session is written to the audit log once its answer is
 * known, refused or not. The body is never recorded: it may hold secrets.
 */
function registerConsolePermissionsAndAudit(app: FastifyInstance, access: ConsoleAccess): void {
  app.addHook('onRequest', async (request) => {
    const staff = request.principal?.staff;
    const route = request.routeOptions.url;
    // Roles govern the API; the pages and files of the web app are the same for everyone.
    if (staff === undefined || route === undefined || !route.startsWith('/v1/')) return;
    if (staff.mustChangePassword && !CONSOLE_PASSWORD_CHANGE_ROUTES.includes(route)) {
      throw new ApiError('permission_denied', 'Choose your own password first: POST /v1/console/me/password with the temporary one.', undefined, 'password_change_required');
    }
    if (mayCall(staff.role, request.method, route)) return;
    throw new ApiError('permission_denied', `The ${staff.role} role may not call ${request.method} ${route}.`);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const staff = request.principal?.staff;
    const route = request.routeOptions.url ?? null;
    if (staff === undefined || SAFE_METHODS.has(request.method) || route === CONSOLE_SIGN_IN_ROUTE) return payload;
    try {
      await access.console.audit.record({
        actor: { userId: staff.userId, email: staff.email, role: staff.role },
        action: `${request.method} ${pathOf(request)}`,
        route,
        target: targetOf(request.params),
        status: reply.statusCode,
        ip: request.ip,
      });
    } catch (error) {
      // The action has happened (or failed) already; its answer stands, and the gap is loud in the logs.
      request.log.error({ err: error, route, method: request.method }, 'audit entry not recorded');
    }
    return payload;
  });
}

/** The resource a route acted on: its `:id`, else its only path parameter. */
function targetOf(params: unknown): string | null {
  if (typeof params !== 'object' || params === null) return null;
  const values = params as Record<string, unknown>;
  const id = values.id;
  if (typeof id === 'string') return id;
  const [only, ...others] = Object.values(values);
  return typeof only === 'string' && others.length === 0 ? only : null;
}

/**
 * A merchant's own resources: its secret key, or (where `publishable` is
 * allowed, as for creating a card from a checkout page) its publishable key.
 */
export function requireMerchant(request: FastifyRequest, options: { publishable?: boolean } = {}): string {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role === 'merchant_secret') return principal.merchantId;
  if (principal.role === 'merchant_publishable' && options.publishable === true) return principal.merchantId;
  throw new ApiError('permission_denied', principal.role === 'operator' ? 'This endpoint needs a merchant secret key.' : 'A publishable key cannot use this endpoint; use the secret key.');
}

/**
 * The operator, or the merchant `merchantId` itself with its secret key. Any
 * other merchant is told the resource does not exist: a merchant's id never
 * reveals another merchant's data.
 */
export function requireOperatorOrMerchant(request: FastifyRequest, merchantId: string, resource: string): void {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role === 'operator') return;
  if (principal.role === 'merchant_secret' && principal.merchantId === merchantId) return;
  throw new ApiError('resource_missing', `No such ${resource}: '${merchantId}'.`, 'id');
}

/** The signed-in consumer's own resources (`/v1/me/…`). */
export function requireConsumer(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'Sign in first: send the session token as `Authorization: Bearer <token>`.');
  if (principal.role !== 'consumer') throw new ApiError('permission_denied', 'This endpoint needs a consumer session token (POST /v1/auth/login).');
  return principal.customerId;
}

/** Ledger and other platform routes are for the operator's keys only. */
export function requireOperator(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('api_key_missing', 'No API key provided.');
  if (principal.role !== 'operator') throw new ApiError('permission_denied', 'This endpoint needs a platform operator key.');
  return principal;
}
