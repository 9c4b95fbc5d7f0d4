package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.reporting.ReportStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Journal type {@code shared-memory}: in-memory report stores shared by name among the workers of one JVM (an
 * embedded cluster), {@code {"name": "it"}}.
 */
public final class SharedJournalFactory implements JournalFactory {
    private static final Map<String, ReportStore> STORES = new ConcurrentHashMap<>();

    /**
     * @param name a store's name
     * @return the store every worker of this JVM opens under that name
     */
    public static ReportStore store(String name) {
        return STORES.computeIfAbsent(name, n -> ReportStore.inMemory());
    }

    /** @param name a store's name: forgotten, so its memory can be reclaimed once no worker uses it */
    public static void drop(String name) {
        STORES.remove(name);
    }

    @Override
    public String type() {
        return "shared-memory";
    }

    @Override
    public Opened open(JsonNode config) {
        ReportStore store = store(config.path("name").asText("default"));
        return new Opened() {
            @Override
            public RunJournal journal() {
                return store;
            }

            @Override
            public void close() {
            }
        };
    }
}
