package dev.syncwright.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Entry ids handed out from blocks (hi/lo): a block of at least {@code blockSize} consecutive ids is taken from
 * the database's counter in one short transaction, then ids are given from it in memory. Stores in other JVMs
 * take other blocks, so no id is given twice. Ids left in a block when the store goes away are never used.
 * Thread-safe: callers wait only while a new block is taken.
 */
final class IdBlocks {
    private final Db db;
    private final String advance;
    private final String read;
    private final int blockSize;
    private final ReentrantLock lock = new ReentrantLock();
    private long next;
    private long end;

    IdBlocks(Db db, Tables t, int blockSize) {
        this.db = db;
        this.blockSize = blockSize;
        advance = "UPDATE " + t.idBlocks() + " SET next_id = next_id + ? WHERE name = 'entry'";
        read = "SELECT next_id FROM " + t.idBlocks() + " WHERE name = 'entry'";
    }

    /** @return the first of {@code count} consecutive ids no other caller gets */
    long reserve(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        lock.lock();
        try {
            if (end - next < count) {
                long size = Math.max(count, blockSize);
                next = take(size);
                end = next + size;
            }
            long first = next;
            next += count;
            return first;
        } finally {
            lock.unlock();
        }
    }

    /** @return the first id of a new block of {@code size} ids */
    private long take(long size) {
        return db.write("reserve entry ids", c -> {
            try (PreparedStatement up = c.prepareStatement(advance)) {
                up.setLong(1, size);
                if (up.executeUpdate() != 1) {
                    throw new SQLException("the entry id counter row is missing from the id_blocks table");
                }
            }
            try (PreparedStatement q = c.prepareStatement(read); ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1) - size; // the row is locked until commit: nobody else moved it meanwhile
            }
        });
    }
}
