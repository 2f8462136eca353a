import { Type, type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CHARGING_PERMISSIONS,
  CONSOLE_ROLES,
  MAX_EMAIL_CHARS,
  MAX_NAME_CHARS,
  MAX_PASSWORD_CHARS,
  MIN_PASSWORD_CHARS,
  ROLE_PERMISSIONS,
  TOTP_DIGITS,
  normalizeEmail,
  type AuditEntry,
  type ConsoleIdentity,
  type ConsoleSignInResult,
  type ConsoleUser,
  type ConsoleUserFailure,
  type Permission,
  type SignInAuditAction,
} from '../../console/index.ts';
import type { Merchants } from '../../merchants/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { CONSOLE_SIGN_IN_ROUTE, clearedConsoleCookie, consoleCookie, originAllowed, type StaffIdentity } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { RateLimiter } from '../rate-limit.ts';
import { Literals, Nullable, listOf, responses } from './responses.ts';
import { PageQuery, StorableText, cursorOf, unixSeconds } from './wire.ts';

/**
 * The web console's sign-in, its users and the audit log (docs/api.md, "Console").
 * Sessions travel in the `paygrid_console` cookie; src/http/auth.ts lets them in,
 * checks each request against the role's permissions and records the audit log.
 */
export interface ConsoleRouteDependencies {
  consoleIdentity: ConsoleIdentity;
  merchants: Merchants;
  clock: Clock;
  config: { publicUrl: string };
}

/** Sign-in attempts per minute from one address, on top of each email's lock: slows guessing across many emails. */
export const CONSOLE_SIGN_INS_PER_MINUTE_PER_ADDRESS = 30;
/** Tries at one's own current password, per user: each costs a scrypt, and a stolen session must not guess it quickly. */
const CONSOLE_PASSWORD_CHANGES_PER_MINUTE_PER_USER = 5;

const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+$';
const UserIdParams = Type.Object({ id: Type.String({ pattern: '^cu_[0-9a-z]{26}$' }) });
const UserListQuery = PageQuery('^cu_[0-9a-z]{26}$');
const AuditListQuery = PageQuery('^aud_[0-9a-z]{26}$');
const Role = Literals(CONSOLE_ROLES);
const MerchantId = Type.String({ pattern: '^mch_[0-9a-z]{26}$', description: 'The merchant whose user this is (role `merchant` only).' });

const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: MAX_EMAIL_CHARS, pattern: EMAIL_PATTERN }),
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_CHARS }),
    totp_code: Type.String({ pattern: `^[0-9]{${TOTP_DIGITS}}$`, description: 'The 6-digit code the authenticator app shows now.' }),
  },
  { additionalProperties: false },
);
const CreateUserBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: MAX_EMAIL_CHARS, pattern: EMAIL_PATTERN }),
    name: StorableText({ minLength: 1, maxLength: MAX_NAME_CHARS }),
    role: Role,
    merchant_id: Type.Optional(MerchantId),
    password: Type.String({ minLength: MIN_PASSWORD_CHARS, maxLength: MAX_PASSWORD_CHARS, description: `At least ${MIN_PASSWORD_CHARS} characters.` }),
  },
  { additionalProperties: false },
);
const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(StorableText({ minLength: 1, maxLength: MAX_NAME_CHARS })),
    role: Type.Optional(Role),
    merchant_id: Type.Optional(MerchantId),
    disabled: Type.Optional(Type.Boolean({ description: 'A disabled user cannot sign in, and their sessions end at once.' })),
  },
  { additionalProperties: false },
);
const NewPassword = Type.String({ minLength: MIN_PASSWORD_CHARS, maxLength: MAX_PASSWORD_CHARS, description: `At least ${MIN_PASSWORD_CHARS} characters.` });
const ResetCredentialsBody = Type.Object({ password: NewPassword }, { additionalProperties: false });
const ChangePasswordBody = Type.Object({ current_password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_CHARS }), new_password: NewPassword }, { additionalProperties: false });

const consoleUserFields = {
  id: Type.String({ description: 'cu_…' }),
  object: Type.Literal('console_user'),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  merchant_id: Nullable(Type.String()),
  disabled: Type.Boolean(),
  must_change_password: Type.Boolean({ description: 'Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own.' }),
  created_at: Type.Integer({ description: 'Unix seconds.' }),
};
const ConsoleUserWire = Type.Object(consoleUserFields);
const ConsoleMeWire = Type.Object({
  ...consoleUserFields,
  permissions: Type.Array(Type.String(), { description: 'What the console may show this user (docs/api.md, "Roles and permissions").' }),
  server_time: Type.Integer({ description: 'The server’s clock now, in Unix milliseconds: the console reckons ages and “today” by it, not by the browser’s clock.' }),
});
const ConsoleSessionWire = Type.Object({ object: Type.Literal('console_session'), user: ConsoleUserWire, expires_at: Type.Integer({ description: 'Unix seconds: the latest the session lasts (it ends sooner after 30 idle minutes).' }) });
const SignedOutWire = Type.Object({ object: Type.Literal('console_session'), deleted: Type.Literal(true) });
const CreatedUserWire = Type.Object({
  user: ConsoleUserWire,
  totp: Type.Object(
    { secret: Type.String({ description: 'Base32, for the authenticator app.' }), otpauth_url: Type.String({ description: 'The same as an otpauth:// URL, for a QR code.' }) },
    { description: 'Shown this once: it is stored only sealed (a replay with the same Idempotency-Key answers both empty).' },
  ),
});
const AuditEntryWire = Type.Object({
  id: Type.String({ description: 'aud_…' }),
  object: Type.Literal('audit_entry'),
  actor: Type.Object({ user_id: Nullable(Type.String()), email: Type.String(), role: Nullable(Role) }, { description: 'user_id and role are null for a sign-in attempt on an email that names no user.' }),
  action: Type.String({ description: '`POST /v1/refunds`, or sign_in.succeeded, sign_in.failed, sign_in.locked, sign_in.refused_locked.' }),
  route: Nullable(Type.String({ description: 'The route pattern, e.g. /v1/risk/reviews/:id/approve.' })),
  target: Nullable(Type.String({ description: 'The route’s :id, if it has one.' })),
  status: Type.Integer({ description: 'The HTTP status of the answer.' }),
  created_at: Type.Integer({ description: 'Unix seconds.' }),
  ip: Type.String(),
});

export function consoleUserToWire(u: ConsoleUser): Record<string, unknown> {
  return { id: u.id, object: 'console_user', email: u.email, name: u.name, role: u.role, merchant_id: u.merchantId, disabled: u.disabled, must_change_password: u.mustChangePassword, created_at: unixSeconds(u.createdAtMs) };
}

function auditEntryToWire(e: AuditEntry): Record<string, unknown> {
  return {
    id: e.id,
    object: 'audit_entry',
    actor: { user_id: e.actor.userId, email: e.actor.email, role: e.actor.role },
    action: e.action,
    route: e.route,
    target: e.target,
    status: e.status,
    created_at: unixSeconds(e.createdAtMs),
    ip: e.ip,
  };
}

/**
 * A saved response for Idempotency-Key replays must not hold the TOTP secret in clear:
 * a replay answers the user with the secret and its URL empty.
 */
function withoutTotpSecret(body: string): string {
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || !('totp' in parsed)) return body;
  return JSON.stringify({ ...parsed, totp: { secret: '', otpauth_url: '' } });
}

/** `passwordParam`: where the password being set was sent (`password`, or `new_password` when changing one's own). */
function userFailure(failure: ConsoleUserFailure, passwordParam = 'password'): ApiError {
  switch (failure) {
    case 'email_invalid':
      return new ApiError('parameter_invalid', 'Invalid email address.', 'email');
    case 'email_taken':
      return new ApiError('resource_already_exists', 'A console user with this email exists already.', 'email', 'email_taken');
    case 'name_invalid':
      return new ApiError('parameter_invalid', `A name has 1 to ${MAX_NAME_CHARS} characters besides spaces.`, 'name');
    case 'password_too_short':
      return new ApiError('parameter_invalid', `A password has at least ${MIN_PASSWORD_CHARS} characters.`, passwordParam, failure);
    case 'password_too_long':
      return new ApiError('parameter_invalid', `A password has at most ${MAX_PASSWORD_CHARS} characters.`, passwordParam, failure);
    case 'merchant_required':
      return new ApiError('parameter_missing', 'A user with role `merchant` needs `merchant_id`.', 'merchant_id');
    case 'merchant_not_allowed':
      return new ApiError('parameter_invalid', 'Only a user with role `merchant` has a `merchant_id`.', 'merchant_id');
    case 'merchant_not_found':
      return new ApiError('resource_missing', 'No such merchant.', 'merchant_id');
    case 'user_not_found':
      return new ApiError('resource_missing', 'No such console user.', 'id');
    case 'last_admin':
      return new ApiError('parameter_invalid', 'This is the last enabled admin: make another user admin first.', 'role', failure);
    case 'password_incorrect':
      return new ApiError('parameter_invalid', 'The current password is not right.', 'current_password', failure);
  }
}

/** The console user of the request's cookie session. */
function requireConsoleUser(request: FastifyRequest): StaffIdentity {
  const staff = request.principal?.staff;
  if (staff === undefined) throw new ApiError('permission_denied', 'This endpoint needs a console session (sign in with POST /v1/console/sessions).');
  return staff;
}

/** User management and the audit log are an admin's, in the console; API keys never reach them. */
function requireConsoleAdmin(request: FastifyRequest): StaffIdentity {
  const staff = requireConsoleUser(request);
  if (staff.role !== 'admin') throw new ApiError('permission_denied', `The ${staff.role} role may not manage console users or read the audit log.`);
  return staff;
}

export function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleRouteDependencies): void {
  registerSessionRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerCredentialResets(app, deps);
  registerAuditRoutes(app, deps);
}

function registerSessionRoutes(app: FastifyInstance, deps: ConsoleRouteDependencies): void {
  const tags = ['Console'];
  const secure = deps.config.publicUrl.startsWith('https:');
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  const limiter = new RateLimiter(CONSOLE_SIGN_INS_PER_MINUTE_PER_ADDRESS, () => deps.clock.nowMs());
  const passwordChanges = new RateLimiter(CONSOLE_PASSWORD_CHANGES_PER_MINUTE_PER_USER, () => deps.clock.nowMs());
  const { consoleIdentity } = deps;

  app.post(CONSOLE_SIGN_IN_ROUTE, {
    schema: { tags, summary: 'Sign in to the console with email, password and TOTP code; sets the paygrid_console cookie', security: [], body: SignInBody, response: responses(ConsoleSessionWire, 'Signed in: the session cookie is set') },
    handler: async (request, reply) => {
      // A sign-in from another site's page would sign the browser in as someone else.
      if (!originAllowed(request, publicOrigin)) throw new ApiError('permission_denied', 'Cross-origin sign-in refused: its Origin is not this server.');
      const taken = limiter.take(`ip:${request.ip}`);
      if (!taken.allowed) {
        reply.header('retry-after', taken.resetInSeconds);
        throw new ApiError('rate_limited', `Too many sign-in attempts from this address; retry in ${taken.resetInSeconds} seconds.`);
      }
      const body = request.body as Static<typeof SignInBody>;
      const signedIn = await consoleIdentity.signIn.signIn(body.email, body.password, body.totp_code);
      await recordSignIn(consoleIdentity, request, body.email, signedIn);
      if (signedIn.result === 'account_locked') {
        reply.header('retry-after', signedIn.retryAfterSeconds);
        const until = new Date(signedIn.lockedUntilMs).toISOString();
        throw new ApiError('permission_denied', `Too many failed sign-ins: this account is locked until ${until}. Retry in ${signedIn.retryAfterSeconds} seconds.`, undefined, 'account_locked');
      }
      if (signedIn.result === 'invalid_credentials') throw new ApiError('authentication_failed', 'The email, password or code is not right.', undefined, 'invalid_credentials');
      reply.header('set-cookie', consoleCookie(signedIn.session.token, secure));
      reply.header('cache-control', 'no-store');
      return { object: 'console_session', user: consoleUserToWire(signedIn.user), expires_at: unixSeconds(signedIn.session.expiresAtMs) };
    },
  });

  app.get('/v1/console/me', {
    schema: { tags, summary: 'The signed-in console user and what they may do', response: responses(ConsoleMeWire, 'The user and their permissions') },
    handler: async (request) => {
      const staff = requireConsoleUser(request);
      const user = await consoleIdentity.users.get(staff.userId);
      if (user === undefined) throw new ApiError('resource_missing', 'No such console user.');
      return { ...consoleUserToWire(user), permissions: await permissionsOf(user, deps.merchants), server_time: deps.clock.nowMs() };
    },
  });

  app.post('/v1/console/me/password', {
    schema: {
      tags,
      summary: 'Change your own console password with the current one; your other sessions end, this one stays',
      body: ChangePasswordBody,
      response: responses(ConsoleUserWire, 'The user, with the new password in force'),
    },
    handler: async (request, reply) => {
      const staff = requireConsoleUser(request);
      const taken = passwordChanges.take(staff.userId);
      if (!taken.allowed) {
        reply.header('retry-after', taken.resetInSeconds);
        throw new ApiError('rate_limited', `Too many password changes; retry in ${taken.resetInSeconds} seconds.`);
      }
      const sessionId = request.principal?.keyId;
      const user = await consoleIdentity.users.get(staff.userId);
      if (user === undefined || sessionId === undefined) throw new ApiError('resource_missing', 'No such console user.');
      const body = request.body as Static<typeof ChangePasswordBody>;
      const changed = await consoleIdentity.changePassword({ sessionId, user }, body.current_password, body.new_password);
      if ('failure' in changed) throw userFailure(changed.failure, 'new_password');
      return consoleUserToWire(changed.user);
    },
  });

  app.delete('/v1/console/sessions/current', {
    schema: { tags, summary: 'Sign out: ends the console session and clears its cookie', response: responses(SignedOutWire, 'Signed out') },
    handler: async (request, reply) => {
      requireConsoleUser(request);
      const sessionId = request.principal?.keyId;
      if (sessionId !== undefined) await consoleIdentity.sessions.revoke(sessionId);
      reply.header('set-cookie', clearedConsoleCookie(secure));
      return { object: 'console_session', deleted: true };
    },
  });
}

/** The role's permissions; a merchant's charging menus only for a charging operator. */
async function permissionsOf(user: ConsoleUser, merchants: Merchants): Promise<Permission[]> {
  const all = [...ROLE_PERMISSIONS[user.role]];
  if (user.merchantId === null) return all;
  const merchant = await merchants.get(user.merchantId);
  return merchant?.category === 'ev_charging' ? all : all.filter((p) => !CHARGING_PERMISSIONS.includes(p));
}

const SIGN_IN_ACTIONS: Record<ConsoleSignInResult['result'], (r: ConsoleSignInResult) => SignInAuditAction> = {
  ok: () => 'sign_in.succeeded',
  invalid_credentials: () => 'sign_in.failed',
  account_locked: (r) => (r.result === 'account_locked' && r.justLocked ? 'sign_in.locked' : 'sign_in.refused_locked'),
};
const SIGN_IN_STATUS: Record<ConsoleSignInResult['result'], number> = { ok: 200, invalid_credentials: 401, account_locked: 403 };

/** Every sign-in attempt is in the audit log, by the email typed (never the password or the code). */
async function recordSignIn(consoleIdentity: ConsoleIdentity, request: FastifyRequest, email: string, result: ConsoleSignInResult): Promise<void> {
  const user = result.user;
  await consoleIdentity.audit.record({
    actor: { userId: user?.id ?? null, email: user?.email ?? normalizeEmail(email), role: user?.role ?? null },
    action: SIGN_IN_ACTIONS[result.result](result),
    route: CONSOLE_SIGN_IN_ROUTE,
    target: null,
    status: SIGN_IN_STATUS[result.result],
    ip: request.ip,
  });
}

function registerUserRoutes(app: FastifyInstance, { consoleIdentity }: ConsoleRouteDependencies): void {
  const tags = ['Console'];
  app.post('/v1/console/users', {
    schema: { tags, summary: 'Create a console user (admin); answers their TOTP secret, this once', body: CreateUserBody, response: responses(CreatedUserWire, 'The user and their authenticator secret') },
    config: { redactSavedResponse: withoutTotpSecret },
    handler: async (request, reply) => {
      requireConsoleAdmin(request);
      const body = request.body as Static<typeof CreateUserBody>;
      const created = await consoleIdentity.users.create({ email: body.email, name: body.name, role: body.role, merchantId: body.merchant_id, password: body.password });
      if ('failure' in created) throw userFailure(created.failure);
      reply.header('cache-control', 'no-store');
      return { user: consoleUserToWire(created.user), totp: { secret: created.totp.secret, otpauth_url: created.totp.otpauthUrl } };
    },
  });

  app.get('/v1/console/users', {
    schema: { tags, summary: 'List console users (admin), newest first', querystring: UserListQuery, response: responses(listOf(ConsoleUserWire), 'A page of users') },
    handler: async (request) => {
      requireConsoleAdmin(request);
      const query = request.query as Static<typeof UserListQuery>;
      const page = await consoleIdentity.users.list({ limit: query.limit ?? 10, ...cursorOf(query) });
      return { object: 'list', url: '/v1/console/users', has_more: page.hasMore, data: page.users.map(consoleUserToWire) };
    },
  });

  app.get('/v1/console/users/:id', {
    schema: { tags, summary: 'Retrieve a console user (admin)', params: UserIdParams, response: responses(ConsoleUserWire, 'The user') },
    handler: async (request) => {
      requireConsoleAdmin(request);
      const user = await consoleIdentity.users.get((request.params as Static<typeof UserIdParams>).id);
      if (user === undefined) throw userFailure('user_not_found');
      return consoleUserToWire(user);
    },
  });

  app.post('/v1/console/users/:id', {
    schema: { tags, summary: 'Change a console user’s name or role, or disable them (admin)', params: UserIdParams, body: UpdateUserBody, response: responses(ConsoleUserWire, 'The user') },
    handler: async (request) => {
      requireConsoleAdmin(request);
      const body = request.body as Static<typeof UpdateUserBody>;
      const updated = await consoleIdentity.users.update((request.params as Static<typeof UserIdParams>).id, { name: body.name, role: body.role, merchantId: body.merchant_id, disabled: body.disabled });
      if ('failure' in updated) throw userFailure(updated.failure);
      return consoleUserToWire(updated.user);
    },
  });
}

function registerCredentialResets(app: FastifyInstance, { consoleIdentity }: ConsoleRouteDependencies): void {
  app.post('/v1/console/users/:id/reset_credentials', {
    schema: {
      tags: ['Console'],
      summary: 'Reset a console user who lost their password or authenticator (admin): a new password and a new TOTP secret (answered this once); their sessions end and a sign-in lock is lifted',
      params: UserIdParams,
      body: ResetCredentialsBody,
      response: responses(CreatedUserWire, 'The user and their new authenticator secret'),
    },
    config: { redactSavedResponse: withoutTotpSecret },
    handler: async (request, reply) => {
      requireConsoleAdmin(request);
      const body = request.body as Static<typeof ResetCredentialsBody>;
      const reset = await consoleIdentity.resetCredentials((request.params as Static<typeof UserIdParams>).id, body.password);
      if ('failure' in reset) throw userFailure(reset.failure);
      reply.header('cache-control', 'no-store');
      return { user: consoleUserToWire(reset.user), totp: { secret: reset.totp.secret, otpauth_url: reset.totp.otpauthUrl } };
    },
  });
}

function registerAuditRoutes(app: FastifyInstance, { consoleIdentity }: ConsoleRouteDependencies): void {
  app.get('/v1/console/audit_log', {
    schema: { tags: ['Console'], summary: 'The audit log (admin): every privileged console action and sign-in, newest first', querystring: AuditListQuery, response: responses(listOf(AuditEntryWire), 'A page of entries') },
    handler: async (request) => {
      requireConsoleAdmin(request);
      const query = request.query as Static<typeof AuditListQuery>;
      const page = await consoleIdentity.audit.list({ limit: query.limit ?? 10, ...cursorOf(query) });
      return { object: 'list', url: '/v1/console/audit_log', has_more: page.hasMore, data: page.entries.map(auditEntryToWire) };
    },
  });
}
