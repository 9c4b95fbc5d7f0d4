package dev.syncwright.store.jdbc;

import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.testkit.contract.ConnectionStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/** The JDBC connection store on a PostgreSQL server passes the connection store contract. */
class PostgresConnectionStoreTest extends ConnectionStoreContract {
    @RegisterExtension
    static final ClassDatabase DB = ClassDatabase.postgres();

    @Override
    protected ConnectionStore newStore() {
        return DB.get().stores(Clock.systemUTC()).build().connectionStore();
    }
}
