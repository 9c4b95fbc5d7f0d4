/**
 * JMH micro-benchmarks of the hot paths, so that regressions show. Run them with
 * {@code java -cp <classpath> org.openjdk.jmh.Main <regex>} (see BENCHMARKS.md).
 */
package dev.syncwright.benchmarks.jmh;
