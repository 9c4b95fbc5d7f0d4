package dev.syncwright.connectors.internal;

/** Text functions for messages that end up in logs, outcomes and reports. Stateless and thread-safe. */
public final class Texts {
    private Texts() {
    }

    /**
     * Makes a text one line, so that a value from a source, a destination, a configuration or a server cannot
     * forge a log line: CR, LF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) become
     * spaces.
     *
     * @param text any text, may be null
     * @return the text on one line; "" for null
     */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = ' ';
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** @return the text on one line, cut to at most {@code max} characters */
    public static String shorten(String text, int max) {
        String line = oneLine(text).strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }

    /** @return the failure's message on one line, or its class name when it has none */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : shorten(message, 500);
    }

    /**
     * @return a JDBC or HTTP URL without the parts that may carry credentials: user info, query string and
     *         {@code ;name=value} parameters
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return "";
        }
        String cut = url;
        for (char c : new char[] {'?', ';', '#'}) {
            int i = cut.indexOf(c);
            if (i >= 0) {
                cut = cut.substring(0, i);
            }
        }
        int scheme = cut.indexOf("//");
        int at = cut.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            cut = cut.substring(0, scheme + 2) + cut.substring(at + 1);
        }
        return oneLine(cut);
    }
}
