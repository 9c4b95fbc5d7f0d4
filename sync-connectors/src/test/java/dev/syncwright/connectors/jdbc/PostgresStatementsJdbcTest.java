package dev.syncwright.connectors.jdbc;

/**
 * The JDBC contract on PostgreSQL with batched upsert statements forced, the method H2 always uses: both methods must
 * give the same outcomes.
 */
class PostgresStatementsJdbcTest extends PostgresJdbcTest {
    @Override
    JdbcDestination.Builder destinationBuilder() {
        return super.destinationBuilder().writeMethod(JdbcDestination.WriteMethod.STATEMENTS);
    }
}
