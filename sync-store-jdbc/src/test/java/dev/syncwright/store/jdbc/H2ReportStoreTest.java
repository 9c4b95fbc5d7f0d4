package dev.syncwright.store.jdbc;

import dev.syncwright.reporting.ReportStore;
import dev.syncwright.testkit.contract.ReportStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/** The JDBC report store on an H2 file database passes the report store and run journal contracts. */
class H2ReportStoreTest extends ReportStoreContract {
    @RegisterExtension
    static final ClassDatabase DB = ClassDatabase.h2();

    @Override
    protected ReportStore newStore(Clock clock) {
        return DB.get().stores(clock).build().reportStore();
    }
}
