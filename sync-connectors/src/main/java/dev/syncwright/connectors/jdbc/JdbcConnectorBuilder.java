package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings {@link JdbcSource.Builder} and {@link JdbcDestination.Builder} share: how to reach the database and
 * how to write SQL for it. Give either a {@link #url} (with {@link #user} and {@link #password}; the connector then
 * keeps its own small pool, sized by {@link #maxConnections}) or the host's {@link #dataSource} (its HikariCP
 * pool, say: connections are borrowed per batch or page and given back at once). Each setting is checked as it is
 * given, or on {@code build()}, with a {@link ConfigurationException} naming it. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class JdbcConnectorBuilder<B extends JdbcConnectorBuilder<B>> {
    /** The built-in pool's default cap on connections handed out at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10;
    /** How long a borrower waits for a connection of the built-in pool by default. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

    String url;
    String user;
    Secret password;
    DataSource dataSource;
    Duration queryTimeout = Duration.ofMinutes(5);
    Integer maxConnections;
    Duration connectionTimeout;
    String systemName = "jdbc";
    SqlDialect dialect;

    JdbcConnectorBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param url the JDBC URL, e.g. {@code jdbc:postgresql://host/db}; the driver must be on the class path
     * @return this builder
     * @throws ConfigurationException naming {@code url} when it is blank, does not start with {@code jdbc:}, or a
     *                                data source was given
     */
    public B url(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("url", "must not be blank");
        }
        if (!url.startsWith("jdbc:")) {
            throw new ConfigurationException("url", "must start with 'jdbc:', was '" + Texts.redactUrl(url) + "'");
        }
        if (dataSource != null) {
            throw new ConfigurationException("url", "set either url or dataSource, not both");
        }
        this.url = url;
        return self();
    }

    /**
     * Uses the host's data source instead of a URL: a connection is borrowed for each batch written or page read
     * and closed (given back) right after, in auto-commit mode and out of any transaction. The connector never
     * closes the data source; size its pool for the entities synced at once. The dialect is told from the
     * database's product name unless {@link #dialect} is set.
     *
     * @param dataSource the host's data source, not null; it must be thread-safe, as every pool is
     * @return this builder
     * @throws ConfigurationException naming {@code dataSource} when a URL was given
     */
    public B dataSource(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (url != null) {
            throw new ConfigurationException("dataSource", "set either url or dataSource, not both");
        }
        this.dataSource = dataSource;
        return self();
    }

    /**
     * @param user the database user for the URL, may be null; not with a data source
     * @return this builder
     */
    public B user(String user) {
        this.user = user;
        return self();
    }

    /**
     * @param password the password for the URL, may be null; never shown in messages; not with a data source
     * @return this builder
     */
    public B password(Secret password) {
        this.password = password;
        return self();
    }

    /**
     * @param max how many connections the built-in pool hands out at once (default
     *            {@value #DEFAULT_MAX_CONNECTIONS}); a borrower waits for one at most {@link #connectionTimeout}.
     *            Not with a data source
     * @return this builder
     * @throws ConfigurationException naming {@code maxConnections} when it is less than 1
     */
    public B maxConnections(int max) {
        if (max < 1) {
            throw new ConfigurationException("maxConnections", "must be at least 1, was " + max);
        }
        this.maxConnections = max;
        return self();
    }

    /**
     * @param timeout how long a batch or page waits for a connection of the built-in pool when all
     *                {@link #maxConnections} are in use (default 30 s); then it fails as a transient error, retried
     *                by the engine. Not with a data source
     * @return this builder
     * @throws ConfigurationException naming {@code connectionTimeout} when it is not positive
     */
    public B connectionTimeout(Duration timeout) {
        this.connectionTimeout = positive("connectionTimeout", timeout);
        return self();
    }

    /**
     * @param timeout the longest a statement may run before it fails (transient); default 5 minutes
     * @return this builder
     * @throws ConfigurationException naming {@code queryTimeout} when it is not positive
     */
    public B queryTimeout(Duration timeout) {
        this.queryTimeout = positive("queryTimeout", timeout);
        return self();
    }

    /**
     * @param name the system's name shown in reports, not blank (default {@code jdbc})
     * @return this builder
     * @throws ConfigurationException naming {@code systemName} when it is blank
     */
    public B systemName(String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("systemName", "must not be blank");
        }
        this.systemName = name;
        return self();
    }

    /**
     * @param dialect how SQL is written for the database, not null; default: the built-in one of the URL or,
     *                with a data source, of the database's product name (H2, PostgreSQL)
     * @return this builder
     */
    public B dialect(SqlDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        return self();
    }

    private static Duration positive(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(setting, "must be positive, was " + d);
        }
        return d;
    }
}
