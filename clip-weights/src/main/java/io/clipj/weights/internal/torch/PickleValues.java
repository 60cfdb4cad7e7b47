package io.clipj.weights.internal.torch;

import java.util.List;
import java.util.Map;

/**
 * Pickle values rendered for error messages, bounded in depth, items and length ({@link #show}), or named by
 * kind ({@link #describe}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PickleValues {

    private static final int SHOW_CHARS = 200;

    private PickleValues() {
    }

    /**
     * A short rendering of a pickle value for error messages: at most 3 levels, 8 items per container and about
     * 200 characters, because values from a hostile pickle can be cyclic (a list appended to itself) or nested
     * far deeper than the Java stack, and Java's own toString would recurse until it overflows.
     */
    public static String show(Object v) {
        StringBuilder sb = new StringBuilder();
        show(v, 0, sb);
        return sb.length() > SHOW_CHARS ? sb.substring(0, SHOW_CHARS) + "..." : sb.toString();
    }

    private static void show(Object v, int depth, StringBuilder sb) {
        if (v instanceof PickleReader.Tuple t) {
            showItems(t.items(), "(", ")", depth, sb);
        } else if (v instanceof List<?> l) {
            showItems(l, "[", "]", depth, sb);
        } else if (v instanceof Map<?, ?> m) {
            sb.append("{dict of ").append(m.size()).append('}');
        } else if (v instanceof String str) {
            sb.append('\'').append(str.length() > 64 ? str.substring(0, 64) + "..." : str).append('\'');
        } else if (v == null || v instanceof Number || v instanceof Boolean || v instanceof TorchStorage
                || v instanceof TorchTensorRef || v instanceof StateDictGlobals.StorageType) {
            sb.append(v == null ? "None" : v);
        } else {
            sb.append(describe(v));
        }
    }

    private static void showItems(List<?> items, String open, String close, int depth, StringBuilder sb) {
        sb.append(open);
        if (depth >= 3) {
            sb.append("...");
        } else {
            for (int i = 0; i < items.size() && i < 8 && sb.length() <= SHOW_CHARS; i++) {
                sb.append(i > 0 ? ", " : "");
                show(items.get(i), depth + 1, sb);
            }
            sb.append(items.size() > 8 ? ", ..." : "");
        }
        sb.append(close);
    }

    /** What kind of value {@code v} is, for error messages: {@code None}, a callable, or its class's simple name. */
    public static String describe(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof PickleReader.Callable) {
            return "a callable";
        }
        return v.getClass().getSimpleName();
    }
}
