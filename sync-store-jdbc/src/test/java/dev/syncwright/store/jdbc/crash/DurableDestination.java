package dev.syncwright.store.jdbc.crash;

import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A destination whose state outlives the process writing to it: every write of a record counts in a table (so a
 * test sees what arrived, and how often), and every third record is answered SENT and confirmed by a later poll
 * from a deliveries table (so deliveries awaiting confirmation outlive a kill too).
 */
final class DurableDestination implements DestinationConnector {
    static final String RECEIVED = "crash_received";
    static final String DELIVERIES = "crash_deliveries";
    private static final long CONFIRMED_AFTER_MILLIS = 400;
    private final DataSource dataSource;
    private final String runToken;

    DurableDestination(DataSource dataSource, String runToken) {
        this.dataSource = dataSource;
        this.runToken = runToken;
    }

    static void createTables(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + RECEIVED + " (entity VARCHAR(100) NOT NULL, record_key VARCHAR(100) NOT NULL,"
                    + " writes INT NOT NULL, PRIMARY KEY (entity, record_key))");
            s.execute("CREATE TABLE IF NOT EXISTS " + DELIVERIES + " (delivery_id VARCHAR(200) PRIMARY KEY, due_at BIGINT NOT NULL)");
        }
    }

    @Override
    public String systemName() {
        return "durable";
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE " + RECEIVED
                    + " SET writes = writes + 1 WHERE entity = ? AND record_key = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO " + RECEIVED
                         + " (entity, record_key, writes) VALUES (?, ?, 1)");
                 PreparedStatement delivery = c.prepareStatement("INSERT INTO " + DELIVERIES
                         + " (delivery_id, due_at) VALUES (?, ?)")) {
                for (SyncRecord r : batch) {
                    update.setString(1, entity.name());
                    update.setString(2, r.key());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, entity.name());
                        insert.setString(2, r.key());
                        insert.executeUpdate();
                    }
                    if (Math.floorMod(r.key().hashCode(), 3) == 0) {
                        String id = runToken + "/" + entity.name() + "/" + r.key() + "/" + System.nanoTime();
                        delivery.setString(1, id);
                        delivery.setLong(2, System.currentTimeMillis() + CONFIRMED_AFTER_MILLIS);
                        delivery.executeUpdate();
                        out.add(DeliveryOutcome.sent(id, null));
                    } else {
                        out.add(DeliveryOutcome.ok(null));
                    }
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw ConnectorException.transientFailure("write failed: " + e.getMessage(), e);
        }
    }

    /** A delivery is confirmed once it is due: the receiver takes a while, and kills land in between. */
    @Override
    public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        Map<String, DeliveryOutcome> answers = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + DELIVERIES + " WHERE delivery_id = ? AND due_at <= ?")) {
            long now = System.currentTimeMillis();
            for (String id : deliveryIds) {
                q.setString(1, id);
                q.setLong(2, now);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        answers.put(id, DeliveryOutcome.ok(null));
                    }
                }
            }
        } catch (SQLException e) {
            throw ConnectorException.transientFailure("poll failed: " + e.getMessage(), e);
        }
        return answers;
    }
}
