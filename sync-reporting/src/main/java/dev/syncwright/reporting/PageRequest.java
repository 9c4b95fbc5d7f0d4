package dev.syncwright.reporting;

import java.util.Objects;

/**
 * Which page of a filtered report to read: the order, the page size, and where the page starts (a
 * {@link ReportCursor} from the previous page, or none for the first). Immutable.
 *
 * <p>Pages are keyset pages: the cursor holds the sort value and sync id of the last entry returned, so the
 * next page starts right after it. Entries added while paging never shift a page, and no entry that existed
 * when paging started is skipped or repeated, as long as its sort column does not change (sync id and creation
 * time never do).
 *
 * @param sort     the order, not null
 * @param pageSize entries per page, 1 to {@value #MAX_PAGE_SIZE}
 * @param after    the cursor of the previous page's last entry, or null for the first page; it must have been
 *                 made for the same sort
 */
public record PageRequest(ReportSort sort, int pageSize, ReportCursor after) {
    /** The page size when none is given: 50. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** The largest page size: 10 000. */
    public static final int MAX_PAGE_SIZE = 10_000;

    /**
     * Creates the value, checking its components.
     *
     * @param sort the order, not null
     * @param pageSize entries per page, 1 to {@value #MAX_PAGE_SIZE}
     * @param after the cursor of the previous page's last entry, or null for the first page; it must have been made
     *              for the same sort
     */
    public PageRequest {
        Objects.requireNonNull(sort, "sort must not be null");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        if (after != null && !after.sort().equals(sort)) {
            throw new IllegalArgumentException("cursor was made for another sort (" + after.sort().column() + " "
                    + after.sort().direction() + "); start again without a cursor");
        }
    }

    /** @return the first page of {@value #DEFAULT_PAGE_SIZE} entries, newest first */
    public static PageRequest first() {
        return new PageRequest(ReportSort.NEWEST_FIRST, DEFAULT_PAGE_SIZE, null);
    }

    /**
     * @param sort the order, not null
     * @param pageSize entries per page, at least 1
     * @return the first page of {@code pageSize} entries in the given order
     */
    public static PageRequest first(ReportSort sort, int pageSize) {
        return new PageRequest(sort, pageSize, null);
    }

    /**
     * @param pageSize entries per page, at least 1
     * @return the first page of {@code pageSize} entries, newest first
     */
    public static PageRequest first(int pageSize) {
        return new PageRequest(ReportSort.NEWEST_FIRST, pageSize, null);
    }

    /**
     * @param cursor the previous page's {@link ReportPage#nextCursor()}, or null for the first page
     * @return the page after it, in the same order and size
     * @throws IllegalArgumentException when the cursor is malformed or was made for another sort
     */
    public PageRequest after(String cursor) {
        return new PageRequest(sort, pageSize, cursor == null ? null : ReportCursor.parse(cursor));
    }

    /**
     * @param cursor the cursor of the last page, not null
     * @return the page after the given cursor, in the same order and size
     */
    public PageRequest after(ReportCursor cursor) {
        return new PageRequest(sort, pageSize, cursor);
    }
}
