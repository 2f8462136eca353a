/**
 * Paygrid's chart of accounts: the `code` each ledger account carries, grouped
 * the way accountants group them (1xxx assets, 2xxx liabilities, 4xxx revenue,
 * 5xxx expenses, 9xxx control). Operators may use any other code 1..65535 for
 * their own accounts; these are the ones Paygrid's modules create.
 */
export const CHART_OF_ACCOUNTS = {
  /** Money held at settlement banks and processors on the platform's behalf. */
  settlementAssets: 1000,
  /** Card and bank funds authorised or in flight from processors. */
  processorReceivables: 1100,
  /**
   * Money a prepaid card's issuer collected outside Paygrid to load its cards (cash
   * at a counter, a bank transfer), one account per issuer and currency: the
   * counterpart of every load.
   */
  prepaidFunding: 1200,
  /** Customer wallet balances: the platform owes these to consumers. */
  customerWallets: 2000,
  /** Stored value on prepaid cards. */
  prepaidCards: 2100,
  /** What the platform owes merchants for captured payments not yet settled. */
  merchantPendingPayables: 2200,
  /** What the platform owes merchants after settlement: paid out from here. */
  merchantAvailablePayables: 2210,
  /** Fees the platform earned. */
  feeRevenue: 4000,
  /** Marketing spend: discounts and cashback the platform funds. */
  marketingExpense: 5000,
  /** Opening balances and corrections entered by operators. */
  operatorControl: 9000,
} as const;

export type ChartOfAccountsCode = (typeof CHART_OF_ACCOUNTS)[keyof typeof CHART_OF_ACCOUNTS];

/** The `code` of a transfer says what kind of movement it is; statements and reports read it. */
export const TRANSFER_CODES = {
  topUp: 1,
  payment: 2,
  refund: 3,
  walletTransfer: 4,
  fee: 5,
  payout: 6,
  prepaidLoad: 7,
  /** A share of a payment passed on to another merchant, such as a charging station's site host. */
  revenueShare: 8,
  adjustment: 9,
} as const;

export type TransferCode = (typeof TRANSFER_CODES)[keyof typeof TRANSFER_CODES];
