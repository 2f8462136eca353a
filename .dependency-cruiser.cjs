/**
 * Import rules that keep the architecture as the folders show it (STYLE.md, "Layout"):
 * domain modules know nothing of the edges, other modules use a module only
 * through its index.ts, and there are no cycles.
 */
const MODULES = ['ledger', 'money', 'identity', 'merchants', 'customers', 'notifications', 'vault', 'processors', 'prepaid', 'payments', 'idempotency', 'jobs', 'events', 'charging', 'risk', 'console', 'reports', 'simulator'];

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles hide the direction of dependencies.', from: {}, to: { circular: true } },
    {
      name: 'domain-knows-no-edges',
      severity: 'error',
      comment: 'Domain modules must not depend on HTTP, OCPP, the CLI or the server wiring.',
      from: { path: `^src/(${MODULES.join('|')})/` },
      to: { path: '^src/(http|ocpp|cli|server)/' },
    },
    ...MODULES.map((module) => ({
      name: `${module}-public-surface-only`,
      severity: 'error',
      comment: `Outside src/${module}, use only src/${module}/index.ts: a module owns its tables and internals.`,
      from: { path: '^src/', pathNot: `^src/${module}/` },
      to: { path: `^src/${module}/`, pathNot: `^src/${module}/index\\.ts$` },
    })),
    {
      name: 'ocpp-public-surface-only',
      severity: 'error',
      comment: 'Outside src/ocpp, use only src/ocpp/index.ts: the OCPP wire format stays inside the edge.',
      from: { path: '^src/', pathNot: '^src/ocpp/' },
      to: { path: '^src/ocpp/', pathNot: '^src/ocpp/index\\.ts$' },
    },
    {
      name: 'money-is-a-leaf',
      severity: 'error',
      comment: 'The money kernel depends on nothing else in Paygrid.',
      from: { path: '^src/money/' },
      to: { path: '^src/', pathNot: '^src/money/' },
    },
    {
      name: 'only-the-cli-and-server-wire',
      severity: 'error',
      comment: 'The server is wired in src/server; only the CLI starts it.',
      from: { path: '^src/', pathNot: '^src/(cli|server)/' },
      to: { path: '^src/server/' },
    },
    { name: 'no-test-code-in-src', severity: 'error', from: { path: '^src/' }, to: { path: '^(test|bench)/' } },
    {
      name: 'client-stands-alone',
      severity: 'error',
      comment: 'The typed API client is what a merchant copies into their own code: it imports nothing else from Paygrid.',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/client/' },
    },
    {
      name: 'server-does-not-use-the-client',
      severity: 'error',
      comment: 'The client is for callers of the API (and the tests); the server never calls itself through it.',
      from: { path: '^src/', pathNot: '^src/client/' },
      to: { path: '^src/client/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
