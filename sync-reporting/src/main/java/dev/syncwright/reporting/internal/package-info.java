/**
 * Implementation of the sync report: compact column storage, query evaluation, text helpers. Not API: may
 * change in any release.
 */
package dev.syncwright.reporting.internal;
