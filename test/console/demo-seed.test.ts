import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { totpCode } from '../../src/console/index.ts';
import { DEMO_CONSOLE_PASSWORD, describeSeed, seedDemo, type DemoSeed } from '../../src/server/demo-seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { asConsole, nextStep, signInRequest, tokenOf } from './support.ts';

/** The demo's console users: an admin, a risk analyst and the retail merchant's owner, who sign in with what the start log prints. */
describe('demo console users', () => {
  let app: TestApp;
  let seed: DemoSeed;
  before(async () => {
    app = await startTestApp();
    seed = await seedDemo(app.paygrid.modules, () => {});
  });
  after(async () => {
    await app.close();
  });

  test('each signs in with the demo password and a code from the printed secret, in their role', async () => {
    const expected = [
      ['admin@paygrid.local', 'admin', null],
      ['analyst@paygrid.local', 'risk_analyst', null],
      ['merchant@paygrid.local', 'merchant', seed.merchants[0]?.id],
    ];
    assert.deepEqual(seed.console.users.map((u) => u.email), expected.map(([email]) => email));
    for (const [i, user] of seed.console.users.entries()) {
      nextStep(app);
      const answer = await signInRequest(app, { email: user.email, password: DEMO_CONSOLE_PASSWORD, totp_code: totpCode(user.secret, app.clock.nowMs()) });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const me = await asConsole(app, tokenOf(answer.headers), 'GET', '/v1/console/me');
      assert.deepEqual([me.body.email, me.body.role, me.body.merchant_id], expected[i]);
    }
  });

  test('the start log says how to sign in: the password, each secret and its otpauth URL', () => {
    const text = describeSeed(seed, 'http://localhost:4000').join('\n');
    assert.ok(text.includes(`password ${DEMO_CONSOLE_PASSWORD}`));
    for (const user of seed.console.users) assert.ok(text.includes(user.secret) && text.includes(user.otpauthUrl), user.email);
    assert.match(text, /curl -si http:\/\/localhost:4000\/v1\/console\/sessions/);
  });
});
