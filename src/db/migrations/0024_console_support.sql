-- What the web consoles read and change (docs/api.md, "Console reads and
-- administration"): indexes for their lists and the dashboard, blocking a
-- customer, and prepaid cards bound to a consumer. Each section names the
-- module that owns its table.

-- Owner: customers module (src/customers). The operator blocks a customer: a
-- blocked customer can neither sign in nor pay. Listing and search by the
-- phone's last digits (a reversed prefix, so that the index serves it).
ALTER TABLE customers ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked'));
ALTER TABLE customers ADD COLUMN status_changed_at timestamptz;
CREATE INDEX customers_created_idx ON customers (created_at, id);
CREATE INDEX customers_phone_reversed_idx ON customers (reverse(phone) text_pattern_ops);

-- Owner: identity module (src/identity). Blocking a customer ends their live sessions.
CREATE INDEX identity_sessions_customer_idx ON identity_sessions (customer_id) WHERE revoked_at IS NULL;

-- Owner: payments module (src/payments). The operator's lists span merchants;
-- the dashboard counts payments and refunds per local day.
CREATE INDEX payment_intents_created_idx ON payment_intents (created_at, id);
CREATE INDEX payment_intents_customer_idx ON payment_intents (customer_id, created_at) WHERE customer_id IS NOT NULL;
CREATE INDEX payment_methods_customer_idx ON payment_methods (customer_id, created_at) WHERE customer_id IS NOT NULL;
CREATE INDEX refunds_created_idx ON refunds (created_at, id);

-- Owner: ledger module (src/ledger). A payment's transfers carry its id in
-- their metadata (payment_intent); the account list pages by creation.
CREATE INDEX ledger_transfers_payment_intent_idx ON ledger_transfers ((metadata ->> 'payment_intent'));
CREATE INDEX ledger_accounts_created_idx ON ledger_accounts (created_at, id);

-- Owner: events module (src/events). A payment's event history: the id of the
-- object an event is about; and the merchant's delivery log.
CREATE INDEX events_object_idx ON events ((data ->> 'id'), seq);
CREATE INDEX webhook_deliveries_merchant_idx ON webhook_deliveries (merchant_id, created_at, id);
CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at, id);

-- Owner: charging module (src/charging). Completed sessions by the time they stopped, for the dashboard.
CREATE INDEX charging_sessions_stopped_idx ON charging_sessions (stopped_at) WHERE status = 'completed';

-- Owner: prepaid module (src/prepaid). A consumer binds a card they hold (its
-- number and PIN) to their account, to see its balance in the app; a card is
-- bound to one customer at a time.
ALTER TABLE prepaid_cards ADD COLUMN holder_customer_id text;
ALTER TABLE prepaid_cards ADD COLUMN bound_at timestamptz;
ALTER TABLE prepaid_cards ADD CONSTRAINT prepaid_cards_bound_has_time CHECK ((holder_customer_id IS NULL) = (bound_at IS NULL));
CREATE INDEX prepaid_cards_holder_idx ON prepaid_cards (holder_customer_id, bound_at) WHERE holder_customer_id IS NOT NULL;
