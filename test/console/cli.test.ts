import { strict as assert } from 'node:assert';
import { after, describe, test } from 'node:test';
import { totpCode } from '../../src/console/index.ts';
import { createStore, killAll, runPaygrid, startPaygrid, type PaygridProcess, type PaygridStore } from '../support/process.ts';

/** `paygrid console-user`: the first admin of a new deployment, created from the command line, signs in over a real socket. */
const TEST_TIMEOUT_MS = 240_000;
const PASSWORD = 'first admin password';
const SECRET_LINE = /secret: +([A-Z2-7]{32})$/m;

describe('paygrid console-user', { timeout: TEST_TIMEOUT_MS }, () => {
  const stores: PaygridStore[] = [];
  const servers: PaygridProcess[] = [];
  after(async () => {
    await killAll(servers);
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  test('create prints the TOTP secret once; the user signs in with the password from the environment and a code', async () => {
    const store = await createStore();
    stores.push(store);
    const args = ['console-user', 'create', '--email', 'root@paygrid.test', '--name', 'First Admin', '--role', 'admin', ...store.args];
    const created = await runPaygrid(args, { ...store.env, PAYGRID_CONSOLE_PASSWORD: PASSWORD });
    assert.equal(created.code, 0, created.stderr);
    const secret = SECRET_LINE.exec(created.stdout)?.[1];
    assert.ok(secret !== undefined, created.stdout);
    assert.match(created.stdout, /otpauth:\/\/totp\/Paygrid:root%40paygrid\.test\?secret=/);
    assert.ok(!created.stdout.includes(PASSWORD), 'the password is not echoed');

    const again = await runPaygrid(args, { ...store.env, PAYGRID_CONSOLE_PASSWORD: PASSWORD });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /email_taken/);

    const code = await runPaygrid(['console-user', 'code', '--secret', secret], {});
    assert.equal(code.code, 0);
    assert.match(code.stdout, /^\d{6}\n$/);

    const server = await startPaygrid(store.args, store.env, servers);
    const signedIn = await fetch(`${server.url}/v1/console/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@paygrid.test', password: PASSWORD, totp_code: totpCode(secret, Date.now()) }),
    });
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(`${server.url}/v1/console/me`, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { role: string }).role, 'admin');
    assert.equal((await server.stop()).code, 0);
  });

  test('usage errors exit 2: an unknown role, a merchant without --merchant, no password', async () => {
    const base = ['console-user', 'create', '--email', 'x@paygrid.test', '--name', 'X'];
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [[...base, '--role', 'owner'], { PAYGRID_CONSOLE_PASSWORD: PASSWORD }, /--role: expected one of/],
      [[...base, '--role', 'merchant'], { PAYGRID_CONSOLE_PASSWORD: PASSWORD }, /--merchant/],
      [[...base, '--role', 'support'], {}, /PAYGRID_CONSOLE_PASSWORD/],
    ];
    for (const [args, env, message] of cases) {
      const result = await runPaygrid(args, env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    }
  });
});
