package io.clipj.internal.data;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses POSIX pax extended-header records ({@code "<len> <key>=<value>\n"}, {@code len} counting the whole
 * record in bytes, UTF-8 text).
 *
 * <p>Stateless and thread-safe.
 */
public final class PaxHeaders {

    private PaxHeaders() {
    }

    /** Parses all records of a pax header's content; {@code where} names the archive and member for errors. */
    public static Map<String, String> parse(byte[] content, String where) throws TarFormatException {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < content.length) {
            if (content[pos] == 0) {
                break; // some writers pad the record block with NULs
            }
            int space = pos;
            int length = 0;
            while (space < content.length && content[space] >= '0' && content[space] <= '9') {
                length = length * 10 + (content[space] - '0');
                space++;
                if (length > content.length) { // also keeps the arithmetic far from int overflow
                    throw new TarFormatException(where + ": malformed pax header record at byte " + pos
                            + " (its length runs past the header)");
                }
            }
            if (space == pos || space >= content.length || content[space] != ' ' || length <= space - pos + 1
                    || pos + length > content.length || content[pos + length - 1] != '\n') {
                throw new TarFormatException(where + ": malformed pax header record at byte " + pos);
            }
            String record = new String(content, space + 1, pos + length - 1 - (space + 1), StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw new TarFormatException(where + ": pax header record without key=value at byte " + pos);
            }
            records.put(record.substring(0, eq), record.substring(eq + 1));
            pos += length;
        }
        return records;
    }

    /** The pax {@code size} value as a non-negative long. */
    public static long size(String value, String where) throws TarFormatException {
        try {
            long size = Long.parseLong(value.trim());
            if (size < 0) {
                throw new NumberFormatException("negative");
            }
            return size;
        } catch (NumberFormatException e) {
            throw new TarFormatException(where + ": bad pax size '" + value + "'");
        }
    }
}
