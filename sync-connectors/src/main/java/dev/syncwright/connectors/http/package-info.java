/**
 * The HTTP JSON destination: {@link dev.syncwright.connectors.http.HttpDestination} POSTs batches to an
 * endpoint with the JDK HTTP client and maps the answer to per-record delivery outcomes.
 */
package dev.syncwright.connectors.http;
