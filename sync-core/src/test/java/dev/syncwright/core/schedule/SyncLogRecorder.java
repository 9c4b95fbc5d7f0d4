package dev.syncwright.core.schedule;

import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.SyncLogEvent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A journal that keeps the sync log events it is given ({@link RunJournal#inMemory()} drops them). Thread-safe. */
final class SyncLogRecorder {
    final List<SyncLogEvent> events = new CopyOnWriteArrayList<>();
    final RunJournal journal;

    SyncLogRecorder() {
        RunJournal delegate = RunJournal.inMemory();
        this.journal = (RunJournal) Proxy.newProxyInstance(RunJournal.class.getClassLoader(),
                new Class<?>[] {RunJournal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendLog")) {
                        @SuppressWarnings("unchecked")
                        List<SyncLogEvent> added = (List<SyncLogEvent>) args[0];
                        events.addAll(added);
                        return null;
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
