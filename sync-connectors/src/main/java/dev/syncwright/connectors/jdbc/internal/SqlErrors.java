package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Decides, from SQLSTATE codes, what a JDBC failure means for the engine. Stateless. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** @return the first SQLSTATE found in the exception, its chained exceptions and causes; "" if none */
    public static String state(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if (n.getSQLState() != null && !n.getSQLState().isEmpty()) {
                        return n.getSQLState();
                    }
                    if (n.getNextException() == n) {
                        break;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "";
    }

    /**
     * @return true for failures worth retrying: a lost or refused connection (class 08), a serialization
     *         failure or deadlock (40001, 40P01), a server shutting down or overloaded (57P01-57P03, 53300),
     *         a lock or statement timeout (HYT00, 57014)
     */
    public static boolean isTransient(SQLException e) {
        String state = state(e);
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                || state.startsWith("57P") || state.equals("53300") || state.equals("HYT00") || state.equals("57014")
                || state.equals("90067"); // H2: connection is broken
    }

    /** @return true when the connection itself is gone and must not be reused */
    public static boolean isConnectionLost(SQLException e) {
        String state = state(e);
        return e instanceof SQLRecoverableException || state.startsWith("08") || state.startsWith("57P")
                || state.equals("90067");
    }

    /** @return true for a failure caused by the data of one row: a constraint violation or a bad value */
    public static boolean isDataError(SQLException e) {
        String state = state(e);
        return state.startsWith("23") || state.startsWith("22");
    }

    /** @return true when a table or view does not exist */
    public static boolean isMissingTable(SQLException e) {
        String state = state(e);
        // H2 reports "not found" in an empty database with its own code 42104 (SQLState 42S04)
        return state.equals("42P01") || state.equals("42S02") || state.equals("42S04") || state.equals("42102")
                || state.equals("42104") || e.getErrorCode() == 42102 || e.getErrorCode() == 42104;
    }

    /**
     * Turns a failure to connect into the exception the engine expects.
     *
     * @param e   the failure
     * @param url the URL, shown without credentials or parameters; null when the connections come from the
     *            host's {@code DataSource}
     * @return a configuration error naming {@code url}, {@code user} or {@code password} (or {@code dataSource})
     *         when retrying cannot help, else a transient failure
     */
    public static ConnectorException connectFailure(SQLException e, String url) {
        String state = state(e);
        String where = url == null ? "the dataSource" : "'" + Texts.redactUrl(url) + "'";
        String setting = url == null ? "dataSource" : "url";
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("No suitable driver") || (state.isEmpty() && message.contains("suitable driver"))) {
            return new ConfigurationException(setting, "no JDBC driver on the class path accepts " + where
                    + " (is the driver jar missing, or the URL misspelt?)", e);
        }
        if (state.startsWith("28")) {
            return new ConfigurationException(url == null ? setting : "password", "the database at " + where
                    + " refused the user or password: " + Texts.describe(e), e);
        }
        if (state.equals("3D000") || state.equals("90146") || state.equals("90013")) {
            return new ConfigurationException(setting, "the database at " + where + " does not exist: " + Texts.describe(e), e);
        }
        if (isTransient(e)) {
            return ConnectorException.transientFailure("cannot connect to " + where + ": " + Texts.describe(e), e);
        }
        return new ConfigurationException(setting, "cannot connect to " + where + ": " + Texts.describe(e), e);
    }

    /** @return the exception for a failed statement: transient when retrying may help, else permanent */
    public static ConnectorException statementFailure(String what, SQLException e) {
        String message = what + ": " + Texts.describe(e);
        return isTransient(e) ? ConnectorException.transientFailure(message, e) : ConnectorException.permanent(message, e);
    }
}
