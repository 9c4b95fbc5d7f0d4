package dev.syncwright.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SchemaChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static dev.syncwright.core.connection.ConnectionFixture.T0;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataSyncTest {

    private static final FieldDescriptor PRIORITY = new FieldDescriptor("priority", FieldType.INTEGER);

    /** At the home, a1 gets field2 retyped to INTEGER, loses field3 and gains priority (INTEGER); a2 is dropped. */
    private static void changeTheHome(ConnectionFixture f) {
        f.home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"),
                FieldDescriptor.string("field1"), new FieldDescriptor("field2", FieldType.INTEGER), PRIORITY)));
        f.home.removeEntity("a2");
        // b1 is in no shared data space: its change is not counted
        f.home.describeAs(EntityDescriptor.of("b1", "id", List.of(FieldDescriptor.string("id"))));
    }

    @Test
    void pendingCountsTheChangesWaitingAtTheHomeForSharedEntities() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();
            assertThat(await(c.checkMetadata()).status()).as("nothing changed yet").isEqualTo(MetadataSyncStatus.IDLE);

            changeTheHome(f);
            MetadataSyncState counted = await(c.checkMetadata());

            assertThat(counted.status()).isEqualTo(MetadataSyncStatus.PENDING);
            assertThat(counted.pendingChanges()).isEqualTo(4);
            assertThat(c.metadataSync()).isEqualTo(counted);
            assertThat(f.store.load(c.id()).orElseThrow().metadata().pendingChanges()).isEqualTo(4);
            assertThat(f.companion.appliedSchemaChanges()).as("counting applies nothing").isEmpty();
            assertThat(f.listener.about("metadata:")).containsExactly(
                    "metadata: IDLE -> PENDING (4 changes waiting for the next round)");
        }
    }

    @Test
    void aRoundAppliesEveryChangeToTheCompanionAndSucceeds() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();
            changeTheHome(f);
            await(c.checkMetadata());
            f.clock.advance(Duration.ofMinutes(5));

            MetadataSyncState after = await(c.syncMetadata());

            assertThat(after.status()).isEqualTo(MetadataSyncStatus.SUCCEEDED);
            assertThat(after.pendingChanges()).isZero();
            assertThat(after.round()).isEqualTo(1);
            assertThat(after.lastRoundAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(f.companion.appliedSchemaChanges()).containsExactly(
                    new SchemaChange.FieldRemoved("a1", FieldDescriptor.string("field3")),
                    new SchemaChange.FieldTypeChanged("a1", "field2", FieldType.STRING, FieldType.INTEGER),
                    new SchemaChange.FieldAdded("a1", PRIORITY),
                    new SchemaChange.EntityRemoved("a2"));
            assertThat(f.companion.schema("a1")).containsExactly(Map.entry("id", FieldType.STRING),
                    Map.entry("field1", FieldType.STRING), Map.entry("field2", FieldType.INTEGER),
                    Map.entry("priority", FieldType.INTEGER));
            assertThat(f.companion.schema("a2")).isEmpty();
            assertThat(f.listener.about("metadata:")).containsExactly(
                    "metadata: IDLE -> PENDING (4 changes waiting for the next round)",
                    "metadata: PENDING -> IN_PROGRESS (round 1: applying 4 changes)",
                    "metadata: IN_PROGRESS -> SUCCEEDED (round 1 applied 4 changes)");

            // a second round finds nothing left to do
            MetadataSyncState second = await(c.syncMetadata());
            assertThat(second.status()).isEqualTo(MetadataSyncStatus.SUCCEEDED);
            assertThat(second.round()).isEqualTo(2);
            assertThat(f.companion.appliedSchemaChanges()).hasSize(4);
        }
    }

    @Test
    void aConflictPausesMetadataSyncingUntilTheHostResolvesIt() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            // given a companion that already has a1.priority as a STRING, and a home that adds it as INTEGER
            Connection c = f.connectAndShareAlpha();
            f.companion.defineField("a1", FieldDescriptor.string("priority"));
            f.home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("field1"), FieldDescriptor.string("field2"), FieldDescriptor.string("field3"),
                    PRIORITY)));
            f.home.describeAs(EntityDescriptor.of("a2", "id", List.of(FieldDescriptor.string("id"))));

            // when a round runs
            MetadataSyncState failed = await(c.syncMetadata());

            // then the conflict fails, the other changes still apply, and metadata syncing is paused
            assertThat(failed.status()).isEqualTo(MetadataSyncStatus.ERROR);
            assertThat(failed.isPaused()).isTrue();
            assertThat(failed.pendingChanges()).isEqualTo(1);
            assertThat(failed.reason()).startsWith("round 1: 1 of 4 changes failed (first: conflict: entity 'a1' "
                    + "already has field 'priority' of type STRING, cannot add it as INTEGER)");
            assertThat(f.companion.schema("a2")).containsOnlyKeys("id");
            assertThatThrownBy(c::syncMetadata).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is paused after an error in round 1")
                    .hasMessageContaining("call resolveMetadataError()");
            // counting still works while paused, and keeps the status
            MetadataSyncState counted = await(c.checkMetadata());
            assertThat(counted.status()).isEqualTo(MetadataSyncStatus.ERROR);
            assertThat(counted.pendingChanges()).isEqualTo(1);
            assertThat(f.companion.appliedSchemaChanges()).hasSize(3);

            // when an administrator drops the companion's field and the host resolves the error
            f.companion.dropField("a1", "priority");
            c.resolveMetadataError();
            assertThat(c.metadataSync().status()).isEqualTo(MetadataSyncStatus.PENDING);
            MetadataSyncState resolved = await(c.syncMetadata());

            // then the next round applies the change
            assertThat(resolved.status()).isEqualTo(MetadataSyncStatus.SUCCEEDED);
            assertThat(resolved.errorLog()).isNull();
            assertThat(f.companion.schema("a1")).containsEntry("priority", FieldType.INTEGER);
            assertThat(f.listener.about("metadata:")).containsExactly(
                    "metadata: IDLE -> IN_PROGRESS (round 1: applying 4 changes)",
                    "metadata: IN_PROGRESS -> ERROR (" + failed.reason() + ")",
                    "metadata: ERROR -> PENDING (the error of round 1 was resolved by the host; the next round tries again)",
                    "metadata: PENDING -> IN_PROGRESS (round 2: applying 1 change)",
                    "metadata: IN_PROGRESS -> SUCCEEDED (round 2 applied 1 change)");
        }
    }

    @Test
    void theErrorLogOfAFailedRoundListsTheFailingChangeAsJsonAndText() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();
            f.companion.defineField("a1", new FieldDescriptor("field2", FieldType.BOOLEAN));
            f.home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("field1"), new FieldDescriptor("field2", FieldType.DATE),
                    FieldDescriptor.string("field3"))));
            f.clock.advance(Duration.ofMinutes(1));

            MetadataErrorLog log = await(c.syncMetadata()).lastErrorLog().orElseThrow();

            assertThat(log.round()).isEqualTo(1);
            assertThat(log.applied()).isZero();
            assertThat(log.failures()).singleElement().satisfies(failure -> {
                assertThat(failure.change()).isEqualTo(
                        new SchemaChange.FieldTypeChanged("a1", "field2", FieldType.STRING, FieldType.DATE));
                assertThat(failure.reason()).isEqualTo("conflict: entity 'a1' already has field 'field2' of type "
                        + "BOOLEAN, cannot change it from STRING to DATE");
                assertThat(failure.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            });
            JsonNode json = new ObjectMapper().readTree(log.toJson());
            assertThat(json.get("connectionName").asText()).isEqualTo("crm to erp");
            assertThat(json.get("round").asLong()).isEqualTo(1);
            assertThat(json.get("failed").asInt()).isEqualTo(1);
            JsonNode failure = json.get("failures").get(0);
            assertThat(failure.get("kind").asText()).isEqualTo("FIELD_TYPE_CHANGED");
            assertThat(failure.get("entity").asText()).isEqualTo("a1");
            assertThat(failure.get("field").asText()).isEqualTo("field2");
            assertThat(failure.get("fromType").asText()).isEqualTo("STRING");
            assertThat(failure.get("toType").asText()).isEqualTo("DATE");
            assertThat(failure.get("reason").asText()).startsWith("conflict: entity 'a1' already has field 'field2'");
            assertThat(failure.get("at").asText()).isEqualTo("2025-03-01T09:01:00Z");
            assertThat(log.toText()).contains("round 1").contains("0 applied, 1 failed")
                    .contains("2025-03-01T09:01:00Z  FIELD_TYPE_CHANGED  field 'field2' of entity 'a1' changed type from "
                            + "STRING to DATE  failed: conflict: entity 'a1' already has field 'field2' of type BOOLEAN");
            assertThat(f.store.load(c.id()).orElseThrow().metadata().errorLog()).isEqualTo(log);
        }
    }

    @Test
    void aDestinationThatCannotChangeSchemaGetsEveryChangeReportedAsFailed() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();
            f.companion.supportSchemaChanges(false);
            changeTheHome(f);

            MetadataSyncState after = await(c.syncMetadata());

            assertThat(after.status()).isEqualTo(MetadataSyncStatus.ERROR);
            assertThat(after.pendingChanges()).isEqualTo(4);
            assertThat(after.errorLog().failures()).hasSize(4)
                    .allSatisfy(failure -> assertThat(failure.reason())
                            .isEqualTo("destination cannot change schema: companion does not support schema changes"));
            assertThat(after.errorLog().failures()).extracting(failure -> failure.change().kind()).containsExactly(
                    SchemaChange.Kind.FIELD_REMOVED, SchemaChange.Kind.FIELD_TYPE_CHANGED, SchemaChange.Kind.FIELD_ADDED,
                    SchemaChange.Kind.ENTITY_REMOVED);
        }
    }

    @Test
    void anEntityThatComesBackAtTheHomeIsPropagatedAsAdded() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();
            f.home.removeEntity("a2");
            await(c.syncMetadata());
            assertThat(c.state().syncedMetadata()).extracting(EntityDescriptor::name).containsExactly("a1");

            f.home.addEntity("a2", 5);
            assertThat(await(c.checkMetadata()).pendingChanges()).isEqualTo(1);
            await(c.syncMetadata());

            assertThat(f.companion.appliedSchemaChanges()).last().isInstanceOf(SchemaChange.EntityAdded.class)
                    .extracting(SchemaChange::entity).isEqualTo("a2");
            assertThat(f.companion.schema("a2")).containsOnlyKeys("id", "field1", "field2", "field3");
        }
    }

    @Test
    void aRoundNeedsAnActiveConnectionAndAReadableHome() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection incomplete = f.connect();
            assertThatThrownBy(incomplete::syncMetadata).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot run a metadata round: connection 'crm to erp' is INCOMPLETE (both ends answered "
                            + "the first check); it must be ACTIVE");

            await(incomplete.share(ConnectionFixture.ALPHA));
            f.home.failOpen(ConnectorException.transientFailure("home is restarting", null));

            assertThatThrownBy(() -> incomplete.syncMetadata().join()).isInstanceOf(CompletionException.class)
                    .hasRootCauseMessage("home is restarting");
            assertThat(incomplete.metadataSync().round()).as("no round ran").isZero();
            assertThat(incomplete.metadataSync().status()).isEqualTo(MetadataSyncStatus.IDLE);
        }
    }
}
