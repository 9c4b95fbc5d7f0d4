package dev.syncwright.store.jdbc;

import dev.syncwright.reporting.ReportStore;
import dev.syncwright.testkit.contract.ReportStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/** The JDBC report store on a PostgreSQL server passes the report store and run journal contracts. */
class PostgresReportStoreTest extends ReportStoreContract {
    @RegisterExtension
    static final ClassDatabase DB = ClassDatabase.postgres();

    @Override
    protected ReportStore newStore(Clock clock) {
        return DB.get().stores(clock).build().reportStore();
    }
}
