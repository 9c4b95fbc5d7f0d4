package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.jdbc.SqlDialect;
import dev.syncwright.spi.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule that matches given names to stored ones, on H2 folding unquoted names up and, set so, down. */
class IdentifiersTest {

    private static Identifiers identifiers(String urlSettings) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:identifiers" + urlSettings, "sa", "")) {
            return Identifiers.of(c, SqlDialect.H2);
        }
    }

    @Test
    void theExactNameWinsThenTheFoldedOneThenTheOnlyOneEqualIgnoringCase() throws SQLException {
        Identifiers upper = identifiers("");

        assertThat(upper.indexOf(List.of("NAME", "name"), "name", "s")).isEqualTo(1);
        assertThat(upper.indexOf(List.of("Name", "NAME"), "name", "s")).isEqualTo(1);
        assertThat(upper.indexOf(List.of("id", "MixedCase"), "MIXEDCASE", "s")).isEqualTo(1);
        assertThat(upper.indexOf(List.of("id", "we ird"), "We Ird", "s")).isEqualTo(1);
        assertThat(upper.indexOf(List.of("id"), "other", "s")).isEqualTo(-1);
    }

    @Test
    void foldingFollowsWhatTheDatabaseSaysItDoes() throws SQLException {
        Identifiers lower = identifiers(";DATABASE_TO_LOWER=TRUE");

        assertThat(lower.indexOf(List.of("NAME", "name"), "Name", "s")).isEqualTo(1);
        assertThat(lower.newName("customerId")).isEqualTo("customerid");
        assertThat(identifiers("").newName("customerId")).isEqualTo("CUSTOMERID");
    }

    @Test
    void namesThatDifferOnlyInCaseAreAmbiguousWhenNeitherRuleBeforeDecides() throws SQLException {
        Identifiers upper = identifiers("");

        assertThatThrownBy(() -> upper.indexOf(List.of("Name", "nAme"), "name", "entities.keyColumn"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("entities.keyColumn"))
                .hasMessageContaining("'Name' or 'nAme'");
    }

    @Test
    void onlyPlainNamesAreFoldedForNewTablesAndEveryNameIsQuoted() throws SQLException {
        Identifiers upper = identifiers("");

        assertThat(upper.newName("we ird")).isEqualTo("we ird");
        assertThat(upper.newName("1st")).isEqualTo("1st");
        assertThat(upper.newName("a\"b")).isEqualTo("a\"b");
        assertThat(upper.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(upper.quote(new Identifiers.Table("My Schema", "t\"1"))).isEqualTo("\"My Schema\".\"t\"\"1\"");
        assertThat(upper.quote(new Identifiers.Table(null, "ORDER"))).isEqualTo("\"ORDER\"");
    }
}
