package dev.syncwright.connectors.jdbc;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL server the tests run against, started by {@code .ci/start-postgres.sh}, which exports
 * {@code SYNCWRIGHT_PG_URL} and {@code SYNCWRIGHT_PG_USER} (and optionally {@code SYNCWRIGHT_PG_PASSWORD}).
 * Without them the PostgreSQL tests are skipped, except in CI ({@code CI=true}), where they fail: CI must
 * never pass without having run them.
 */
final class PostgresServer {
    private PostgresServer() {
    }

    static String url() {
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        if (url == null || url.isBlank()) {
            String how = "start one with: eval \"$(.ci/start-postgres.sh)\"";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but SYNCWRIGHT_PG_URL is not set, so the PostgreSQL tests cannot run; " + how);
            }
            String message = "SYNCWRIGHT_PG_URL is not set: PostgreSQL tests skipped; " + how;
            System.err.println("WARNING: " + message);
            Assumptions.abort(message);
        }
        return url;
    }

    static String user() {
        String user = System.getenv("SYNCWRIGHT_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    static String password() {
        String password = System.getenv("SYNCWRIGHT_PG_PASSWORD");
        return password == null ? "" : password;
    }
}
