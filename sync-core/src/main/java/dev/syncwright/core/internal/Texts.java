package dev.syncwright.core.internal;

/** Text helpers for messages that end up in logs and reports. Not API. */
public final class Texts {
    private Texts() {
    }

    /**
     * Makes a text one line, so that a value from a source, a destination or a caller cannot forge a log line:
     * CR, LF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) become spaces.
     *
     * @param text any text, may be null
     * @return the text on one line; "" for null
     */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        for (int i = 0; i < text.length(); i++) {
            if (isLineBreak(text.charAt(i))) {
                return replaceBreaks(text);
            }
        }
        return text;
    }

    private static String replaceBreaks(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (isLineBreak(chars[i])) {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    /** @return true for the characters a log viewer may start a new line at */
    public static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** @return "1 change", "2 changes": the count with the noun, which is made plural with an s */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * @return the failure's message on one line, or its class name when it has none; an {@link Error}'s class name
     *         always leads, as its message alone (a class name, "Java heap space") rarely says what happened
     */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return e instanceof Error ? e.getClass().getSimpleName() + ": " + oneLine(message) : oneLine(message);
    }
}
