import qrcode from 'qrcode-generator';

/** Text placed in HTML the edge renders (sandbox pages, checkout): every markup character escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A QR code of `url` as an SVG image, for printing (a payment link's 收款码, a connector's scan-to-charge code). */
export function qrSvg(url: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(url);
  qr.make();
  return qr.createSvgTag({ cellSize: 8, margin: 4, scalable: true });
}
