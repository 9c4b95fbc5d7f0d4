-- Syncwright JDBC store, schema version 1, PostgreSQL 14 or later.
--
-- {{name}} stands for a table or function: "schema"."prefix" + name, quoted (the schema only when one is
-- configured); {{#name}} for an index or trigger name: "prefix" + name, quoted. JdbcStores.ddl(...) gives this
-- script with them replaced. Every text that is sorted or compared is COLLATE "C": byte order of UTF-8, which is
-- Unicode code point order, the report's text order.

CREATE TABLE {{schema_version}} (
    version      integer PRIMARY KEY,
    description  text NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now()
);

-- Entry ids are handed out in blocks: a store takes the next block here, then gives ids from it in memory.
CREATE TABLE {{id_blocks}} (
    name    text PRIMARY KEY,
    next_id bigint NOT NULL
);
INSERT INTO {{id_blocks}} (name, next_id) VALUES ('entry', 1);

-- One row per journal entry (a record attempted), the report's lines. sync_name, run_id, system, entity,
-- reference, source_id and created are those of the entry's first write and never change; last_run_id is the
-- run of the latest write, null while that is run_id. The *_lc columns hold the texts in lower case (Java's
-- Locale.ROOT), so case-insensitive matching is the same on every database and locale; system_lc is null when
-- the system is in lower case already. open: the delivery is not final (SENT, PENDING) and its sync was not
-- reset since; purged: removed from the report by retention while still open (the journal finishes it).
CREATE TABLE {{entries}} (
    id          bigint PRIMARY KEY,
    created     timestamptz NOT NULL,
    updated     timestamptz NOT NULL,
    attempts    integer NOT NULL,
    status      smallint NOT NULL,
    passed      boolean NOT NULL,
    open        boolean NOT NULL,
    purged      boolean NOT NULL DEFAULT false,
    sync_name   text COLLATE "C" NOT NULL,
    run_id      text COLLATE "C" NOT NULL,
    last_run_id text COLLATE "C",
    system      text COLLATE "C" NOT NULL,
    system_lc   text COLLATE "C",
    entity      text COLLATE "C" NOT NULL,
    reference   text COLLATE "C",
    reference_lc text COLLATE "C",
    source_id   text COLLATE "C",
    endpoint_id text COLLATE "C",
    message     text COLLATE "C",
    message_lc  text COLLATE "C",
    delivery_id text
);
-- the time window, sorting by creation time, the edges of rolled-up counts (index-only), retention
CREATE INDEX {{#entries_created}} ON {{entries}} (created, id) INCLUDE (status) WHERE NOT purged;
-- status filters sorted by creation time: the "FAILED, newest first" screen
CREATE INDEX {{#entries_status_created}} ON {{entries}} (status, created, id) WHERE NOT purged;
-- an entity's entries in id order: exports of whole entities, the entity filter
CREATE INDEX {{#entries_entity}} ON {{entries}} (entity, id) WHERE NOT purged;
-- what a next run of a sync must finish
CREATE INDEX {{#entries_open}} ON {{entries}} (sync_name, entity) WHERE open;
-- purged entries closed since, removed by the next purge
CREATE INDEX {{#entries_purged}} ON {{entries}} (id) WHERE purged;

-- Entries per creation hour and status (not purged), kept by statement triggers on the entries table, so a
-- count over a window adds up a few rows per hour instead of reading every entry. Rows are spread over 8
-- shards by database session, so concurrent writers rarely wait for each other's row.
CREATE TABLE {{entry_counts}} (
    bucket timestamptz NOT NULL,
    status smallint NOT NULL,
    shard  smallint NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (bucket, status, shard)
);

CREATE FUNCTION {{count_inserted}}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {{entry_counts}} AS c (bucket, status, shard, n)
    SELECT date_bin('1 hour', created, timestamptz '1970-01-01 00:00:00+00'), status, (pg_backend_pid() % 8)::smallint,
           count(*)
    FROM new_entries WHERE NOT purged
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (bucket, status, shard) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION {{count_updated}}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {{entry_counts}} AS c (bucket, status, shard, n)
    SELECT bucket, status, (pg_backend_pid() % 8)::smallint, sum(d)
    FROM (SELECT date_bin('1 hour', created, timestamptz '1970-01-01 00:00:00+00') AS bucket, status, -1 AS d
          FROM old_entries WHERE NOT purged
          UNION ALL
          SELECT date_bin('1 hour', created, timestamptz '1970-01-01 00:00:00+00'), status, 1
          FROM new_entries WHERE NOT purged) AS changes
    GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
    ON CONFLICT (bucket, status, shard) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION {{count_deleted}}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {{entry_counts}} AS c (bucket, status, shard, n)
    SELECT date_bin('1 hour', created, timestamptz '1970-01-01 00:00:00+00'), status, (pg_backend_pid() % 8)::smallint,
           -count(*)
    FROM old_entries WHERE NOT purged
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (bucket, status, shard) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER {{#entries_count_inserted}} AFTER INSERT ON {{entries}}
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION {{count_inserted}}();
CREATE TRIGGER {{#entries_count_updated}} AFTER UPDATE ON {{entries}}
    REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION {{count_updated}}();
CREATE TRIGGER {{#entries_count_deleted}} AFTER DELETE ON {{entries}}
    REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION {{count_deleted}}();

-- Per sync and entity, the last committed checkpoint.
CREATE TABLE {{checkpoints}} (
    sync_name     text COLLATE "C" NOT NULL,
    entity        text COLLATE "C" NOT NULL,
    position      text NOT NULL,
    complete      boolean NOT NULL,
    last_complete text NOT NULL,
    PRIMARY KEY (sync_name, entity)
);

-- Per sync, the run that claimed it last (running or ended).
CREATE TABLE {{sync_holders}} (
    sync_name text COLLATE "C" PRIMARY KEY,
    run_id    text COLLATE "C" NOT NULL
);

-- Runs: their claim (lease), progress per entity (JSON) and end.
CREATE TABLE {{runs}} (
    run_id      text COLLATE "C" PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    sync_name   text COLLATE "C" NOT NULL,
    system      text NOT NULL,
    owner       text NOT NULL,
    started_at  timestamptz NOT NULL,
    lease_until timestamptz NOT NULL,
    status      text,
    ended_at    timestamptz,
    failure     text,
    entities    text NOT NULL
);
CREATE INDEX {{#runs_sync}} ON {{runs}} (sync_name, seq);

-- The sync log: warnings and errors of runs.
CREATE TABLE {{sync_log}} (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time        timestamptz NOT NULL,
    level       text NOT NULL,
    run_id      text COLLATE "C" NOT NULL,
    system      text NOT NULL,
    entity      text,
    kind        text NOT NULL,
    message     text NOT NULL,
    error_class text
);
CREATE INDEX {{#sync_log_run}} ON {{sync_log}} (run_id, time, seq);
CREATE INDEX {{#sync_log_time}} ON {{sync_log}} (time, seq);

-- Connections: each one's whole state as JSON; seq keeps the order of first saves.
CREATE TABLE {{connections}} (
    id       text COLLATE "C" PRIMARY KEY,
    seq      bigint GENERATED ALWAYS AS IDENTITY,
    state    text NOT NULL,
    saved_at timestamptz NOT NULL
);

INSERT INTO {{schema_version}} (version, description) VALUES (1, 'journal, report, runs, sync log, connections');
