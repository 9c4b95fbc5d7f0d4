package dev.syncwright.store.jdbc;

import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.testkit.contract.ConnectionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/** The JDBC connection store on an H2 file database passes the connection store contract. */
class H2ConnectionStoreTest extends ConnectionStoreContract {
    @RegisterExtension
    static final ClassDatabase DB = ClassDatabase.h2();

    @Override
    protected ConnectionStore newStore() {
        return DB.get().stores(Clock.systemUTC()).build().connectionStore();
    }
}
