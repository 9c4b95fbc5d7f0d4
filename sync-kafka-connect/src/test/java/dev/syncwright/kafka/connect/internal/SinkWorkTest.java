package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncMode;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SinkWorkTest {
    private static final String RUN = "r1";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final ReportStore report = new dev.syncwright.reporting.InMemoryReportStore(clock);
    private final Topic topic = new Topic("t", 2);
    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);
    private final ControllableDestination destination = new ControllableDestination();
    private final FakeSinkContext context = new FakeSinkContext();

    /** Reads every entity of the source into the topic as source tasks would (a on partition 0, b on 1). */
    private void produce(InMemorySource source, String... entities) throws InterruptedException {
        Instant now = clock.instant();
        List<EntityProgress> waiting = Stream.of(entities).map(e -> new EntityProgress(e, EntityStatus.WAITING, 0,
                Duration.ZERO, DeliveryCounts.ZERO, -1, null, false)).toList();
        report.claim(new RunRecord(RUN, "crm", "memory → t", "test", now, now.plusSeconds(600), null, null, null, waiting),
                now, null);
        Map<String, Integer> mine = new LinkedHashMap<>();
        for (int i = 0; i < entities.length; i++) {
            mine.put(entities[i], i % 2);
        }
        SourceWork work = new SourceWork(new Settings.Source("crm", RUN, "memory", "{}", "memory", "{}", List.of(),
                SyncMode.FULL, "t", 2, 100, RetryPolicy.none(), Duration.ofMinutes(10), 10_000), source, report, clock);
        work.start(mine, partitions -> new HashMap<>());
        for (int ends = 0; ends < entities.length; ) {
            List<SourceRecord> page = work.poll(wait -> { });
            topic.append(page);
            if (page != null) {
                ends += (int) page.stream().filter(r -> r.value() == null && r.key() == null).count();
            }
        }
    }

    private SinkWork sink(int maxOutstanding) {
        Settings.Sink settings = new Settings.Sink("crm", "controllable", "{}", "memory", "{}", 100,
                RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ofSeconds(1)).jitter(0).build(),
                Duration.ofMinutes(5), Duration.ofSeconds(1), maxOutstanding, Duration.ZERO);
        context.assignment.addAll(List.of(p0, p1));
        SinkWork work = new SinkWork(settings, destination, report, clock, context);
        work.start();
        work.open(List.of(p0, p1));
        return work;
    }

    private SinkWork sink() {
        return sink(10_000);
    }

    private Map<TopicPartition, Long> commit(SinkWork work) {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        current.put(p0, new OffsetAndMetadata(0));
        current.put(p1, new OffsetAndMetadata(0));
        Map<TopicPartition, Long> out = new HashMap<>();
        work.preCommit(current).forEach((tp, o) -> out.put(tp, o.offset()));
        return out;
    }

    private List<ReportEntry> entries() {
        try (Stream<ReportEntry> s = report.stream(ReportFilter.builder().asOf(clock.instant().plusSeconds(1)).build(), ReportSort.NEWEST_FIRST)) {
            return s.toList();
        }
    }

    private RunRecord run() {
        return report.run(RUN).orElseThrow();
    }

    private EntityProgress entity(String name) {
        return run().entities().stream().filter(e -> e.entity().equals(name)).findFirst().orElseThrow();
    }

    private Map<DeliveryStatus, Long> counts() {
        return report.countByStatus(ReportFilter.builder().asOf(clock.instant().plusSeconds(1)).build());
    }

    @Test
    void everyRecordIsWrittenOnceWithOneEntryAndTheRunCompletes() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 250).entity("b", 120).build(), "a", "b");
        SinkWork work = sink();

        work.put(topic.all());

        assertThat(destination.received("a")).hasSize(250);
        assertThat(destination.received("b")).hasSize(120);
        assertThat(destination.totalWrites()).isEqualTo(370);
        assertThat(entries()).hasSize(370).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.runId()).isEqualTo(RUN);
            assertThat(e.system()).isEqualTo("memory-source → controllable");
            assertThat(e.endpointId()).isEqualTo("dest-" + e.sourceId());
        });
        assertThat(entity("a").status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(entity("a").records()).isEqualTo(250);
        assertThat(entity("b").deliveries()).isEqualTo(new DeliveryCounts(120, 0, 0, 0));
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(commit(work)).containsEntry(p0, 251L).containsEntry(p1, 121L);
    }

    @Test
    void progressIsRecordedWhileAnEntityIsBeingWritten() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 250).build(), "a");
        SinkWork work = sink();

        work.put(topic.from(0, 0).subList(0, 150));

        assertThat(entity("a").status()).isEqualTo(EntityStatus.PROCESSING);
        assertThat(entity("a").records()).isEqualTo(150);
        assertThat(run().isRunning()).isTrue();
        assertThat(commit(work)).containsEntry(p0, 150L);
    }

    @Test
    void aPendingRecordIsRetriedAndHoldsBackItsPartitionsOffsetUntilDelivered() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 20).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> r.key().equals("a-000005") && attempt == 1
                ? DeliveryOutcome.retry("busy") : DeliveryOutcome.ok("dest-" + r.key()));
        SinkWork work = sink();

        work.put(topic.all());

        assertThat(commit(work)).containsEntry(p0, 5L);
        assertThat(entity("a").status()).isEqualTo(EntityStatus.PROCESSING);
        assertThat(entity("a").deliveries().pending()).isEqualTo(1);
        assertThat(context.timeout).as("asks to be called again for the retry").isBetween(5L, 1_000L);

        clock.advance(Duration.ofSeconds(1));
        work.put(List.of());

        assertThat(commit(work)).containsEntry(p0, 21L);
        ReportEntry retried = entries().stream().filter(e -> e.sourceId().equals("a-000005")).findFirst().orElseThrow();
        assertThat(retried.status()).isEqualTo(DeliveryStatus.OK);
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(entity("a").deliveries()).isEqualTo(new DeliveryCounts(20, 0, 0, 0));
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aRecordOutOfRetriesFailsAndGoesToTheErrantRecordReporter() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 10).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> r.key().equals("a-000003")
                ? DeliveryOutcome.retry("locked") : DeliveryOutcome.ok("dest-" + r.key()));
        SinkWork work = sink();

        work.put(topic.all());
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(4));
            work.put(List.of());
        }

        ReportEntry failed = entries().stream().filter(e -> e.sourceId().equals("a-000003")).findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.message()).contains("retries exhausted").contains("locked");
        assertThat(context.errant).extracting(r -> r.key()).containsExactly("a-000003");
        assertThat(entity("a").status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(entity("a").deliveries()).isEqualTo(new DeliveryCounts(9, 0, 0, 1));
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(commit(work)).containsEntry(p0, 11L);
    }

    @Test
    void aSentRecordIsCommittedOnlyOnceItsDeliveryIsConfirmed() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 3).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> r.key().equals("a-000001")
                ? DeliveryOutcome.sent("d-1", null) : DeliveryOutcome.ok("dest-" + r.key()));
        SinkWork work = sink();

        work.put(topic.all());
        assertThat(commit(work)).containsEntry(p0, 1L);
        assertThat(counts()).containsEntry(DeliveryStatus.SENT, 1L);

        destination.settleForPoll("d-1", DeliveryOutcome.ok("dest-a-000001"));
        clock.advance(Duration.ofSeconds(1));
        work.put(List.of());

        assertThat(counts()).containsEntry(DeliveryStatus.OK, 3L).containsEntry(DeliveryStatus.SENT, 0L);
        assertThat(commit(work)).containsEntry(p0, 4L);
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aPushedConfirmationSettlesTheRecord() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 2).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> DeliveryOutcome.sent("d-" + r.key(), null));
        SinkWork work = sink();
        work.put(topic.all());

        destination.confirm("d-a-000000", DeliveryOutcome.ok("e-0"));
        destination.confirm("d-a-000001", DeliveryOutcome.failed("rejected by the ERP"));
        work.put(List.of());

        assertThat(counts()).containsEntry(DeliveryStatus.OK, 1L).containsEntry(DeliveryStatus.FAILED, 1L);
        assertThat(context.errant).extracting(r -> r.key()).containsExactly("a-000001");
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    }

    @Test
    void aTaskTakingOverAPartitionContinuesWhereTheLastOneStoppedWithoutWritingFinishedRecordsAgain()
            throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 30).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> switch (r.key()) {
            case "a-000004" -> DeliveryOutcome.sent("d-4", null);
            case "a-000007" -> attempt == 1 ? DeliveryOutcome.retry("busy") : DeliveryOutcome.ok("dest-7");
            default -> DeliveryOutcome.ok("dest-" + r.key());
        });
        SinkWork first = sink();
        first.put(topic.from(0, 0).subList(0, 20));
        long committed = commit(first).get(p0);
        first.close(List.of(p0, p1)); // a rebalance: the partition goes to another task
        first.stop();
        assertThat(committed).isEqualTo(4L);

        SinkWork second = sink();
        second.put(topic.from(0, committed));
        destination.settleForPoll("d-4", DeliveryOutcome.ok("dest-4"));
        clock.advance(Duration.ofSeconds(2));
        second.put(List.of());

        assertThat(entries()).hasSize(30).allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.OK));
        assertThat(destination.writeCount("a", "a-000010")).as("final before the rebalance: not written again").isEqualTo(1);
        assertThat(destination.writeCount("a", "a-000004")).as("SENT: its confirmation awaited, not sent again").isEqualTo(1);
        assertThat(destination.writeCount("a", "a-000007")).as("PENDING: retried once more").isEqualTo(2);
        ReportEntry retried = entries().stream().filter(e -> e.sourceId().equals("a-000007")).findFirst().orElseThrow();
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(entity("a").status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(entity("a").deliveries()).isEqualTo(new DeliveryCounts(30, 0, 0, 0));
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(commit(second)).containsEntry(p0, 31L);
    }

    @Test
    void recordsReadTwiceFromTheTopicUpdateTheirOneEntryAndAreNotWrittenAgain() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 40).build(), "a");
        List<SinkRecordCopy> copies = new ArrayList<>();
        topic.from(0, 0).forEach(r -> copies.add(new SinkRecordCopy(r)));
        SinkWork work = sink();

        work.put(topic.from(0, 0).subList(0, 25));
        // a source task failed over and read part of the entity again: the same records, the same entry ids
        work.put(Stream.concat(copies.subList(10, 25).stream().map(c -> c.at(25 + copies.indexOf(c) - 10)),
                Stream.of()).toList());

        assertThat(destination.totalWrites()).isEqualTo(25);
        assertThat(entries()).hasSize(25);
        assertThat(entity("a").records()).isEqualTo(25);
    }

    @Test
    void aDestinationThatFailsAnEntityStopsItAndFailsItsOtherRecordsButNotTheOtherEntities() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 150).entity("b", 10).build(), "a", "b");
        destination.failEntity("a", ConnectorException.permanent("table orders is missing", null));
        SinkWork work = sink();

        work.put(topic.all());

        assertThat(entity("a").status()).isEqualTo(EntityStatus.ERROR);
        assertThat(entity("a").error()).contains("table orders is missing");
        assertThat(entity("a").deliveries().failed()).isEqualTo(150);
        assertThat(entries()).filteredOn(e -> e.entity().equals("a"))
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED));
        assertThat(destination.totalWrites()).as("the entity's later batches are not sent").isEqualTo(100 + 10);
        assertThat(entity("b").status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(context.errant).hasSize(150);
    }

    @Test
    void aRecordTheSourceCouldNotReadIsFailedWithItsReasonAndNeverWritten() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 2).build();
        source.addRecord("a", SyncRecord.rejected("a", "a.csv line 3", "unclosed quote"));
        produce(source, "a");
        SinkWork work = sink();

        work.put(topic.all());

        assertThat(destination.totalWrites()).isEqualTo(2);
        assertThat(entries()).filteredOn(e -> e.status() == DeliveryStatus.FAILED).singleElement().satisfies(e -> {
            assertThat(e.reference()).isEqualTo("a.csv line 3");
            assertThat(e.message()).isEqualTo("unclosed quote");
            assertThat(e.sourceId()).isNull();
        });
        assertThat(entity("a").status()).isEqualTo(EntityStatus.COMPLETE);
    }

    @Test
    void aSourceErrorEndsTheEntityError() throws InterruptedException {
        InMemorySource source = InMemorySource.builder().entity("a", 2).build();
        source.failReads("a", ConnectorException.permanent("access denied", null));
        produce(source, "a");
        SinkWork work = sink();

        work.put(topic.all());

        assertThat(entity("a").status()).isEqualTo(EntityStatus.ERROR);
        assertThat(entity("a").error()).contains("access denied");
        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    }

    @Test
    void tooManyOpenDeliveriesPauseReadingUntilConfirmationsCome() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 30).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> DeliveryOutcome.sent("d-" + r.key(), null));
        SinkWork work = sink(20);

        work.put(topic.all());
        assertThat(context.paused).containsExactlyInAnyOrder(p0, p1);

        for (int i = 0; i < 30; i++) {
            destination.settleForPoll(String.format("d-a-%06d", i), DeliveryOutcome.ok(null));
        }
        clock.advance(Duration.ofSeconds(1));
        work.put(List.of());

        assertThat(context.paused).isEmpty();
        assertThat(counts()).containsEntry(DeliveryStatus.OK, 30L);
    }

    @Test
    void aDeliveryNeverConfirmedIsSentAgainAfterTheConfirmationTimeout() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 1).build(), "a");
        destination.outcomeFunction((entity, r, attempt) -> attempt == 1 ? DeliveryOutcome.sent("lost", null)
                : DeliveryOutcome.ok("dest-" + r.key()));
        SinkWork work = sink();
        work.put(topic.all());

        clock.advance(Duration.ofMinutes(5));
        work.put(List.of());
        work.put(List.of());

        assertThat(destination.writeCount("a", "a-000000")).isEqualTo(2);
        assertThat(entries()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(e.attempts()).isEqualTo(2);
        });
    }

    @Test
    void aRunWhoseLastEntityATaskFinishedJustBeforeItDiedIsEndedWhenTheEntitysEndIsReadAgain() throws InterruptedException {
        produce(InMemorySource.builder().entity("a", 3).build(), "a");
        // what the task that died left: every entry final, the entity COMPLETE, the run not ended, offsets not committed
        List<JournalEntry> done = new ArrayList<>();
        for (org.apache.kafka.connect.sink.SinkRecord r : topic.all()) {
            RecordHeaders.Read h = RecordHeaders.Read.of(r.headers());
            if (!h.isEnd()) {
                done.add(JournalEntry.of(h.entry(), (String) r.key(), h.reference(), null, DeliveryStatus.OK, 1, null, null,
                        clock.instant(), false));
            }
        }
        report.write(new JournalWrite("crm", RUN, "memory → controllable", "a", done, null));
        report.recordProgress(RUN, List.of(new EntityProgress("a", EntityStatus.COMPLETE, 3, Duration.ofSeconds(1),
                new DeliveryCounts(3, 0, 0, 0), -1, null, false)));
        SinkWork next = sink();

        next.put(topic.all());

        assertThat(run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(destination.totalWrites()).as("final records are not written again").isZero();
        assertThat(entries()).hasSize(3);
    }

    /** A sink record read again at another offset (a duplicate the source wrote after a failover). */
    private record SinkRecordCopy(org.apache.kafka.connect.sink.SinkRecord of) {
        org.apache.kafka.connect.sink.SinkRecord at(long offset) {
            return new org.apache.kafka.connect.sink.SinkRecord(of.topic(), of.kafkaPartition(), of.keySchema(), of.key(),
                    of.valueSchema(), of.value(), offset, null, org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE,
                    of.headers());
        }
    }
}
