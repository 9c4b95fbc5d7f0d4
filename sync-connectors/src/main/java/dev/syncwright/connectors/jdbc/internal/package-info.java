/** Implementation of the JDBC connectors. Not API: may change in any release. */
package dev.syncwright.connectors.jdbc.internal;
