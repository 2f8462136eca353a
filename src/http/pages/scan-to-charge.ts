import { escapeHtml } from '../html.ts';

/**
 * What is left server-rendered of scan to charge: the page for a QR code
 * that names no connector Paygrid knows. A known connector's code redirects to
 * the phone pages (/m/charge/<station>/<connector>, web/src/m/Charge.tsx).
 */
export const SCAN_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = 'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:30rem;margin:0 auto;padding:.75rem;color:#212529;line-height:1.4}h1{font-size:1.35rem}';

export function notFoundPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml('未找到 Not found')} · Paygrid</title><style>${STYLE}</style></head><body><main><h1>未找到该充电枪</h1><p>This charger was not found. 请核对二维码。Check the code on the charger.</p></main></body></html>`;
}
