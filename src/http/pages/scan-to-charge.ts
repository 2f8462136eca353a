import { SLOTS_PER_DAY, TIERS, formatPricePerKwh, slotAt, type Connector, type ConnectorStatus, type PricePerKwh, type Station, type Tariff, type Tier } from '../../charging/index.ts';
import { findCurrency, formatMoney } from '../../money/index.ts';
import { escapeHtml } from '../html.ts';

/**
 * The scan-to-charge page a connector's QR code opens (zh-CN, with English
 * beside it): the station, the connector and its status, today's prices by
 * time of use, the fees and the least a session holds; then the flow that
 * signs the driver in, starts, follows and stops the session, which runs in
 * /c/app.js (the page allows scripts from its own origin only, no inline
 * script). Everything taken from the database is escaped.
 */
export const SCAN_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TIER_LABELS: Record<Tier, string> = { sharp: '尖 Sharp', peak: '峰 Peak', flat: '平 Flat', valley: '谷 Valley' };

const STATUS_LABELS: Record<ConnectorStatus, string> = {
  Available: '空闲 Available',
  Preparing: '已插枪 Preparing',
  Charging: '充电中 Charging',
  SuspendedEVSE: '暂停（桩）Suspended by charger',
  SuspendedEV: '暂停（车）Suspended by car',
  Finishing: '充电结束 Finishing',
  Reserved: '已预约 Reserved',
  Unavailable: '不可用 Unavailable',
  Faulted: '故障 Faulted',
};

/** The currency's sign as the zh-CN money format writes it: "¥", "US$". */
function currencySymbol(currency: string): string {
  return formatMoney(0n, currency, 'zh-CN').replace(/[\d.,\s\u00a0\u200e\u200f-]/g, '');
}

/** A price per kWh for people: "¥1.2/kWh" is written "¥1.20", at least the currency's own decimals, at most the tariff's five. */
function priceText(price: PricePerKwh, symbol: string, exponent: number): string {
  const [whole, fraction = ''] = formatPricePerKwh(price).split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(exponent, '0');
  return `${symbol}${whole}${trimmed === '' ? '' : `.${trimmed}`}`;
}

const slotTime = (slot: number): string => `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}`;

/** Consecutive slots of one tier as time ranges: 00:00–08:00 谷. */
function slotRanges(slots: readonly Tier[]): { tier: Tier; from: number; to: number }[] {
  const ranges: { tier: Tier; from: number; to: number }[] = [];
  slots.forEach((tier, slot) => {
    const last = ranges.at(-1);
    if (last !== undefined && last.tier === tier) last.to = slot + 1;
    else ranges.push({ tier, from: slot, to: slot + 1 });
  });
  return ranges;
}

function pricesSection(tariff: Tariff, nowSlot: number): string {
  const symbol = currencySymbol(tariff.currency);
  const exponent = findCurrency(tariff.currency)?.exponent ?? 2;
  const current = tariff.slots[nowSlot] as Tier;
  const rows = TIERS.filter((tier) => tariff.slots.includes(tier))
    .map((tier) => {
      const p = tariff.tiers[tier];
      const cls = tier === current ? ' class="current" aria-current="true"' : '';
      const cells = [p.energyPricePerKwh, p.servicePricePerKwh, p.energyPricePerKwh + p.servicePricePerKwh].map((price) => `<td>${escapeHtml(priceText(price, symbol, exponent))}</td>`).join('');
      return `<tr data-tier="${tier}"${cls}><th><i class="t-${tier}"></i>${TIER_LABELS[tier]}</th>${cells}</tr>`;
    })
    .join('');
  const bar = tariff.slots.map((tier, slot) => `<span class="t-${tier}${slot === nowSlot ? ' now' : ''}" title="${slotTime(slot)} ${TIER_LABELS[tier]}"></span>`).join('');
  const ranges = slotRanges(tariff.slots)
    .map((r) => `<li${r.from <= nowSlot && nowSlot < r.to ? ' class="current"' : ''}>${slotTime(r.from)}–${r.to === SLOTS_PER_DAY ? '24:00' : slotTime(r.to)} ${TIER_LABELS[r.tier]}</li>`)
    .join('');
  const currentRange = slotRanges(tariff.slots).find((r) => r.from <= nowSlot && nowSlot < r.to);
  const until = currentRange === undefined ? '' : `，至 until ${currentRange.to === SLOTS_PER_DAY ? '24:00' : slotTime(currentRange.to)}`;
  return `<section><h2>今日电价 Today’s prices <small>每度 per kWh</small></h2>
<p class="now" data-current-tier="${current}">当前 Now: <b>${TIER_LABELS[current]}</b> ${escapeHtml(priceText(tariff.tiers[current].energyPricePerKwh + tariff.tiers[current].servicePricePerKwh, symbol, exponent))}/kWh${until}</p>
<table class="prices"><thead><tr><th>时段 Tier</th><th>电费 Electricity</th><th>服务费 Service</th><th>合计 Total</th></tr></thead><tbody>${rows}</tbody></table>
<div class="bar" aria-hidden="true">${bar}</div><div class="ticks"><span>0</span><span>6</span><span>12</span><span>18</span><span>24</span></div>
<ul class="ranges">${ranges}</ul></section>`;
}

function feesSection(tariff: Tariff): string {
  const money = (minor: bigint): string => escapeHtml(formatMoney(minor, tariff.currency, 'zh-CN'));
  const idle = tariff.idleFeePerMinuteMinor === 0n ? '无 None' : `${money(tariff.idleFeePerMinuteMinor)}/分钟 min，充满后 ${tariff.idleGraceMinutes} 分钟内免费 free for ${tariff.idleGraceMinutes} min after charging ends`;
  const sessionFee = tariff.sessionFeeMinor === 0n ? '' : `<dt>单次费用 Session fee</dt><dd>${money(tariff.sessionFeeMinor)}</dd>`;
  return `<section><dl class="fees"><dt>占位费 Idle fee</dt><dd id="idle-fee">${idle}</dd>${sessionFee}<dt>最低预付 Minimum hold</dt><dd id="min-hold">${money(tariff.minHoldMinor)}</dd></dl>
<p class="note">预付金额先冻结，结束后按实际费用扣款，余额自动退回。The hold is released except for what the session costs.</p></section>`;
}

const FLOW = `<section id="signin" hidden><h2>登录 Sign in</h2>
<label>手机号 Phone<input id="phone" inputmode="tel" autocomplete="tel"></label><button id="send" type="button" class="secondary">获取验证码 Send code</button>
<label>验证码 Code<input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></label><button id="login" type="button">登录 Sign in</button></section>
<section id="start" hidden><h2>开始充电 Start charging</h2>
<fieldset><legend>支付方式 Pay with</legend><label class="choice"><input type="radio" name="method" value="wallet" checked> 钱包 Wallet</label><label class="choice"><input type="radio" name="method" value="prepaid_card"> 预付卡 Prepaid card</label></fieldset>
<div id="wallet-fields"><label>支付密码 Payment password<input id="password" type="password" inputmode="numeric" autocomplete="off"></label></div>
<div id="card-fields" hidden><label>卡号 Card number<input id="card-number" inputmode="numeric" autocomplete="off"></label><label>卡密码 PIN<input id="pin" type="password" inputmode="numeric" maxlength="6" autocomplete="off"></label></div>
<label>预付金额 Amount to hold (元)<input id="hold" inputmode="decimal" autocomplete="off"></label>
<button id="go" type="button">开始充电 Start</button> <button id="signout" type="button" class="secondary">退出 Sign out</button></section>
<section id="live" hidden><h2 id="live-status"></h2>
<dl class="meter"><dt>电量 Energy</dt><dd id="energy"></dd><dt>功率 Power</dt><dd id="power"></dd><dt>费用 Cost</dt><dd id="cost"></dd><dt>预付 Hold</dt><dd id="held"></dd></dl>
<button id="stop" type="button" class="danger">停止充电 Stop</button></section>
<section id="receipt" hidden><h2>账单 Receipt</h2><table id="lines"></table><p class="total">实付 Paid <b id="total"></b></p><button id="again" type="button" class="secondary">再充一次 Charge again</button></section>
<p id="message" role="status"></p>`;

const STYLE = `*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:30rem;margin:0 auto;padding:.75rem;color:#212529;line-height:1.4}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1rem 0 .4rem}small{font-weight:400;color:#666}section{border-top:1px solid #dee2e6;padding-top:.2rem}
.sub{color:#555;margin:.2rem 0}.status{display:inline-block;padding:.1rem .5rem;border-radius:1rem;background:#e9ecef;font-size:.9rem;margin:.2rem .3rem .2rem 0}.ok{background:#d3f9d8}.bad{background:#ffe3e3}
table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{padding:.3rem .2rem;text-align:right}th:first-child{text-align:left;white-space:nowrap}thead th{font-weight:500;color:#666}tr.current{background:#fff3bf;font-weight:600}
i{display:inline-block;width:.7rem;height:.7rem;border-radius:.15rem;margin-right:.3rem}
.bar{display:flex;height:1.1rem;margin-top:.6rem}.bar span{flex:1}.bar span.now{outline:2px solid #212529;outline-offset:-1px;transform:scaleY(1.35)}.ticks{display:flex;justify-content:space-between;font-size:.7rem;color:#666}
.t-sharp{background:#e8590c}.t-peak{background:#fab005}.t-flat{background:#4dabf7}.t-valley{background:#69db7c}
.ranges{list-style:none;padding:0;margin:.4rem 0;font-size:.8rem;color:#555;columns:2}.ranges li.current{color:#212529;font-weight:600}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:.4rem 0}dt{color:#666}dd{margin:0;text-align:right}.meter dd{font-size:1.3rem;font-weight:600}.note{font-size:.8rem;color:#666}
label{display:block;margin:.5rem 0;font-size:.95rem}label.choice{display:inline-block;margin-right:1rem}input:not([type=radio]){display:block;width:100%;font-size:1.1rem;padding:.45rem;margin-top:.2rem;border:1px solid #adb5bd;border-radius:.3rem}
fieldset{border:0;padding:0;margin:.3rem 0}legend{font-size:.95rem;padding:0}button{font-size:1.05rem;padding:.55rem 1rem;margin:.3rem 0;border:0;border-radius:.3rem;background:#1c7ed6;color:#fff;min-height:2.75rem}
button.secondary{background:#e9ecef;color:#212529}button.danger{background:#e03131;width:100%}button:disabled{opacity:.5}#message{font-weight:600;color:#c92a2a;min-height:1.2rem}.total{font-size:1.2rem;text-align:right}#lines td{padding:.35rem .2rem;vertical-align:top}#lines td:first-child{text-align:left}#lines td:last-child{white-space:nowrap}`;

function htmlDocument(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Paygrid</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export interface ScanPageView {
  station: Station;
  connector: Connector;
  tariff: Tariff;
  nowMs: number;
}

export function scanPage({ station, connector, tariff, nowMs }: ScanPageView): string {
  const nowSlot = slotAt(nowMs, station.timeZone);
  const usable = station.online && (connector.status === 'Available' || connector.status === 'Preparing');
  const exponent = findCurrency(tariff.currency)?.exponent ?? 2;
  const data = {
    station: station.id,
    connector: String(connector.id),
    currency: tariff.currency,
    exponent: String(exponent),
    symbol: currencySymbol(tariff.currency),
    'min-hold': tariff.minHoldMinor.toString(),
  };
  const attributes = Object.entries(data)
    .map(([name, value]) => `data-${name}="${escapeHtml(value)}"`)
    .join(' ');
  const power = `${(connector.maxPowerW / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kW`;
  const body = `<main id="app" ${attributes}>
<h1 id="station-name">${escapeHtml(station.name)}</h1>
<p class="sub">桩号 Station ${escapeHtml(station.id)} · ${connector.id} 号枪 Connector ${connector.id} · ${escapeHtml(connector.type)} · ${escapeHtml(power)}</p>
<p><span id="online" class="status ${station.online ? 'ok' : 'bad'}">${station.online ? '在线 Online' : '离线 Offline'}</span><span id="connector-status" class="status ${usable ? 'ok' : 'bad'}" data-status="${escapeHtml(connector.status)}">${STATUS_LABELS[connector.status] ?? escapeHtml(connector.status)}</span></p>
${usable ? '' : '<p class="note">此枪现在无法开始充电。This connector cannot start charging right now.</p>'}
${pricesSection(tariff, nowSlot)}
${feesSection(tariff)}
${FLOW}
</main><script src="/c/app.js" defer></script>`;
  return htmlDocument(station.name, body);
}

export function notFoundPage(): string {
  return htmlDocument('未找到 Not found', '<main><h1>未找到该充电枪</h1><p>This charger was not found. 请核对二维码。Check the code on the charger.</p></main>');
}
