package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncMode;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SourceWorkTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final RunJournal journal = RunJournal.inMemory();
    /** Offsets as Kafka Connect would have committed them: the offset of the last record taken. */
    private final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();

    private static Settings.Source settings(String run, SyncMode mode, int batch) {
        return new Settings.Source("crm", run, "memory", "{}", "memory", "{}", List.of(), mode, "t", 2, batch,
                RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ofSeconds(1)).jitter(0).build(),
                Duration.ofSeconds(60), 1_000);
    }

    private SourceWork start(String run, SyncMode mode, int batch, InMemorySource source, String... entities) {
        Map<String, Integer> mine = new LinkedHashMap<>();
        for (int i = 0; i < entities.length; i++) {
            mine.put(entities[i], i % 2);
        }
        if (journal.run(run).isEmpty()) { // the connector claims a run before its tasks start
            Instant now = clock.instant();
            journal.claim(new RunRecord(run, "crm", "s", "o", now, now.plusSeconds(60), null, null, null, List.of()), now,
                    run.equals("r1") ? null : "r1");
        }
        SourceWork work = new SourceWork(settings(run, mode, batch), source, journal, clock);
        work.start(mine, partitions -> {
            Map<Map<String, Object>, Map<String, Object>> out = new HashMap<>();
            partitions.forEach(p -> out.put(p, committed.get(p)));
            return out;
        });
        return work;
    }

    private List<SourceRecord> poll(SourceWork work) throws InterruptedException {
        List<SourceRecord> records = work.poll(wait -> clock.advance(wait));
        return records == null ? List.of() : records;
    }

    private void commit(List<SourceRecord> records) {
        for (SourceRecord r : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
            committed.put(partition, offset);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> offset(SourceRecord r) {
        return (Map<String, Object>) r.sourceOffset();
    }

    private static long entry(SourceRecord r) {
        return RecordHeaders.Read.of(r.headers()).entry();
    }

    private static boolean isEnd(SourceRecord r) {
        return RecordHeaders.Read.of(r.headers()).isEnd();
    }

    @Test
    void aPageCommitsItsCheckpointOnlyWithItsLastRecord() throws InterruptedException {
        SourceWork work = start("r1", SyncMode.FULL, 3, InMemorySource.builder().entity("a", 7).build(), "a");

        List<SourceRecord> page = poll(work);

        assertThat(page).hasSize(3);
        assertThat(page.subList(0, 2)).allSatisfy(r -> assertThat(offset(r).get("checkpoint")).isEqualTo(""));
        assertThat(offset(page.get(2))).containsEntry("checkpoint", "3").containsEntry("complete", false);
        assertThat(page).extracting(SourceRecord::key).containsExactly("a-000000", "a-000001", "a-000002");
        assertThat(page).extracting(r -> RecordHeaders.Read.of(r.headers()).reference())
                .containsExactly("A-000000", "A-000001", "A-000002");
        assertThat(page).extracting(SourceRecord::kafkaPartition).containsOnly(0);
        assertThat(page).extracting(r -> RecordHeaders.Read.of(r.headers()).run()).containsOnly("r1");
    }

    @Test
    void theEndOfAnEntityIsARecordWithTheCountAndTheCompleteOffset() throws InterruptedException {
        SourceWork work = start("r1", SyncMode.FULL, 5, InMemorySource.builder().entity("a", 7).build(), "a");

        List<SourceRecord> all = new ArrayList<>(poll(work));
        all.addAll(poll(work));

        SourceRecord end = all.get(all.size() - 1);
        assertThat(isEnd(end)).isTrue();
        assertThat(RecordHeaders.Read.of(end.headers()).records()).isEqualTo(7);
        assertThat(offset(end)).containsEntry("checkpoint", "7").containsEntry("complete", true)
                .containsEntry("ordinal", 7L);
        assertThat(all.subList(0, 7)).extracting(SourceWorkTest::entry).doesNotHaveDuplicates();
        assertThat(poll(work)).as("nothing more to read in this run").isEmpty();
    }

    @Test
    void aPageReadAgainAfterAFailoverGetsTheSameEntryIds() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 10).build();
        SourceWork first = start("r1", SyncMode.FULL, 3, source, "a");
        List<SourceRecord> page1 = poll(first);
        commit(page1);
        List<SourceRecord> page2 = poll(first); // read, sent, but its offset never committed: the worker dies
        first.stop();

        SourceWork second = start("r1", SyncMode.FULL, 3, source, "a");
        List<SourceRecord> again = poll(second);

        assertThat(again).extracting(SourceRecord::key).isEqualTo(page2.stream().map(SourceRecord::key).toList());
        assertThat(again).extracting(SourceWorkTest::entry)
                .isEqualTo(page2.stream().map(SourceWorkTest::entry).toList());
    }

    @Test
    void aNewFullRunReadsACompleteEntityFromTheStartWithNewIds() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 2).build();
        SourceWork first = start("r1", SyncMode.FULL, 5, source, "a");
        List<SourceRecord> run1 = poll(first);
        commit(run1);

        SourceWork second = start("r2", SyncMode.FULL, 5, source, "a");
        List<SourceRecord> run2 = poll(second);

        assertThat(run2).extracting(SourceRecord::key).containsExactly("a-000000", "a-000001", null);
        assertThat(run2).extracting(r -> RecordHeaders.Read.of(r.headers()).run()).containsOnly("r2");
        assertThat(entry(run2.get(0))).isNotEqualTo(entry(run1.get(0)));
    }

    @Test
    void aNewIncrementalRunReadsOnlyWhatWasAddedSinceTheLastCompleteRun() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 2).build();
        SourceWork first = start("r1", SyncMode.INCREMENTAL, 5, source, "a");
        commit(poll(first));
        source.append("a", 1);

        SourceWork second = start("r2", SyncMode.INCREMENTAL, 5, source, "a");

        assertThat(poll(second)).extracting(SourceRecord::key).containsExactly("a-000002", null);
    }

    @Test
    void aTransientReadFailureIsRetriedAfterTheBackoff() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 2).build();
        SourceWork work = start("r1", SyncMode.FULL, 5, source, "a");
        source.failReads("a", ConnectorException.transientFailure("timeout", null));

        assertThat(poll(work)).isEmpty();
        source.failReads("a", null);
        Instant before = clock.instant();
        List<SourceRecord> records = List.of();
        for (int polls = 0; polls < 10 && records.isEmpty(); polls++) {
            records = poll(work);
        }

        assertThat(records).hasSize(3);
        assertThat(clock.instant()).as("it waited for the backoff").isAfterOrEqualTo(before.plusSeconds(1));
    }

    @Test
    void aPermanentReadFailureEndsTheEntityWithItsError() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 2).entity("b", 1).build();
        SourceWork work = start("r1", SyncMode.FULL, 5, source, "a", "b");
        source.failReads("a", ConnectorException.permanent("table dropped", null));

        List<SourceRecord> a = poll(work);
        List<SourceRecord> b = poll(work);

        assertThat(a).singleElement().satisfies(end -> {
            assertThat(isEnd(end)).isTrue();
            assertThat(RecordHeaders.Read.of(end.headers()).error()).contains("table dropped");
            assertThat(offset(end)).containsEntry("complete", false);
        });
        assertThat(b).extracting(SourceRecord::key).containsExactly("b-000000", null);
    }

    @Test
    void aRecordWithoutAKeyTravelsWithItsRejection() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 0).build();
        source.addRecord("a", SyncRecord.rejected("a", "a.csv line 3", "unclosed quote"));
        SourceWork work = start("r1", SyncMode.FULL, 5, source, "a");

        SourceRecord r = poll(work).get(0);

        assertThat(r.value()).isNull();
        assertThat(RecordHeaders.Read.of(r.headers()).rejection()).isEqualTo("unclosed quote");
        assertThat(RecordHeaders.Read.of(r.headers()).reference()).isEqualTo("a.csv line 3");
    }

    @Test
    void aTaskStopsReadingWhenItsRunEndedElsewhere() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 10).build();
        Instant now = clock.instant();
        journal.claim(new RunRecord("r1", "crm", "s", "o", now, now.plusSeconds(60), null, null, null,
                List.of(new EntityProgress("a", EntityStatus.WAITING, 0, Duration.ZERO, DeliveryCounts.ZERO, -1, null,
                        false))), now, null);
        journal.runEnded("r1", RunStatus.CANCELLED, now, null, List.of());
        SourceWork work = start("r1", SyncMode.FULL, 3, source, "a");

        assertThat(poll(work)).isEmpty();
        assertThat(source.readCount("a")).isZero();
    }
}
