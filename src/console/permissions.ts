/**
 * What each console role may do: the one table of it. A request made with a
 * console session is checked against it by its route pattern (Fastify's
 * `routeOptions.url`, e.g. `/v1/risk/reviews/:id/approve`) and method, after
 * authentication and before the route runs; the route's own checks (operator
 * only, a merchant's own data) still apply after it.
 *
 * The table is default-deny: a route nobody granted is refused to every role but
 * `admin`. Reads of operator routes are granted broadly (`reads:all` covers GET
 * routes added later); writes are granted route by route, so that a new
 * POST or DELETE stays an admin's until someone decides who else may call it.
 */

export const STAFF_ROLES = ['admin', 'risk_analyst', 'finance', 'support', 'station_operator'] as const;
/** Operator staff (platform-wide), and `merchant`: a merchant's own user, acting as that merchant's secret key. */
export const CONSOLE_ROLES = [...STAFF_ROLES, 'merchant'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export function isStaffRole(role: ConsoleRole): role is StaffRole {
  return role !== 'merchant';
}

/** `read`: GET and HEAD; `write`: every other method (POST, DELETE, …). */
type Access = 'read' | 'write' | 'any';
/** A route pattern exactly, or every pattern under a prefix when it ends in `/*`. */
type Pattern = string;
interface PermissionRule {
  description: string;
  grants: ReadonlyArray<readonly [Access, Pattern]>;
  /** Patterns this permission never reaches, even where a grant would match. */
  except?: readonly Pattern[];
}

/** Console user management and the audit log: an admin's alone, whoever else is granted what. */
export const CONSOLE_ADMIN_ROUTES: readonly Pattern[] = ['/v1/console/users', '/v1/console/users/*', '/v1/console/audit_log'];
/**
 * Operator routes broad reads do not reach: the above, the sandbox's recorded SMS
 * (sign-in codes: reading them is signing in as the consumer) and a merchant's key
 * roll (it shows a live secret key).
 */
const OPERATOR_ADMIN_ROUTES: readonly Pattern[] = [...CONSOLE_ADMIN_ROUTES, '/v1/test_helpers/*', '/v1/merchants/:id/roll_keys'];

export const PERMISSIONS = {
  'console:self': { description: 'Your own session: who you are, your password, signing in again and signing out', grants: [['read', '/v1/console/me'], ['write', '/v1/console/me/password'], ['write', '/v1/console/sessions'], ['write', '/v1/console/sessions/current']] },
  'reads:all': { description: 'Read every operator resource, including ones added later', grants: [['read', '/v1/*']], except: OPERATOR_ADMIN_ROUTES },
  'dashboard:read': {
    description: 'Balances and figures',
    grants: [['read', '/v1/balance'], ['read', '/v1/charging/stats'], ['read', '/v1/charging/live'], ['read', '/v1/reports/dashboard']],
  },
  'payments:read': {
    description: 'Payment intents, refunds, payment methods, payment links and top-ups',
    grants: [
      ['read', '/v1/payment_intents'],
      ['read', '/v1/payment_intents/*'],
      ['read', '/v1/refunds'],
      ['read', '/v1/refunds/*'],
      ['read', '/v1/payment_methods/*'],
      ['read', '/v1/payment_links'],
      ['read', '/v1/payment_links/*'],
      ['read', '/v1/top_ups/*'],
      ['read', '/v1/balance'],
    ],
  },
  'customers:read': { description: 'Customers and prepaid cards', grants: [['read', '/v1/customers'], ['read', '/v1/customers/*'], ['read', '/v1/prepaid_cards'], ['read', '/v1/prepaid_cards/*']] },
  'events:read': { description: 'Events and webhook endpoints', grants: [['read', '/v1/events'], ['read', '/v1/events/*'], ['read', '/v1/webhook_endpoints'], ['read', '/v1/webhook_endpoints/*'], ['read', '/v1/webhook_deliveries'], ['read', '/v1/webhook_deliveries/*']] },
  'webhooks:retry': { description: 'Send a webhook delivery again now', grants: [['write', '/v1/webhook_deliveries/:id/retry']] },
  'merchants:read': { description: 'Merchants and their fee plans', grants: [['read', '/v1/merchants'], ['read', '/v1/merchants/*']], except: OPERATOR_ADMIN_ROUTES },
  'ledger:read': { description: 'Ledger accounts, transfers and verification', grants: [['read', '/v1/ledger/*']] },
  'risk:read': { description: 'Risk rules, lists, reviews, decisions, models and disputes', grants: [['read', '/v1/risk/*'], ['read', '/v1/disputes'], ['read', '/v1/disputes/*']] },
  'charging:read': { description: 'Charging stations, tariffs, sessions, commands and enrollment', grants: [['read', '/v1/charging/*']] },
  'risk:write': { description: 'Change risk rules, lists and models; run backtests; approve or decline reviews', grants: [['write', '/v1/risk/*']] },
  'disputes:write': { description: 'Report chargebacks', grants: [['write', '/v1/disputes'], ['write', '/v1/disputes/*']] },
  'refunds:write': { description: 'Refund payments', grants: [['write', '/v1/refunds'], ['write', '/v1/refunds/*']] },
  'ledger:write': { description: 'Create ledger accounts and transfers', grants: [['write', '/v1/ledger/*']] },
  'merchants:write': { description: 'Create merchants and change their fee plans (not their keys)', grants: [['write', '/v1/merchants'], ['write', '/v1/merchants/*']], except: OPERATOR_ADMIN_ROUTES },
  'customers:unlock': { description: 'Lift a customer’s sign-in lock', grants: [['write', '/v1/customers/:id/unlock']] },
  'customers:block': {
    description: 'Block and unblock a customer or a prepaid card',
    grants: [['write', '/v1/customers/:id/block'], ['write', '/v1/customers/:id/unblock'], ['write', '/v1/prepaid_cards/:id/block'], ['write', '/v1/prepaid_cards/:id/unblock']],
  },
  'charging:write': { description: 'Run charging stations: tariffs, stations, commands, sessions, enrollment, RFID tags', grants: [['write', '/v1/charging/*']] },
  'users:admin': { description: 'Create, change and disable console users', grants: [['any', '/v1/console/users'], ['any', '/v1/console/users/*']] },
  'audit:read': { description: 'Read the audit log', grants: [['read', '/v1/console/audit_log']] },
  'merchant:api': { description: 'Everything the merchant’s own secret key may do', grants: [['any', '/v1/*']], except: CONSOLE_ADMIN_ROUTES },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

const OPERATOR_READS = ['reads:all', 'dashboard:read', 'payments:read', 'customers:read', 'events:read', 'merchants:read', 'ledger:read', 'risk:read', 'charging:read'] as const satisfies readonly Permission[];

/** Every permission but the merchant's, which stands for a merchant key and means nothing for staff. */
const ADMIN_PERMISSIONS = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p !== 'merchant:api');

export const ROLE_PERMISSIONS: Record<ConsoleRole, readonly Permission[]> = {
  admin: ADMIN_PERMISSIONS,
  risk_analyst: ['console:self', ...OPERATOR_READS, 'risk:write', 'disputes:write'],
  finance: ['console:self', ...OPERATOR_READS, 'refunds:write', 'ledger:write', 'merchants:write', 'webhooks:retry'],
  support: ['console:self', 'payments:read', 'customers:read', 'events:read', 'customers:unlock', 'customers:block', 'webhooks:retry'],
  // Merchants to choose which charging operator's stations to run (the Paygrid-Merchant header).
  station_operator: ['console:self', 'dashboard:read', 'merchants:read', 'charging:read', 'charging:write'],
  // What the merchant's console shows; what the merchant may do is its secret key's reach (`merchant:api`).
  merchant: ['console:self', 'merchant:api', 'dashboard:read', 'payments:read', 'customers:read', 'events:read', 'refunds:write', 'charging:read', 'charging:write'],
};

/** The permissions a merchant's own charging menus need only when the merchant runs stations. */
export const CHARGING_PERMISSIONS: readonly Permission[] = ['charging:read', 'charging:write'];

function matches(pattern: Pattern, route: string): boolean {
  return pattern.endsWith('/*') ? route.startsWith(pattern.slice(0, -1)) : route === pattern;
}

function accessOf(method: string): 'read' | 'write' {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

function grants(permission: Permission, access: 'read' | 'write', route: string): boolean {
  const rule: PermissionRule = PERMISSIONS[permission];
  if (rule.except?.some((p) => matches(p, route)) === true) return false;
  return rule.grants.some(([a, p]) => (a === 'any' || a === access) && matches(p, route));
}

/**
 * Whether `role` may call `method route`. An admin may call everything, routes
 * added later included; every other role only what one of its permissions grants.
 */
export function mayCall(role: ConsoleRole, method: string, route: string): boolean {
  if (role === 'admin') return true;
  const access = accessOf(method);
  return ROLE_PERMISSIONS[role].some((p) => grants(p, access, route));
}
