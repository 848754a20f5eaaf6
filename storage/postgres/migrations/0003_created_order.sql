-- Schema version 3, mirroring storage/sqlite's 0003_created_order.sql:
-- indexes for the created order (catalog.OrderCreated), in which the DCAT
-- catalogue pages. Edits keep created_at, so a harvester continuing after
-- the last key of a page neither skips nor repeats a dataset; like the
-- other list orders, each batch and page continues along an index instead
-- of sorting the table. The state-led index serves the usual "active
-- only" filter, the other one all states at once. Not CONCURRENTLY: the
-- migration runs in a transaction, and a catalogue's datasets table is
-- small enough that writes wait only briefly for the build.
CREATE INDEX datasets_state_created ON datasets (state, created_at, id);
CREATE INDEX datasets_created ON datasets (created_at, id);
