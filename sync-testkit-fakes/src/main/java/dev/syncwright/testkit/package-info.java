/**
 * Connectors for testing syncs without real systems: {@link dev.syncwright.testkit.InMemorySource},
 * {@link dev.syncwright.testkit.InMemoryDestination}, {@link dev.syncwright.testkit.ControllableDestination}
 * (latency, failures, a gate that holds writes in flight, scripted outcomes and confirmations) and
 * {@link dev.syncwright.testkit.FaultyDestination} (seeded random faults, outages, confirm-later).
 * Every class here is thread-safe.
 */
package dev.syncwright.testkit;
