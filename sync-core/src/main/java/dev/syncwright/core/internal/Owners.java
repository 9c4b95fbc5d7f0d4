package dev.syncwright.core.internal;

import java.net.InetAddress;
import java.util.UUID;

/**
 * Names the engine that runs a sync, as {@code host:pid:engine}, so that a run's claim says where it runs and
 * a restarted process on the same host can tell that the holder's process is gone.
 */
final class Owners {
    private static final String HOST = host();

    private Owners() {
    }

    /** @return a new owner name for an engine of this process */
    static String newOwner() {
        return HOST + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return true when the owner is a process of this host that is no longer alive */
    static boolean isDeadOnThisHost(String owner) {
        String[] parts = owner.split(":");
        if (parts.length != 3 || !parts[0].equals(HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (Exception e) {
            return "localhost";
        }
    }
}
