package dev.syncwright.connectors.jdbc;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcConnectorBuilderTest {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final JdbcEntity entity = JdbcEntity.table("a", "a", "id");

    private static void rejects(String setting, String message, Executable build) {
        assertThatThrownBy(build::execute)
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }

    @Test
    void aUrlAndADataSourceTogetherAreRejectedByName() {
        rejects("dataSource", "either url or dataSource", () -> JdbcDestination.builder().url("jdbc:h2:mem:x").dataSource(dataSource));
        rejects("url", "either url or dataSource", () -> JdbcSource.builder().dataSource(dataSource).url("jdbc:h2:mem:x"));
        rejects("url", "or give a dataSource", () -> JdbcDestination.builder().build());
    }

    @Test
    void settingsThatBelongToTheHostsPoolAreRejectedWithADataSource() {
        rejects("user", "comes from the dataSource", () -> JdbcDestination.builder().dataSource(dataSource).user("sa").build());
        rejects("password", "comes from the dataSource",
                () -> JdbcSource.builder().dataSource(dataSource).password(Secret.of("pw")).entity(entity).build());
        rejects("maxConnections", "built-in pool only", () -> JdbcDestination.builder().dataSource(dataSource).maxConnections(4).build());
        rejects("connectionTimeout", "built-in pool only",
                () -> JdbcSource.builder().dataSource(dataSource).connectionTimeout(Duration.ofSeconds(1)).entity(entity).build());
    }

    @Test
    void poolAndFetchSettingsOutOfRangeAreRejectedByName() {
        rejects("maxConnections", "at least 1", () -> JdbcDestination.builder().maxConnections(0));
        rejects("connectionTimeout", "positive", () -> JdbcDestination.builder().connectionTimeout(Duration.ZERO));
        rejects("queryTimeout", "positive", () -> JdbcSource.builder().queryTimeout(Duration.ofSeconds(-1)));
        rejects("fetchSize", "at least 1", () -> JdbcSource.builder().fetchSize(0));
    }

    @Test
    void aBuiltInPoolIsSizedAndTimedByTheSettingsGiven() {
        JdbcDestination destination = JdbcDestination.builder().url("jdbc:h2:mem:sized").maxConnections(2)
                .connectionTimeout(Duration.ofSeconds(3)).writeMethod(JdbcDestination.WriteMethod.STATEMENTS).build();

        assertThat(destination.toString()).contains("url=jdbc:h2:mem:sized", "H2", "writeMethod=STATEMENTS");
    }
}
