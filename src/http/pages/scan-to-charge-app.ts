/**
 * The scan-to-charge page's script, served as /c/app.js so that the page's
 * Content-Security-Policy allows scripts from its own origin only. It reads
 * the page's data attributes and talks to the public API: sign-in by SMS code
 * (the session token lives in sessionStorage, for this tab only), the start
 * (with an Idempotency-Key, so a double tap starts once), a poll of the
 * session every 2 seconds, the stop, and the receipt. Text from the API is
 * set with textContent, never as markup. Plain ES2020 for phone browsers; it
 * never uses template literals, so this file can hold it as one.
 */
export const SCAN_APP_JS = String.raw`'use strict';
(function () {
  var root = document.getElementById('app');
  if (!root) return;
  var page = { station: root.dataset.station, connector: Number(root.dataset.connector), exponent: Number(root.dataset.exponent), symbol: root.dataset.symbol, minHold: root.dataset.minHold };
  var TOKEN = 'paygrid.token';
  var SESSION = 'paygrid.charging.' + page.station + '.' + page.connector;
  var POLL_MS = 2000;
  var TIERS = { sharp: '尖 Sharp', peak: '峰 Peak', flat: '平 Flat', valley: '谷 Valley' };
  var STATUS = { starting: '正在启动，请插好枪 Starting…', charging: '充电中 Charging', finishing: '正在结算 Settling…', completed: '已完成 Completed', failed: '未能启动 Could not start' };
  var startKey = null;
  var timer = null;

  function $(id) { return document.getElementById(id); }
  function say(text) { $('message').textContent = text || ''; }
  function show(id) {
    var moved = $(id).hidden;
    ['signin', 'start', 'live', 'receipt'].forEach(function (s) { $(s).hidden = s !== id; });
    // The prices fill a phone's first screen: bring the next step into view.
    if (moved && (id === 'live' || id === 'receipt')) $(id).scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  function money(minor) {
    var n = BigInt(minor), neg = n < 0n, a = neg ? -n : n, scale = 10n ** BigInt(page.exponent);
    var fraction = page.exponent > 0 ? '.' + (a % scale).toString().padStart(page.exponent, '0') : '';
    return (neg ? '-' : '') + page.symbol + (a / scale).toString() + fraction;
  }
  function toMinor(text) {
    var m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
    if (!m || (m[2] || '').length > page.exponent) throw new Error('金额格式不对 Enter an amount like 50.00');
    var minor = BigInt(m[1]) * 10n ** BigInt(page.exponent) + BigInt((m[2] || '').padEnd(page.exponent, '0') || '0');
    if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('金额太大 Amount too large');
    return Number(minor);
  }
  function randomKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  async function call(method, path, body, options) {
    var headers = { accept: 'application/json' };
    var token = sessionStorage.getItem(TOKEN);
    if (token && !(options && options.anonymous)) headers.authorization = 'Bearer ' + token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options && options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    var response = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    var answer = await response.json().catch(function () { return {}; });
    if (response.ok) return answer;
    if (response.status === 401 && headers.authorization) signOut();
    var error = new Error((answer.error && answer.error.message) || 'HTTP ' + response.status);
    error.status = response.status;
    throw error;
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(SESSION);
    clearTimeout(timer);
    show('signin');
  }

  function kwh(wh) { return (Number(wh) / 1000).toFixed(2) + ' kWh'; }
  /** "0.70000" per kWh reads "¥0.70": trailing zeros beyond the currency's decimals dropped. */
  function unitPrice(text) {
    var parts = String(text).split('.');
    var fraction = (parts[1] || '').replace(/0+$/, '').padEnd(page.exponent, '0');
    return page.symbol + parts[0] + (fraction ? '.' + fraction : '');
  }

  function lineLabel(line) {
    if (line.type === 'energy') return '电费 Electricity · ' + (TIERS[line.tier] || line.tier) + ' · ' + kwh(line.energy_wh) + ' × ' + unitPrice(line.unit_price);
    if (line.type === 'service') return '服务费 Service · ' + (TIERS[line.tier] || line.tier) + ' · ' + kwh(line.energy_wh) + ' × ' + unitPrice(line.unit_price);
    if (line.type === 'idle') return '占位费 Idle · ' + line.minutes + ' 分钟 min';
    if (line.type === 'session_fee') return '单次费用 Session fee';
    if (line.type === 'cap') return '超出预付不收 Beyond the hold, not charged';
    return line.type;
  }

  function receipt(session) {
    var table = $('lines');
    table.textContent = '';
    session.line_items.forEach(function (line) {
      var row = table.insertRow();
      row.insertCell().textContent = lineLabel(line);
      row.insertCell().textContent = money(line.amount);
    });
    var energy = table.insertRow();
    energy.insertCell().textContent = '电量 Energy';
    energy.insertCell().textContent = kwh(session.energy_wh);
    $('total').textContent = money(session.amount);
    show('receipt');
  }

  function render(session) {
    if (session.status === 'completed') {
      sessionStorage.removeItem(SESSION);
      receipt(session);
      return;
    }
    if (session.status === 'failed') {
      sessionStorage.removeItem(SESSION);
      show('start');
      say(STATUS.failed + (session.failure_reason ? ' (' + session.failure_reason + ')' : '') + '。预付已退回 The hold was released.');
      return;
    }
    var stopping = session.status === 'charging' && session.flags.indexOf('stopped_by_request') !== -1;
    $('live-status').textContent = stopping ? '正在停止 Stopping…' : STATUS[session.status] || session.status;
    $('energy').textContent = kwh(session.energy_wh);
    $('power').textContent = session.power_w === null ? '—' : (session.power_w / 1000).toFixed(1) + ' kW';
    $('cost').textContent = money(session.amount);
    $('held').textContent = money(session.hold_amount);
    $('stop').hidden = stopping || (session.status !== 'starting' && session.status !== 'charging');
    show('live');
  }

  function poll() {
    clearTimeout(timer);
    timer = setTimeout(refresh, POLL_MS);
  }

  async function refresh() {
    var id = sessionStorage.getItem(SESSION);
    if (!id) return;
    try {
      var session = await call('GET', '/v1/charging/sessions/' + encodeURIComponent(id));
      render(session);
      if (session.status === 'completed' || session.status === 'failed') return;
    } catch (error) {
      say(error.message);
      if (error.status === 404 || error.status === 401) {
        sessionStorage.removeItem(SESSION);
        return;
      }
    }
    poll();
  }

  $('send').onclick = async function () {
    say('');
    try {
      await call('POST', '/v1/auth/otp', { phone: $('phone').value.trim() }, { anonymous: true });
      say('验证码已发送 Code sent');
    } catch (error) { say(error.message); }
  };

  $('login').onclick = async function () {
    say('');
    try {
      var session = await call('POST', '/v1/auth/login', { phone: $('phone').value.trim(), code: $('code').value.trim() }, { anonymous: true });
      sessionStorage.setItem(TOKEN, session.token);
      say('');
      show('start');
    } catch (error) { say(error.message); }
  };

  document.querySelectorAll('input[name=method]').forEach(function (radio) {
    radio.onchange = function () {
      var wallet = document.querySelector('input[name=method]:checked').value === 'wallet';
      $('wallet-fields').hidden = !wallet;
      $('card-fields').hidden = wallet;
    };
  });

  $('go').onclick = async function () {
    var button = $('go');
    button.disabled = true;
    say('');
    try {
      var body = { station: page.station, connector: page.connector, hold_amount: toMinor($('hold').value) };
      if (document.querySelector('input[name=method]:checked').value === 'wallet') {
        body.payment_method = 'wallet';
        if ($('password').value !== '') body.payment_password = $('password').value;
      } else {
        body.payment_method = $('card-number').value.replace(/\s+/g, '');
        body.pin = $('pin').value.trim();
      }
      // One key per start: a retry after a lost answer replays it; an answer, even an error, ends it.
      if (startKey === null) startKey = randomKey();
      var session = await call('POST', '/v1/me/charging/sessions', body, { idempotencyKey: startKey });
      startKey = null;
      $('password').value = '';
      $('pin').value = '';
      sessionStorage.setItem(SESSION, session.id);
      say('');
      render(session);
      poll();
    } catch (error) {
      if (error.status !== undefined) startKey = null;
      say(error.message);
    } finally {
      button.disabled = false;
    }
  };

  $('stop').onclick = async function () {
    var id = sessionStorage.getItem(SESSION);
    if (!id) return;
    say('');
    try {
      render(await call('POST', '/v1/charging/sessions/' + encodeURIComponent(id) + '/stop', {}));
      poll();
    } catch (error) { say(error.message); }
  };

  $('signout').onclick = signOut;
  $('again').onclick = function () { say(''); show('start'); };

  $('hold').value = money(page.minHold).replace(page.symbol, '');
  if (!sessionStorage.getItem(TOKEN)) show('signin');
  else if (sessionStorage.getItem(SESSION)) refresh();
  else show('start');
})();
`;
