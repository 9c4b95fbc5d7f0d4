package dev.syncwright.testkit;

/** How a {@link FaultyDestination} that confirms later tells the engine a SENT delivery arrived. */
public enum ConfirmationMode {
    /** The destination calls the engine back through its confirmation sink. */
    PUSH,
    /** The destination answers when the engine polls outstanding delivery ids. */
    POLL
}
