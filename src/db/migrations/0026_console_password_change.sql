-- Owner: console module (src/console). A user an admin reset signs in with a temporary
-- password and must choose their own before the console lets them do anything else.
ALTER TABLE console_users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
