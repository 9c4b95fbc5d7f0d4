-- Optional part of schema version 1 on PostgreSQL: a trigram index for "reference contains" searches. It needs
-- the pg_trgm extension (shipped with PostgreSQL's contrib package; a trusted extension, so the database owner
-- may create it). Without it, a "reference contains" search reads every entry of its time window.
-- Creating the schema runs this after V1.sql and goes on without the index when it fails; run it later (with the
-- names replaced, see V1.sql) to add the index. On a large report, add CONCURRENTLY to CREATE INDEX and run it
-- outside a transaction so that writes go on while it builds.

-- The operator class is named with the schema the extension lives in, which need not be on the search path (an
-- extension created earlier in "public" while the store's tables live in a schema of their own).

CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
DECLARE
    trgm_schema name;
BEGIN
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX IF NOT EXISTS {{#entries_reference_trgm}} ON {{entries}} USING gin (reference_lc %I.gin_trgm_ops)',
                   trgm_schema);
END
$$;
