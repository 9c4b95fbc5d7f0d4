package dev.syncwright.core;

import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One run of a sync at a time across engines sharing a journal, and a dead host's run never blocks for good. */
class RunClaimTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private static RunRecord deadRun(String owner, Instant leaseUntil) {
        EntityProgress processing = new EntityProgress("entity-1", EntityStatus.PROCESSING, 40, Duration.ofSeconds(3),
                new DeliveryCounts(40, 0, 0, 0), -1, null, false);
        return new RunRecord("dead-run", "orders", "a → b", owner, T0, leaseUntil, null, null, null, List.of(processing));
    }

    /** @return the owner name of an engine in a process of this host that has ended */
    private static String deadProcessOnThisHost() throws Exception {
        Process gone = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
        gone.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return InetAddress.getLocalHost().getHostName().replace(':', '_') + ":" + gone.pid() + ":dead";
    }

    @Test
    void aSecondRunOfASyncThatIsGoingOnAnotherEngineFailsAsBusy() throws Exception {
        RunJournal journal = RunJournal.inMemory();
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        try (SyncEngine first = SyncEngine.builder().journal(journal).build();
             SyncEngine second = SyncEngine.builder().journal(journal).build()) {
            InMemorySource source = InMemorySource.builder().entities(1, 10).build();
            SyncExecution running = first.start(SyncRequest.builder("orders").source(source).destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();

            SyncResult refused = second.start(SyncRequest.builder("orders").source(source)
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));

            assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
            assertThat(refused.failure()).contains("orders").contains(running.runId()).contains("one run of a sync");
            destination.release();
            assertThat(running.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    @Test
    void aRunWhoseHostDiedIsTakenOverOnceItsLeaseExpiredAndRecordedAbandoned() throws Exception {
        // given a run of another host that claimed the sync and stopped renewing
        RunJournal journal = RunJournal.inMemory();
        journal.claim(deadRun("elsewhere:4242:abcd", T0.plusSeconds(15)), T0, null);
        MutableClock clock = new MutableClock(T0.plusSeconds(10));
        InMemorySource source = InMemorySource.builder().entities(1, 30).build();
        try (SyncEngine engine = SyncEngine.builder().journal(journal).clock(clock).build()) {
            // when a run starts before the lease expired, it is refused
            SyncResult early = engine.start(SyncRequest.builder("orders").source(source)
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));
            assertThat(early.status()).isEqualTo(RunStatus.FAILED);
            assertThat(early.failure()).contains("dead-run");

            // and once the lease has expired, the next run takes over
            clock.advance(Duration.ofSeconds(10));
            SyncResult later = engine.start(SyncRequest.builder("orders").source(source)
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));
            assertThat(later.status()).isEqualTo(RunStatus.COMPLETED);
        }

        // then the dead run is recorded FAILED, its entity no longer PROCESSING
        RunRecord dead = journal.run("dead-run").orElseThrow();
        assertThat(dead.status()).isEqualTo(RunStatus.FAILED);
        assertThat(dead.failure()).contains("abandoned").contains("elsewhere:4242:abcd");
        assertThat(dead.endedAt()).isNotNull();
        assertThat(dead.entities()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EntityStatus.WAITING);
            assertThat(e.interrupted()).isTrue();
        });
    }

    @Test
    void aDeadProcessOnThisHostIsTakenOverWithoutWaitingForItsLease() throws Exception {
        RunJournal journal = RunJournal.inMemory();
        journal.claim(deadRun(deadProcessOnThisHost(), Instant.now().plus(Duration.ofHours(1))), Instant.now(), null);

        try (SyncEngine engine = SyncEngine.builder().journal(journal).build()) {
            SyncResult result = engine.start(SyncRequest.builder("orders").source(InMemorySource.builder().entities(1, 5).build())
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(journal.run("dead-run").orElseThrow().failure()).contains("its process is gone");
    }

    @Test
    void aSyncWhoseRunsProcessOnThisHostDiedCanBeResetAtOnce() throws Exception {
        // given a run whose process is gone, its lease still an hour long (a data space's initial sync killed half-way)
        RunJournal journal = RunJournal.inMemory();
        journal.claim(deadRun(deadProcessOnThisHost(), Instant.now().plus(Duration.ofHours(1))), Instant.now(), null);

        try (SyncEngine engine = SyncEngine.builder().journal(journal).build()) {
            // when the host starts the sync over: the reset is not refused as if the dead run were going
            engine.reset("orders");
            SyncResult result = engine.start(SyncRequest.builder("orders").source(InMemorySource.builder().entities(1, 5).build())
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().records()).isEqualTo(5);
        }
        assertThat(journal.run("dead-run").orElseThrow().failure()).contains("abandoned");
    }

    @Test
    void aRunRecordsItsEntitiesProgressAndItsEndInTheJournal() throws Exception {
        RunJournal journal = RunJournal.inMemory();
        try (SyncEngine engine = SyncEngine.builder().journal(journal).batchSize(7).build()) {
            SyncResult result = engine.start(SyncRequest.builder("orders").source(InMemorySource.builder().entities(2, 20).build())
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));

            List<RunRecord> runs = journal.runs("orders");
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.runId()).isEqualTo(result.progress().runId());
                assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
                assertThat(r.endedAt()).isNotNull();
                assertThat(r.entities()).extracting(EntityProgress::entity).containsExactly("entity-1", "entity-2");
                assertThat(r.entities()).allSatisfy(e -> {
                    assertThat(e.status()).isEqualTo(EntityStatus.COMPLETE);
                    assertThat(e.records()).isEqualTo(20);
                });
            });
        }
    }

    @Test
    void aRunThatWasTakenOverCannotMoveTheCheckpointUnderItsSuccessor() throws Exception {
        // given a run whose first write is held in flight
        RunJournal journal = RunJournal.inMemory();
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        try (SyncEngine engine = SyncEngine.builder().journal(journal).batchSize(10).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("orders").source(InMemorySource.builder().entities(1, 30).build())
                    .destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();

            // when another host takes the sync over meanwhile (it thought this one dead)
            journal.claim(new RunRecord("successor", "orders", "a → b", "elsewhere:1:x", Instant.now(),
                    Instant.now().plus(Duration.ofHours(1)), null, null, null, List.of()), Instant.now(), run.runId());
            destination.release();
            SyncResult result = run.await(Duration.ofSeconds(10));

            // then its page is not committed: its entity stops, the checkpoint stays where the successor found it
            assertThat(result.status()).isIn(RunStatus.COMPLETED_WITH_ERRORS, RunStatus.FAILED);
            EntityProgress entity = result.progress().entities().get(0);
            assertThat(entity.status()).isEqualTo(EntityStatus.ERROR);
            assertThat(entity.error()).contains("no longer holds");
            assertThat(journal.checkpoints("orders").get("entity-1").position()).isEqualTo(Checkpoint.START);
        }
    }

    @Test
    void theHeartbeatRenewsTheClaimWhileTheRunGoesOn() throws Exception {
        RunJournal journal = RunJournal.inMemory();
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        try (SyncEngine engine = SyncEngine.builder().journal(journal).lease(Duration.ofMillis(300)).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("orders").source(InMemorySource.builder().entities(1, 5).build())
                    .destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();
            Instant first = journal.run(run.runId()).orElseThrow().leaseUntil();

            await().atMost(Duration.ofSeconds(10)).until(() -> journal.run(run.runId()).orElseThrow().leaseUntil().isAfter(first));

            destination.release();
            assertThat(run.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }
}
