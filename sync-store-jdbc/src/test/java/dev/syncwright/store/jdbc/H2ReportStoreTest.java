package dev.syncwright.store.jdbc;

import dev.syncwright.reporting.ReportStore;
import dev.syncwright.testkit.contract.ReportStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;

/** The JDBC report store on an H2 file database passes the report store and run journal contracts. */
class H2ReportStoreTest extends ReportStoreContract {
    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = TestDatabase.h2();
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
