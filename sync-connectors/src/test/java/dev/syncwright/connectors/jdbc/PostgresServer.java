package dev.syncwright.connectors.jdbc;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

    /**
     * @param applicationName the name every connection made with the URL shows in {@code pg_stat_activity}
     * @return the server's URL with that name: a test can then find, and end, its own connections only, and never
     *         those of tests running at the same time against the same server
     */
    static String url(String applicationName) {
        String url = url();
        return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    }

    /**
     * Counts the connections named {@code applicationName} for which a condition on {@code pg_stat_activity} holds.
     *
     * @param where a condition on the view's columns, e.g. {@code state = 'idle in transaction'}
     */
    static long backends(String applicationName, String where) throws SQLException {
        return query("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? AND " + where, applicationName);
    }

    /**
     * Ends the connections named {@code applicationName} for which a condition on {@code pg_stat_activity} holds,
     * as a server restart or an administrator would.
     *
     * @return how many were ended
     */
    static long terminate(String applicationName, String where) throws SQLException {
        return query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ? AND "
                + where, applicationName);
    }

    /** Runs statements on a connection of their own. */
    static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** @return the number a query answers, on a connection of its own */
    static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long query(String sql, String applicationName) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user(), password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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
