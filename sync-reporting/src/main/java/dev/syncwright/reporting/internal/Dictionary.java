package dev.syncwright.reporting.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns repeated strings (systems, entities, run ids, messages) as dense int codes, so a column stores
 * four bytes per entry instead of a reference. Not thread-safe: the owning store guards it with its lock.
 */
public final class Dictionary {
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    /** @return the code of the value, adding it when new; -1 for null */
    public int code(String value) {
        if (value == null) {
            return -1;
        }
        Integer code = codes.get(value);
        if (code == null) {
            code = values.size();
            values.add(value);
            codes.put(value, code);
        }
        return code;
    }

    /** @return the code of the value, or -1 when it is null or was never added */
    public int find(String value) {
        if (value == null) {
            return -1;
        }
        Integer code = codes.get(value);
        return code == null ? -1 : code;
    }

    /** @return the value of a code; null for -1 */
    public String value(int code) {
        return code < 0 ? null : values.get(code);
    }

    /** @return how many values there are; codes run from 0 to size - 1 */
    public int size() {
        return values.size();
    }

    /**
     * @return for each code, its rank in {@link Texts#compare code point order} of the values (equal values
     *         never occur, so ranks are distinct)
     */
    public int[] ranks() {
        int n = values.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Texts.compare(values.get(a), values.get(b)));
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }
}
