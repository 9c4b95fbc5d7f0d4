package dev.syncwright.testkit.contract;

import dev.syncwright.core.connection.ConnectionStore;

/** The core's in-memory connection store passes the connection store contract. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {
    @Override
    protected ConnectionStore newStore() {
        return ConnectionStore.inMemory();
    }
}
