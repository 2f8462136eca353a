import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { CONSOLE_ROLES, PERMISSIONS, ROLE_PERMISSIONS, mayCall, type ConsoleRole } from '../../src/console/index.ts';

/**
 * The permission table as a scenario table: each row a role, a method and a route
 * pattern (as Fastify names it), and whether the console lets the request through
 * to the route (which may still refuse it with its own checks).
 */
const SCENARIOS: Array<[ConsoleRole, 'GET' | 'POST' | 'DELETE', string, boolean]> = [
  ['admin', 'POST', '/v1/console/users', true],
  ['admin', 'POST', '/v1/some/route/added/later', true],
  ['admin', 'GET', '/v1/test_helpers/sms', true],

  ['risk_analyst', 'POST', '/v1/risk/reviews/:id/approve', true],
  ['risk_analyst', 'POST', '/v1/risk/rules', true],
  ['risk_analyst', 'DELETE', '/v1/risk/list_entries/:id', true],
  ['risk_analyst', 'POST', '/v1/disputes', true],
  ['risk_analyst', 'GET', '/v1/ledger/verify', true],
  ['risk_analyst', 'GET', '/v1/a/read/added/later', true],
  ['risk_analyst', 'POST', '/v1/refunds', false],
  ['risk_analyst', 'POST', '/v1/ledger/transfers', false],
  ['risk_analyst', 'POST', '/v1/a/write/added/later', false],
  ['risk_analyst', 'GET', '/v1/console/users', false],
  ['risk_analyst', 'GET', '/v1/console/audit_log', false],
  ['risk_analyst', 'GET', '/v1/test_helpers/sms', false],
  ['risk_analyst', 'GET', '/v1/console/me', true],
  ['risk_analyst', 'DELETE', '/v1/console/sessions/current', true],

  ['finance', 'POST', '/v1/refunds', true],
  ['finance', 'POST', '/v1/ledger/accounts', true],
  ['finance', 'POST', '/v1/merchants', true],
  ['finance', 'POST', '/v1/merchants/:id/roll_keys', false],
  ['finance', 'POST', '/v1/risk/rules', false],
  ['finance', 'GET', '/v1/risk/reviews', true],

  ['support', 'GET', '/v1/payment_intents/:id', true],
  ['support', 'GET', '/v1/customers/:id', true],
  ['support', 'GET', '/v1/events', true],
  ['support', 'POST', '/v1/customers/:id/unlock', true],
  ['support', 'POST', '/v1/prepaid_cards/:id/block', true],
  ['support', 'GET', '/v1/ledger/verify', false],
  ['support', 'GET', '/v1/risk/reviews', false],
  ['support', 'POST', '/v1/refunds', false],
  ['support', 'POST', '/v1/customers', false],

  ['station_operator', 'GET', '/v1/charging/stats', true],
  ['station_operator', 'POST', '/v1/charging/stations/:id/commands', true],
  ['station_operator', 'GET', '/v1/balance', true],
  ['station_operator', 'GET', '/v1/ledger/verify', false],
  ['station_operator', 'POST', '/v1/refunds', false],

  ['merchant', 'POST', '/v1/refunds', true],
  ['merchant', 'POST', '/v1/payment_intents', true],
  ['merchant', 'GET', '/v1/ledger/verify', true],
  ['merchant', 'POST', '/v1/a/write/added/later', true],
  ['merchant', 'POST', '/v1/console/users', false],
  ['merchant', 'POST', '/v1/console/users/:id', false],
  ['merchant', 'GET', '/v1/console/users', false],
  ['merchant', 'GET', '/v1/console/audit_log', false],
  ['merchant', 'GET', '/v1/console/me', true],
];

describe('console permissions', () => {
  for (const [role, method, route, allowed] of SCENARIOS) {
    test(`${role} ${allowed ? 'may' : 'may not'} call ${method} ${route}`, () => {
      assert.equal(mayCall(role, method, route), allowed);
    });
  }

  test('every role has console:self, every permission it lists exists, and only admin has users:admin and audit:read', () => {
    for (const role of CONSOLE_ROLES) {
      const permissions = ROLE_PERMISSIONS[role];
      assert.ok(permissions.includes('console:self'), role);
      for (const p of permissions) assert.ok(p in PERMISSIONS, `${role}: ${p}`);
      assert.equal(permissions.includes('users:admin') || permissions.includes('audit:read'), role === 'admin', role);
    }
  });

  test('non-admin staff have no write that reaches a route nobody has named (default deny)', () => {
    for (const role of CONSOLE_ROLES.filter((r) => r !== 'admin' && r !== 'merchant')) {
      for (const method of ['POST', 'DELETE'] as const) assert.equal(mayCall(role, method, '/v1/brand_new/:id/do_something'), false, `${role} ${method}`);
    }
  });
});
