package dev.syncwright.kafka.connect;

import dev.syncwright.kafka.connect.internal.Plugins;
import dev.syncwright.kafka.connect.internal.Settings;
import dev.syncwright.kafka.connect.internal.SinkWork;
import dev.syncwright.kafka.connect.internal.Version;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;

/**
 * A task of {@link SyncwrightSinkConnector}: writes the records of its partitions to the destination and commits
 * their deliveries to the run journal. Kafka Connect creates and calls it.
 */
public class SyncwrightSinkTask extends SinkTask {
    private JournalFactory.Opened journal;
    private SinkWork work;

    /** Made by Kafka Connect. */
    public SyncwrightSinkTask() {
    }

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        Settings.Sink settings = Settings.Sink.of(props);
        ClassLoader loader = getClass().getClassLoader();
        journal = Plugins.journal(settings.journalType(), settings.journalConfig(), ConnectorSettings.JOURNAL_CONFIG, loader);
        work = new SinkWork(settings, Plugins.destination(settings.destinationType(), settings.destinationConfig(),
                ConnectorSettings.DESTINATION_CONFIG, loader), journal.journal(), Clock.systemUTC(), context);
        work.start();
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        work.open(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        work.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return work.preCommit(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        work.close(partitions);
    }

    @Override
    public void stop() {
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
