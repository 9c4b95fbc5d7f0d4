/**
 * Helpers shared by the built-in connectors. Not API: may change in any release.
 */
package dev.syncwright.connectors.internal;
