import { parseArgs } from 'node:util';
import type { ConsoleRole } from '../console/index.ts';
import { CONSOLE_ROLES, MIN_PASSWORD_CHARS, totpCode } from '../console/index.ts';
import type { CliOverrides, Config } from '../config/config.ts';
import { systemClock } from '../platform/clock.ts';
import type { Paygrid } from '../server/paygrid.ts';

/** `paygrid console-user …`: console users from the command line (docs/api.md, "Console"). */
export const CONSOLE_USER_USAGE = `Usage:
  paygrid console-user create --email <email> --name <name> --role <role> [--merchant <mch_…>] [--password <password>]
  paygrid console-user code --secret <base32>

create  Creates a console user and prints their TOTP secret and otpauth:// URL, this once.
        The password comes from --password or PAYGRID_CONSOLE_PASSWORD (at least ${MIN_PASSWORD_CHARS} characters).
        Roles: ${CONSOLE_ROLES.join(', ')} (merchant needs --merchant).
code    Prints the code an authenticator app would show now for a secret (for trying the demo).

Options:
  --data-dir <dir>    Embedded database directory (or DATABASE_URL=postgres://…)`;

export const CONSOLE_PASSWORD_ENV = 'PAYGRID_CONSOLE_PASSWORD';

export class ConsoleUserUsageError extends Error {}

export type ConsoleUserCommand =
  | { action: 'help' }
  | { action: 'code'; secret: string }
  | { action: 'create'; overrides: CliOverrides; email: string; name: string; role: ConsoleRole; merchantId: string | undefined; password: string };

function isRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

export function parseConsoleUserArgs(argv: string[], env: Readonly<Record<string, string | undefined>>): ConsoleUserCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      merchant: { type: 'string' },
      password: { type: 'string' },
      secret: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const action = positionals.join(' ');
  if (values.help === true || action === '') return { action: 'help' };
  if (action === 'code') {
    if (values.secret === undefined) throw new ConsoleUserUsageError('code needs --secret <base32>');
    return { action: 'code', secret: values.secret };
  }
  if (action !== 'create') throw new ConsoleUserUsageError(`unknown command "console-user ${action}"`);
  const missing = (['email', 'name', 'role'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new ConsoleUserUsageError(`create needs --${missing.join(', --')}`);
  const role = values.role ?? '';
  if (!isRole(role)) throw new ConsoleUserUsageError(`--role: expected one of ${CONSOLE_ROLES.join(', ')}, got "${role}"`);
  if (role === 'merchant' && values.merchant === undefined) throw new ConsoleUserUsageError('--role merchant needs --merchant <mch_…>');
  const password = values.password ?? env[CONSOLE_PASSWORD_ENV];
  if (password === undefined || password === '') throw new ConsoleUserUsageError(`give the password with --password or ${CONSOLE_PASSWORD_ENV}`);
  const overrides: CliOverrides = values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] };
  return { action: 'create', overrides, email: values.email ?? '', name: values.name ?? '', role, merchantId: values.merchant, password };
}

/** Prints the code for a secret; exit code 2 when it is not base32. */
export function printCode(secret: string): number {
  try {
    process.stdout.write(`${totpCode(secret, systemClock.nowMs())}\n`);
    return 0;
  } catch {
    process.stderr.write('paygrid: --secret is not a base32 TOTP secret\n');
    return 2;
  }
}

/** Creates the user on a built (not listening) Paygrid; exit code 1 when the user was refused. */
export async function createConsoleUser(config: Config, command: Extract<ConsoleUserCommand, { action: 'create' }>): Promise<number> {
  const { createPaygrid } = await import('../server/paygrid.ts');
  const paygrid: Paygrid = await createPaygrid({ ...config, logLevel: 'warn' }, { runBackgroundWork: false });
  try {
    const created = await paygrid.modules.consoleIdentity.users.create({ email: command.email, name: command.name, role: command.role, merchantId: command.merchantId, password: command.password });
    if ('failure' in created) {
      process.stderr.write(`paygrid: console user not created: ${created.failure}\n`);
      return 1;
    }
    const { user, totp } = created;
    process.stdout.write(
      [
        `Console user ${user.email} (${user.id}), role ${user.role}${user.merchantId === null ? '' : ` of ${user.merchantId}`}.`,
        'Add this to an authenticator app now; it is shown this once:',
        `  secret:      ${totp.secret}`,
        `  otpauth URL: ${totp.otpauthUrl}`,
        `Sign in: POST ${config.publicUrl}/v1/console/sessions {"email","password","totp_code"}`,
        '',
      ].join('\n'),
    );
    if (paygrid.newOperatorKey !== undefined) process.stdout.write(`\nPlatform operator API key (shown this once): ${paygrid.newOperatorKey}\n`);
    return 0;
  } finally {
    await paygrid.close();
  }
}
