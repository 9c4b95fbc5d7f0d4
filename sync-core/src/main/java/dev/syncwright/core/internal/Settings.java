package dev.syncwright.core.internal;

import java.time.Duration;
import java.util.Objects;

/** Checks shared by the public builders, so every setting fails the same way, naming itself. */
public final class Settings {
    private Settings() {
    }

    /**
     * @param d    the value given
     * @param name the setting's name, for the message
     * @return {@code d}
     * @throws NullPointerException     when {@code d} is null
     * @throws IllegalArgumentException when {@code d} is zero or negative
     */
    public static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name + " must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }
}
