import { exponentOf } from '../../money.ts';
import { consoleApi, must } from '../../api.ts';
import type { paths } from '../../../../src/client/index.ts';
import type { PaymentIntent } from './api.ts';
import { csvField, minorToDecimal } from './format.ts';

/** The list's filters (status, merchant, customer, created range, query). */
export type PaymentListQuery = Omit<NonNullable<paths['/v1/payment_intents']['get']['parameters']['query']>, 'limit' | 'starting_after' | 'ending_before'>;

/** At most this many pages of 100 (10,000 payments) go in one file. */
const MAX_EXPORT_PAGES = 100;

const HEADER = ['id', 'created_utc', 'status', 'currency', 'amount', 'amount_minor', 'amount_refunded', 'amount_refunded_minor', 'fee', 'fee_minor', 'payment_method_type', 'customer', 'description'];

/** One CSV row per payment: amounts both as decimal major units and as exact minor units. */
export function paymentCsvRow(p: PaymentIntent): string {
  const exponent = exponentOf(p.currency);
  return [
    p.id,
    new Date(p.created * 1000).toISOString(),
    p.status,
    p.currency.toUpperCase(),
    minorToDecimal(p.amount, exponent),
    p.amount,
    minorToDecimal(p.amount_refunded, exponent),
    p.amount_refunded,
    minorToDecimal(p.application_fee_amount, exponent),
    p.application_fee_amount,
    p.payment_method_type ?? '',
    p.customer ?? '',
    p.description,
  ]
    .map(csvField)
    .join(',');
}

/**
 * Walks the API's pages for the filters and downloads the CSV, with a UTF-8
 * byte order mark so that Excel reads Chinese descriptions correctly.
 */
export async function exportPaymentsCsv(query: PaymentListQuery): Promise<number> {
  const lines = [HEADER.join(',')];
  let startingAfter: string | undefined;
  for (let page = 0; page < MAX_EXPORT_PAGES; page += 1) {
    const list = await must(consoleApi.GET('/v1/payment_intents', { params: { query: { ...query, limit: 100, ...(startingAfter === undefined ? {} : { starting_after: startingAfter }) } } }));
    for (const payment of list.data) lines.push(paymentCsvRow(payment));
    const last = list.data[list.data.length - 1];
    if (!list.has_more || last === undefined) break;
    startingAfter = last.id;
  }
  const blob = new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `payments-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return lines.length - 1;
}
