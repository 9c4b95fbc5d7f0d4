package dev.syncwright.core.metrics;

/** The metrics that record nothing. */
final class NoMetrics implements SyncMetrics {
    static final NoMetrics INSTANCE = new NoMetrics();

    private NoMetrics() {
    }

    @Override
    public String toString() {
        return "SyncMetrics.none()";
    }
}
