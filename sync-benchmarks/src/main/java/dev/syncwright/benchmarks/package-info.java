/**
 * Benchmarks: JMH micro-benchmarks of the hot paths, and {@link dev.syncwright.benchmarks.BenchmarkRunner},
 * which measures the end-to-end figures documented in BENCHMARKS.md.
 */
package dev.syncwright.benchmarks;
