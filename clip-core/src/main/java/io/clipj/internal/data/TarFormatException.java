package io.clipj.internal.data;

import java.io.IOException;

/**
 * A tar archive that cannot be read further: bad header checksum, malformed number, truncated data, or an
 * oversized metadata record. The message names the archive and, when known, the member.
 *
 * <p>Immutable once thrown, like every exception; safe to pass between threads.
 */
public class TarFormatException extends IOException {

    /**
     * Creates the exception with a message that already names the archive; control characters (from member
     * names) are escaped.
     */
    public TarFormatException(String message) {
        super(MemberNames.printable(message));
    }
}
