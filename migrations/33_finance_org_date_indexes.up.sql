-- Roadmap §2.4's (org_id, date, status) indexes, on the business date our
-- lists sort by (not occurred_at, which no query filters on) and on every
-- live row (the list shows every status, and the approvals queue pending
-- ones). They serve the transaction list, search and approvals queue across
-- several properties (an admin's, with no propertyId): ordered by
-- (business date, id) descending, an index that leads with the organisation
-- and the date returns the page from each quarter's partition without reading
-- and sorting the organisation's whole history, which the per-property index
-- cannot (property_id = ANY(...) breaks its order). Measured in
-- docs/performance.md, "Indexes from the roadmap, before → after".
-- On the partitioned parents, so every quarter's partition (and each one
-- finance_partition_quarter creates later) gets its own.
CREATE INDEX revenues_org_date_idx ON revenues (org_id, business_date, id) WHERE deleted_at IS NULL;
CREATE INDEX expenses_org_date_idx ON expenses (org_id, expense_date, id) WHERE deleted_at IS NULL;
