package dev.syncwright.store.jdbc;

/** The JDBC stores' own behaviour on an H2 file database. */
class H2StoresTest extends JdbcStoresBehaviour {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
