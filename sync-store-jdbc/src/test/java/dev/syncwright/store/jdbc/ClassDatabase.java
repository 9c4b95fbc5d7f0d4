package dev.syncwright.store.jdbc;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/** A {@link TestDatabase} for a whole test class: opened before its first test, closed after its last. */
final class ClassDatabase implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<TestDatabase> open;
    private TestDatabase db;

    private ClassDatabase(Supplier<TestDatabase> open) {
        this.open = open;
    }

    static ClassDatabase h2() {
        return new ClassDatabase(TestDatabase::h2);
    }

    static ClassDatabase postgres() {
        return new ClassDatabase(TestDatabase::postgres);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = open.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    TestDatabase get() {
        return db;
    }
}
