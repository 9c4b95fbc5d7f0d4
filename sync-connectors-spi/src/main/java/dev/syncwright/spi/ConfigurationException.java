package dev.syncwright.spi;

import java.util.Objects;

/**
 * A connector's configuration is wrong. Always of kind {@link ConnectorException.Kind#CONFIGURATION};
 * {@link #setting()} names the offending setting so the host can point the user at it.
 */
public class ConfigurationException extends ConnectorException {
    private static final long serialVersionUID = 1L;
    /** The name of the bad setting. */
    private final String setting;

    /**
     * @param setting the name of the bad setting, not null
     * @param message why it is bad; must not contain a secret's value
     */
    public ConfigurationException(String setting, String message) {
        this(setting, message, null);
    }

    /**
     * @param setting the name of the bad setting, not null
     * @param message why it is bad; must not contain a secret's value
     * @param cause   the underlying failure, may be null
     */
    public ConfigurationException(String setting, String message, Throwable cause) {
        super(Kind.CONFIGURATION, "invalid setting '" + Objects.requireNonNull(setting, "setting") + "': " + message, cause);
        this.setting = setting;
    }

    /** @return the name of the bad setting */
    public String setting() {
        return setting;
    }
}
