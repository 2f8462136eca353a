import { MoneyError } from './errors.ts';

/** An upper-case ISO 4217 alphabetic code such as `CNY`. */
export type CurrencyCode = string;

export interface Currency {
  /** ISO 4217 alphabetic code, upper case. */
  code: string;
  /** ISO 4217 numeric code, three digits with leading zeros kept. */
  numeric: string;
  /** Minor-unit exponent: an amount of 1 minor unit is 10^-exponent major units. */
  exponent: number;
  name: string;
}

type CurrencyRow = readonly [code: string, numeric: string, exponent: number, name: string];

// Exponents follow the ISO 4217 list ("minor unit" column), not CLDR. CLDR, and so ICU and
// Intl.NumberFormat, shows fewer digits for some currencies (HUF, IDR, TWD, IQD, ...), but
// processors and central banks settle in ISO minor units, so the ledger must too.
const CURRENCY_ROWS: readonly CurrencyRow[] = [
  ['AED', '784', 2, 'UAE Dirham'],
  ['ARS', '032', 2, 'Argentine Peso'],
  ['AUD', '036', 2, 'Australian Dollar'],
  ['BDT', '050', 2, 'Taka'],
  ['BGN', '975', 2, 'Bulgarian Lev'],
  ['BHD', '048', 3, 'Bahraini Dinar'],
  ['BIF', '108', 0, 'Burundi Franc'],
  ['BND', '096', 2, 'Brunei Dollar'],
  ['BRL', '986', 2, 'Brazilian Real'],
  ['CAD', '124', 2, 'Canadian Dollar'],
  ['CHF', '756', 2, 'Swiss Franc'],
  ['CLF', '990', 4, 'Unidad de Fomento'],
  ['CLP', '152', 0, 'Chilean Peso'],
  ['CNY', '156', 2, 'Yuan Renminbi'],
  ['COP', '170', 2, 'Colombian Peso'],
  ['CZK', '203', 2, 'Czech Koruna'],
  ['DJF', '262', 0, 'Djibouti Franc'],
  ['DKK', '208', 2, 'Danish Krone'],
  ['EGP', '818', 2, 'Egyptian Pound'],
  ['EUR', '978', 2, 'Euro'],
  ['GBP', '826', 2, 'Pound Sterling'],
  ['GNF', '324', 0, 'Guinean Franc'],
  ['HKD', '344', 2, 'Hong Kong Dollar'],
  ['HUF', '348', 2, 'Forint'],
  ['IDR', '360', 2, 'Rupiah'],
  ['ILS', '376', 2, 'New Israeli Sheqel'],
  ['INR', '356', 2, 'Indian Rupee'],
  ['IQD', '368', 3, 'Iraqi Dinar'],
  ['ISK', '352', 0, 'Iceland Krona'],
  ['JOD', '400', 3, 'Jordanian Dinar'],
  ['JPY', '392', 0, 'Yen'],
  ['KES', '404', 2, 'Kenyan Shilling'],
  ['KHR', '116', 2, 'Riel'],
  ['KMF', '174', 0, 'Comorian Franc'],
  ['KRW', '410', 0, 'Won'],
  ['KWD', '414', 3, 'Kuwaiti Dinar'],
  ['KZT', '398', 2, 'Tenge'],
  ['LAK', '418', 2, 'Lao Kip'],
  ['LKR', '144', 2, 'Sri Lanka Rupee'],
  ['LYD', '434', 3, 'Libyan Dinar'],
  ['MAD', '504', 2, 'Moroccan Dirham'],
  ['MMK', '104', 2, 'Kyat'],
  ['MNT', '496', 2, 'Tugrik'],
  ['MOP', '446', 2, 'Pataca'],
  ['MXN', '484', 2, 'Mexican Peso'],
  ['MYR', '458', 2, 'Malaysian Ringgit'],
  ['NGN', '566', 2, 'Naira'],
  ['NOK', '578', 2, 'Norwegian Krone'],
  ['NPR', '524', 2, 'Nepalese Rupee'],
  ['NZD', '554', 2, 'New Zealand Dollar'],
  ['OMR', '512', 3, 'Rial Omani'],
  ['PEN', '604', 2, 'Sol'],
  ['PHP', '608', 2, 'Philippine Peso'],
  ['PKR', '586', 2, 'Pakistan Rupee'],
  ['PLN', '985', 2, 'Zloty'],
  ['PYG', '600', 0, 'Guarani'],
  ['QAR', '634', 2, 'Qatari Rial'],
  ['RON', '946', 2, 'Romanian Leu'],
  ['RUB', '643', 2, 'Russian Ruble'],
  ['RWF', '646', 0, 'Rwanda Franc'],
  ['SAR', '682', 2, 'Saudi Riyal'],
  ['SEK', '752', 2, 'Swedish Krona'],
  ['SGD', '702', 2, 'Singapore Dollar'],
  ['THB', '764', 2, 'Baht'],
  ['TND', '788', 3, 'Tunisian Dinar'],
  ['TRY', '949', 2, 'Turkish Lira'],
  ['TWD', '901', 2, 'New Taiwan Dollar'],
  ['UAH', '980', 2, 'Hryvnia'],
  ['UGX', '800', 0, 'Uganda Shilling'],
  ['USD', '840', 2, 'US Dollar'],
  ['UYI', '940', 0, 'Uruguay Peso en Unidades Indexadas (UI)'],
  ['UYU', '858', 2, 'Peso Uruguayo'],
  ['UYW', '927', 4, 'Unidad Previsional'],
  ['UZS', '860', 2, 'Uzbekistan Sum'],
  ['VND', '704', 0, 'Dong'],
  ['VUV', '548', 0, 'Vatu'],
  ['XAF', '950', 0, 'CFA Franc BEAC'],
  ['XOF', '952', 0, 'CFA Franc BCEAO'],
  ['XPF', '953', 0, 'CFP Franc'],
  ['ZAR', '710', 2, 'Rand'],
];

/** Every supported currency, sorted by code. */
export const CURRENCIES: readonly Currency[] = Object.freeze(
  CURRENCY_ROWS.map(([code, numeric, exponent, name]) =>
    Object.freeze({ code, numeric, exponent, name }),
  ),
);

const CURRENCIES_BY_CODE: ReadonlyMap<string, Currency> = new Map(
  CURRENCIES.map((currency) => [currency.code, currency]),
);

const ALPHA3 = /^[A-Za-z]{3}$/;

/** Looks a currency up by alphabetic code, ignoring case; `undefined` when unknown. */
export function findCurrency(code: string): Currency | undefined {
  // The shape check keeps odd input (non-strings from JS callers, long strings) away from
  // toUpperCase and the map.
  if (typeof code !== 'string' || !ALPHA3.test(code)) return undefined;
  return CURRENCIES_BY_CODE.get(code.toUpperCase());
}

/** Like `findCurrency`, but an unknown code is a `MoneyError` with code `unknown_currency`. */
export function requireCurrency(code: string): Currency {
  const currency = findCurrency(code);
  if (currency === undefined) {
    throw new MoneyError('unknown_currency', `unknown currency ${JSON.stringify(code)}`);
  }
  return currency;
}

/** True when `code` names a supported currency (case-insensitive). */
export function isCurrencyCode(code: string): boolean {
  return findCurrency(code) !== undefined;
}
