package dev.syncwright.core.internal;

/** Text helpers for messages that end up in logs and reports. */
final class Texts {
    private Texts() {
    }

    /** @return the text with CR and LF replaced, so a value cannot forge log lines; "" for null */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0 ? text : text.replace('\r', ' ').replace('\n', ' ');
    }

    /** @return "1 change", "2 changes": the count with the noun, which is made plural with an s */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** @return the failure's message on one line, or its class name when it has none */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(message);
    }
}
