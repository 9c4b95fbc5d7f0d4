package dev.syncwright.store.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC stores' own behaviour on an H2 file database, and what only H2 needs. */
class H2StoresTest extends JdbcStoresBehaviour {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }

    @Test
    void commitsAreWrittenToTheFileBeforeTheyReturnSoAKilledProcessLosesNone() {
        assertThat(db.queryValue("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'"))
                .as("H2's default").isEqualTo("500");

        db.stores(clock).build();

        assertThat(db.queryValue("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'"))
                .isEqualTo("0");
    }
}
