package dev.syncwright.core.internal;

import org.slf4j.Logger;

import java.util.List;
import java.util.function.Consumer;

/** Calls listeners so that one that throws is logged and skipped, never breaking the caller. */
final class Listeners {
    private Listeners() {
    }

    /**
     * @param listeners the listeners, in order
     * @param callback  the callback's name, for the log line
     * @param call      what to call on each
     * @param log       where a listener's failure is logged
     */
    static <L> void each(List<L> listeners, String callback, Consumer<L> call, Logger log) {
        for (L listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                log.warn("Listener {} threw from {}; ignored", listener.getClass().getName(), callback, e);
            }
        }
    }
}
