-- properties.currency was char(3) (bpchar). Encore's runtime neither binds a
-- JS string to bpchar ("string not supported for column of type bpchar") nor
-- returns one, so creating, editing or reading a property would fail under
-- it. text with the same three-letter shape kept by a check.
ALTER TABLE properties
  ALTER COLUMN currency TYPE text,
  ADD CONSTRAINT properties_currency_check CHECK (currency ~ '^[A-Z]{3}$');
