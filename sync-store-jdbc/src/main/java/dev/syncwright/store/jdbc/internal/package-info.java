/**
 * Implementation of the JDBC stores: SQL per dialect, the schema check, the write and query paths. Not API: may
 * change in any release.
 */
package dev.syncwright.store.jdbc.internal;
