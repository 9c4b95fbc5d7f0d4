package dev.syncwright.kafka.connect.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.kafka.connect.ConnectorSettings;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SourceConnector;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the source connector decides when it starts: the run's entities, claimed in the journal, and how they are
 * dealt out to tasks. A run is planned once: a connector that starts again in the same run (its worker died, its
 * configuration was written again) takes the entities the journal recorded for the run.
 *
 * <p>The rules are the embedded engine's: a new pass when every entity of the sync read to its end in the last run,
 * otherwise entities that read to their end are skipped and the others continue from their checkpoints.
 */
public final class RunPlan {
    /** The task setting that lists a task's entities and their topic partitions (set by the connector). */
    public static final String TASK_ENTITIES = "syncwright.task.entities";
    private static final Logger LOG = LoggerFactory.getLogger(RunPlan.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunPlan() {
    }

    /**
     * Claims the run when it is new, or finds the entities it was planned with.
     *
     * @param settings the connector's settings
     * @param source   the source, open
     * @param journal  the journal
     * @param offsets  reads the stored offsets of source partitions
     * @param owner    who runs it, for the run record
     * @param clock    the clock
     * @return the run's entities, in order
     * @throws ConnectException when another run holds the sync, or an entity asked for does not exist
     */
    public static List<String> entities(Settings.Source settings, SourceConnector source, RunJournal journal,
                                        Function<List<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>> offsets,
                                        String owner, Clock clock) {
        RunRecord known = journal.run(settings.run()).orElse(null);
        if (known != null) {
            return known.entities().stream().map(EntityProgress::entity).toList();
        }
        Map<String, EntityDescriptor> byName = new LinkedHashMap<>();
        for (EntityDescriptor d : source.entities()) {
            byName.put(d.name(), d);
        }
        List<String> names = settings.entities().isEmpty() ? new ArrayList<>(byName.keySet()) : settings.entities();
        for (String name : names) {
            if (!byName.containsKey(name)) {
                throw new ConfigException(ConnectorSettings.ENTITIES + ": source " + source.systemName()
                        + " has no entity '" + name + "' (it has " + byName.keySet() + ")");
            }
        }
        List<Map<String, Object>> partitions = names.stream().map(n -> SourceOffset.partition(settings.sync(), n)).toList();
        Map<Map<String, Object>, Map<String, Object>> stored = partitions.isEmpty() ? Map.of() : offsets.apply(partitions);
        Map<String, SourceOffset> byEntity = new HashMap<>();
        for (String n : names) {
            byEntity.put(n, SourceOffset.of(stored == null ? null : stored.get(SourceOffset.partition(settings.sync(), n))));
        }
        boolean newPass = names.stream().allMatch(n -> byEntity.get(n).complete());
        List<EntityProgress> planned = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String n : names) {
            if (!newPass && byEntity.get(n).complete()) {
                skipped.add(n);
                continue;
            }
            long estimate = byName.get(n).estimatedCount().orElse(-1);
            planned.add(new EntityProgress(n, EntityStatus.WAITING, 0, Duration.ZERO, DeliveryCounts.ZERO, estimate, null,
                    false));
        }
        if (!skipped.isEmpty()) {
            LOG.info("Sync {} run {} continues an interrupted run: skipping completed entities {}", settings.sync(),
                    settings.run(), skipped);
        }
        Instant now = clock.instant();
        String system = source.systemName() + " → Kafka topic " + settings.topic();
        try {
            journal.claim(new RunRecord(settings.run(), settings.sync(), system, owner, now, now.plus(settings.lease()),
                    null, null, null, planned), now, null);
        } catch (RuntimeException e) {
            throw new ConnectException("run " + settings.run() + " of sync '" + settings.sync() + "' cannot start: "
                    + e.getMessage(), e);
        }
        if (planned.isEmpty()) { // nothing to read: no task will ever end the run
            journal.runEnded(settings.run(), RunStatus.COMPLETED, now, null, List.of());
        }
        return planned.stream().map(EntityProgress::entity).toList();
    }

    /**
     * Deals a run's entities out to tasks: entity {@code i} to task {@code i % tasks}, topic partition
     * {@code i % partitions}.
     *
     * @param connectorConfig the connector's configuration, copied into each task's
     * @param entities        the run's entities, in order
     * @param maxTasks        the most tasks
     * @param partitions      topic partitions used
     * @return one configuration per task, none when there is nothing to read
     */
    public static List<Map<String, String>> taskConfigs(Map<String, String> connectorConfig, List<String> entities,
                                                        int maxTasks, int partitions) {
        int tasks = Math.min(maxTasks, entities.size());
        List<Map<String, Integer>> dealt = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            dealt.add(new LinkedHashMap<>());
        }
        for (int i = 0; i < entities.size(); i++) {
            dealt.get(i % tasks).put(entities.get(i), i % partitions);
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (Map<String, Integer> mine : dealt) {
            Map<String, String> config = new HashMap<>(connectorConfig);
            try {
                config.put(TASK_ENTITIES, JSON.writeValueAsString(mine));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            configs.add(config);
        }
        return configs;
    }

    /**
     * @param taskConfig a task's configuration
     * @return the task's entities and their topic partitions, in the run's order
     */
    public static Map<String, Integer> taskEntities(Map<String, String> taskConfig) {
        String json = taskConfig.get(TASK_ENTITIES);
        if (json == null) {
            throw new ConfigException(TASK_ENTITIES + " is missing: a Syncwright source task is configured by its connector");
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new ConfigException(TASK_ENTITIES + " is not valid: " + e.getOriginalMessage());
        }
    }
}
