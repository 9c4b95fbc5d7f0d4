package dev.syncwright.kafka.connect;

import dev.syncwright.kafka.connect.internal.Plugins;
import dev.syncwright.kafka.connect.internal.RunPlan;
import dev.syncwright.kafka.connect.internal.Settings;
import dev.syncwright.kafka.connect.internal.SourceWork;
import dev.syncwright.kafka.connect.internal.Version;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A task of {@link SyncwrightSourceConnector}: reads its entities page by page, one page per poll, each from its
 * stored offset. Kafka Connect creates and calls it.
 */
public class SyncwrightSourceTask extends SourceTask {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private JournalFactory.Opened journal;
    private SourceWork work;

    /** Made by Kafka Connect. */
    public SyncwrightSourceTask() {
    }

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public synchronized void start(Map<String, String> props) {
        Settings.Source settings = Settings.Source.of(props);
        ClassLoader loader = getClass().getClassLoader();
        journal = Plugins.journal(settings.journalType(), settings.journalConfig(), ConnectorSettings.JOURNAL_CONFIG, loader);
        work = new SourceWork(settings, Plugins.source(settings.sourceType(), settings.sourceConfig(),
                ConnectorSettings.SOURCE_CONFIG, loader), journal.journal(), Clock.systemUTC());
        work.start(RunPlan.taskEntities(props), partitions -> context.offsetStorageReader().offsets(partitions));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        synchronized (this) {
            if (stopped.getCount() == 0) {
                return null;
            }
            return work.poll(wait -> stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        synchronized (this) { // after the page being read, if any
            try {
                if (work != null) {
                    work.stop();
                }
            } finally {
                if (journal != null) {
                    journal.close();
                }
            }
        }
    }
}
