package dev.syncwright.core.internal;

/** The run journal refused a write: the entity ends ERROR with this reason, its checkpoint where it was. */
final class JournalFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JournalFailure(RuntimeException cause) {
        super(Texts.describe(cause), cause);
    }
}
