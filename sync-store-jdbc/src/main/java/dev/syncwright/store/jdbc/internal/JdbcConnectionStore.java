package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.store.jdbc.ConnectionStateJson;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection states in a database, one row per connection holding its state as JSON
 * ({@link ConnectionStateJson}); a save is one upsert, visible to every later load once it returns. Thread-safe.
 */
public final class JdbcConnectionStore implements ConnectionStore {
    private final Db db;
    private final Tables t;
    private final String upsert;
    private final Clock clock;

    /**
     * @param db      the database
     * @param dialect its dialect, over the store's tables
     * @param clock   the time a save is stamped with
     */
    public JdbcConnectionStore(Db db, Dialect dialect, Clock clock) {
        this.db = db;
        this.t = dialect.tables;
        this.upsert = dialect.upsertConnectionSql();
        this.clock = clock;
    }

    @Override
    public void save(ConnectionState state) {
        Objects.requireNonNull(state, "state must not be null");
        String json = ConnectionStateJson.write(state);
        db.write("save connection '" + state.id() + "'", c -> {
            try (PreparedStatement up = c.prepareStatement(upsert)) {
                up.setString(1, state.id());
                up.setString(2, json);
                up.setObject(3, Values.utc(clock.instant()));
                return up.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ConnectionState> load(String connectionId) {
        if (connectionId == null) {
            return Optional.empty();
        }
        List<ConnectionState> found = select("WHERE id = ?", connectionId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ConnectionState> loadAll() {
        return select("ORDER BY seq", null);
    }

    private List<ConnectionState> select(String rest, String id) {
        return db.read("load connections", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT state FROM " + t.connections() + " " + rest)) {
                if (id != null) {
                    q.setString(1, id);
                }
                List<ConnectionState> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(ConnectionStateJson.read(rs.getString(1)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public void delete(String connectionId) {
        if (connectionId == null) {
            return;
        }
        db.write("delete connection '" + connectionId + "'", c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.connections() + " WHERE id = ?")) {
                d.setString(1, connectionId);
                return d.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcConnectionStore[" + t + "]";
    }
}
