import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { TOTP_STEP_MS, base32Decode, base32Encode, hotp, otpauthUrl, totpCode, totpCodeForKey } from '../../src/console/index.ts';
import { matchingTotpStep } from '../../src/console/totp.ts';

/** TOTP as authenticator apps compute it: RFC 6238 over RFC 4226, secrets in RFC 4648 base32. */

// RFC 6238, Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC6238_SHA1_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC6238_VECTORS: Array<[seconds: number, code: string]> = [
  [59, '94287082'],
  [1_111_111_109, '07081804'],
  [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'],
  [2_000_000_000, '69279037'],
  [20_000_000_000, '65353130'],
];

describe('TOTP', () => {
  for (const [seconds, code] of RFC6238_VECTORS) {
    test(`RFC 6238 SHA-1 at T=${seconds}s is ${code} (8 digits), and the 6-digit code is its last six`, () => {
      assert.equal(totpCodeForKey(RFC6238_SHA1_KEY, seconds * 1000, 8), code);
      assert.equal(totpCodeForKey(RFC6238_SHA1_KEY, seconds * 1000), code.slice(2));
      assert.equal(totpCode(base32Encode(RFC6238_SHA1_KEY), seconds * 1000), code.slice(2));
    });
  }

  test('RFC 4226 Appendix D HOTP values for counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    assert.deepEqual(expected.map((_, counter) => hotp(RFC6238_SHA1_KEY, counter)), expected);
  });

  test('base32 follows RFC 4648 section 10 and reads what people type', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) assert.equal(base32Encode(Buffer.from(plain)), encoded);
    assert.equal(base32Decode('mzxw 6ytb oi======')?.toString(), 'foobar');
    assert.equal(base32Decode('MZXW1'), undefined, '1 is not in the alphabet');
    assert.equal(base32Decode(''), undefined);
  });

  test('a code is accepted one step either side of now, not two, and never at or before the last step used', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / TOTP_STEP_MS);
    const at = (delta: number) => totpCodeForKey(RFC6238_SHA1_KEY, now + delta * TOTP_STEP_MS);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(0), now, null), step);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(-1), now, null), step - 1);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(1), now, null), step + 1);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(-2), now, null), undefined);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(2), now, null), undefined);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(0), now, step), undefined, 'the code of the step used already');
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(-1), now, step - 1), undefined);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, at(1), now, step), step + 1);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, '12345', now, null), undefined);
    assert.equal(matchingTotpStep(RFC6238_SHA1_KEY, '12345a', now, null), undefined);
  });

  test('the otpauth URL carries the secret, the issuer and the parameters authenticator apps need', () => {
    const url = new URL(otpauthUrl('Paygrid', 'ann@example.com', 'JBSWY3DPEHPK3PXP'));
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.host, 'totp');
    assert.equal(decodeURIComponent(url.pathname), '/Paygrid:ann@example.com');
    assert.deepEqual(Object.fromEntries(url.searchParams), { secret: 'JBSWY3DPEHPK3PXP', issuer: 'Paygrid', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
