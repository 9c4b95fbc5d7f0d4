package dev.syncwright.store.jdbc;

import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.testkit.contract.ConnectionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;

/** The JDBC connection store on an H2 file database passes the connection store contract. */
class H2ConnectionStoreTest extends ConnectionStoreContract {
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
    protected ConnectionStore newStore() {
        return db.stores(Clock.systemUTC()).build().connectionStore();
    }
}
