/** The prepaid module's public surface: prepaid stored-value cards, their loads, PINs and payments from them. */
export { PrepaidCards, fundingAccountId } from './prepaid-cards.ts';
export { PREPAID_NUMBER_DIGITS, PREPAID_NUMBER_PREFIX } from './card-number.ts';
export {
  MAX_BALANCE_MAJOR,
  MAX_CARDS_PER_HOLDER,
  MAX_LIST_LIMIT,
  MAX_LOAD_MAJOR,
  MAX_PIN_FAILURES,
  PIN_LOCK_MS,
  PREPAID_CARD_STATUSES,
  type BindResult,
  type IssueResult,
  type Issuer,
  type LoadRefusal,
  type LoadResult,
  type NewPrepaidCard,
  type PrepaidActor,
  type PrepaidCard,
  type PrepaidCardBalance,
  type PrepaidCardStatus,
  type PrepaidCardWithBalance,
  type PrepaidLoad,
  type PrepaidSpend,
  type PrepaidSpendRefusal,
  type StatusChangeResult,
} from './types.ts';
