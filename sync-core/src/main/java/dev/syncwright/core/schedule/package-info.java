/**
 * Recurring syncs: {@link dev.syncwright.core.schedule.SyncSchedule} starts a sync at a fixed interval or on a cron
 * expression, on the host's scheduler, never two runs of one sync at once.
 */
package dev.syncwright.core.schedule;
