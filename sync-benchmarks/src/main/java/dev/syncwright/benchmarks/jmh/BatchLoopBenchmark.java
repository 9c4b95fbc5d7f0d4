package dev.syncwright.benchmarks.jmh;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The engine's batch loop: one entity of 100,000 records through the engine, reported per record. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchLoopBenchmark {
    private static final int RECORDS = 100_000;
    private final AtomicLong runs = new AtomicLong();
    private InMemorySource source;
    private SyncEngine engine;

    @Setup(Level.Trial)
    public void setUp() {
        source = InMemorySource.builder().entity("items", RECORDS).build();
        engine = SyncEngine.builder().parallelism(1).batchSize(500).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public SyncResult syncRecords() throws InterruptedException {
        return engine.start(SyncRequest.builder("jmh-" + runs.incrementAndGet()).source(source)
                .destination(new InMemoryDestination()).build()).await();
    }
}
