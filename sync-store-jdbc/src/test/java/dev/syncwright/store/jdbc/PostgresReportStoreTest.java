package dev.syncwright.store.jdbc;

import dev.syncwright.reporting.ReportStore;
import dev.syncwright.testkit.contract.ReportStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;

/** The JDBC report store on a PostgreSQL server passes the report store and run journal contracts. */
class PostgresReportStoreTest extends ReportStoreContract {
    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = TestDatabase.postgres();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected ReportStore newStore(Clock clock) {
        return db.stores(clock).build().reportStore();
    }
}
