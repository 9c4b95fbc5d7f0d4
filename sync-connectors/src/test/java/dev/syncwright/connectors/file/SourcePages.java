package dev.syncwright.connectors.file;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.util.ArrayList;
import java.util.List;

/** Reads an entity page by page, as the engine does, each page from the checkpoint the last one gave. */
final class SourcePages {
    private SourcePages() {
    }

    static List<SyncRecord> readAll(SourceConnector source, EntityDescriptor entity, Checkpoint from, int pageSize) {
        List<SyncRecord> records = new ArrayList<>();
        Page page = source.read(entity, from, pageSize);
        records.addAll(page.records());
        while (page.hasMore()) {
            page = source.read(entity, page.next(), pageSize);
            records.addAll(page.records());
        }
        return records;
    }
}
