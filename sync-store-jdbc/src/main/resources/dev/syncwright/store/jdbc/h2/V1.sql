-- Syncwright JDBC store, schema version 1, H2 2.x.
--
-- {{name}} stands for a table: "schema"."prefix" + name, quoted (the schema only when one is configured);
-- {{#name}} for an index name: "prefix" + name, quoted. JdbcStores.ddl(...) gives this script with them
-- replaced. The columns are those of the PostgreSQL script; H2 has no partial indexes and no rolled-up counts
-- (counts read the entries). H2 runs DDL outside transactions, so every statement may run again: an
-- interrupted creation completes when the script runs once more. H2 compares texts by UTF-16 code unit (Java's
-- String.compareTo), which is Unicode code point order except between characters above U+FFFF and characters
-- from U+E000 to U+FFFF.

CREATE TABLE IF NOT EXISTS {{schema_version}} (
    version      INTEGER PRIMARY KEY,
    description  CHARACTER VARYING NOT NULL,
    installed_at TIMESTAMP(9) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS {{id_blocks}} (
    name    CHARACTER VARYING PRIMARY KEY,
    next_id BIGINT NOT NULL
);
INSERT INTO {{id_blocks}} (name, next_id) SELECT 'entry', 1 WHERE NOT EXISTS (SELECT 1 FROM {{id_blocks}});

CREATE TABLE IF NOT EXISTS {{entries}} (
    id           BIGINT PRIMARY KEY,
    created      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    updated      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    attempts     INTEGER NOT NULL,
    status       SMALLINT NOT NULL,
    passed       BOOLEAN NOT NULL,
    open         BOOLEAN NOT NULL,
    purged       BOOLEAN DEFAULT FALSE NOT NULL,
    sync_name    CHARACTER VARYING NOT NULL,
    run_id       CHARACTER VARYING NOT NULL,
    last_run_id  CHARACTER VARYING,
    system       CHARACTER VARYING NOT NULL,
    system_lc    CHARACTER VARYING,
    entity       CHARACTER VARYING NOT NULL,
    reference    CHARACTER VARYING,
    reference_lc CHARACTER VARYING,
    source_id    CHARACTER VARYING,
    endpoint_id  CHARACTER VARYING,
    message      CHARACTER VARYING,
    message_lc   CHARACTER VARYING,
    delivery_id  CHARACTER VARYING
);
-- H2 answers a query from an index alone when the index holds every column the query reads, so the indexes
-- that counts use end with status and purged. There is no index on purged alone: H2 would pick it for the
-- "NOT purged" of every report query and read all rows through it.
CREATE INDEX IF NOT EXISTS {{#entries_created}} ON {{entries}} (created, status, purged);
CREATE INDEX IF NOT EXISTS {{#entries_status_created}} ON {{entries}} (status, created, id, purged);
CREATE INDEX IF NOT EXISTS {{#entries_entity}} ON {{entries}} (entity, id);
CREATE INDEX IF NOT EXISTS {{#entries_open}} ON {{entries}} (open, sync_name, entity);

CREATE TABLE IF NOT EXISTS {{checkpoints}} (
    sync_name     CHARACTER VARYING NOT NULL,
    entity        CHARACTER VARYING NOT NULL,
    position      CHARACTER VARYING NOT NULL,
    complete      BOOLEAN NOT NULL,
    last_complete CHARACTER VARYING NOT NULL,
    PRIMARY KEY (sync_name, entity)
);

CREATE TABLE IF NOT EXISTS {{sync_holders}} (
    sync_name CHARACTER VARYING PRIMARY KEY,
    run_id    CHARACTER VARYING NOT NULL
);

CREATE TABLE IF NOT EXISTS {{runs}} (
    run_id      CHARACTER VARYING PRIMARY KEY,
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    sync_name   CHARACTER VARYING NOT NULL,
    system      CHARACTER VARYING NOT NULL,
    owner       CHARACTER VARYING NOT NULL,
    started_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    lease_until TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    status      CHARACTER VARYING,
    ended_at    TIMESTAMP(9) WITH TIME ZONE,
    failure     CHARACTER VARYING,
    entities    CHARACTER LARGE OBJECT NOT NULL
);
CREATE INDEX IF NOT EXISTS {{#runs_sync}} ON {{runs}} (sync_name, seq);

CREATE TABLE IF NOT EXISTS {{sync_log}} (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time        TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    level       CHARACTER VARYING NOT NULL,
    run_id      CHARACTER VARYING NOT NULL,
    system      CHARACTER VARYING NOT NULL,
    entity      CHARACTER VARYING,
    kind        CHARACTER VARYING NOT NULL,
    message     CHARACTER VARYING NOT NULL,
    error_class CHARACTER VARYING
);
CREATE INDEX IF NOT EXISTS {{#sync_log_run}} ON {{sync_log}} (run_id, time, seq);
CREATE INDEX IF NOT EXISTS {{#sync_log_time}} ON {{sync_log}} (time, seq);

CREATE TABLE IF NOT EXISTS {{connections}} (
    id       CHARACTER VARYING PRIMARY KEY,
    seq      BIGINT GENERATED ALWAYS AS IDENTITY,
    state    CHARACTER LARGE OBJECT NOT NULL,
    saved_at TIMESTAMP(9) WITH TIME ZONE NOT NULL
);

INSERT INTO {{schema_version}} (version, description)
    SELECT 1, 'journal, report, runs, sync log, connections' WHERE NOT EXISTS (SELECT 1 FROM {{schema_version}});
