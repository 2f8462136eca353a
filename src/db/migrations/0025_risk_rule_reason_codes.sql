-- Owner: risk module (src/risk). A rule's own reason code, the code a payment it stops
-- carries (`risk.reasons[].code`). NULL: derived from the rule's name, as before; a name
-- in Chinese has no such derivation, hence the column.
ALTER TABLE risk_rules ADD COLUMN reason_code text CHECK (reason_code ~ '^[a-z][a-z0-9_]{0,63}$');
ALTER TABLE risk_rule_versions ADD COLUMN reason_code text;
