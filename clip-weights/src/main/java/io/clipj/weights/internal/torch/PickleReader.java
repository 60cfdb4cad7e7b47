package io.clipj.weights.internal.torch;

import io.clipj.weights.internal.SystemLimits;
import io.clipj.weights.CheckpointFormatException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted pickle virtual machine for the binary opcodes (protocols 2 to 4) that {@code torch.save}
 * emits for a state dict. It never imports or calls anything itself: each {@code GLOBAL} /
 * {@code STACK_GLOBAL} is handed to a {@link Globals} policy <em>when the opcode is read</em>, before the
 * value can be called, so a refused global (say {@code posix.system}) never gets near execution. Calls
 * ({@code REDUCE}, {@code NEWOBJ}) go only to the {@link Callable}s the policy returned.
 *
 * <p>Python values become: {@code str} → {@link String}, {@code int} → {@link Long} (or {@link BigInteger}),
 * {@code float} → {@link Double}, {@code bool} → {@link Boolean}, {@code None} → {@code null},
 * {@code bytes} → {@code byte[]}, tuple → {@link Tuple}, list → {@link ArrayList}, dict → {@link LinkedHashMap}.
 *
 * <p>Bounded: the caller bounds the pickle's size; the mark stack (nesting of {@code MARK}-delimited
 * containers), the value stack and the memo are bounded here. The machine never recurses, so nesting depth
 * cannot overflow the Java stack. Not thread-safe; one instance reads one pickle.
 */
public final class PickleReader {

    /** Resolves an allowed global to a value (usually a {@link Callable}); refuses everything else. */
    @FunctionalInterface
    public interface Globals {
        Object resolve(String module, String name) throws CheckpointFormatException;
    }

    /** Something a pickle may call through {@code REDUCE} or {@code NEWOBJ}. */
    @FunctionalInterface
    public interface Callable {
        Object call(Tuple args) throws CheckpointFormatException;
    }

    /** Turns a persistent id ({@code BINPERSID}) into a value, e.g. a torch storage reference. */
    @FunctionalInterface
    public interface PersistentLoader {
        Object load(Object pid) throws CheckpointFormatException;
    }

    /** An immutable Python tuple. */
    public record Tuple(List<Object> items) {
        public Tuple {
            items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }

        /** Bounded, so a tuple nested 10^5 deep or holding a list cycle can still be named in a message. */
        @Override
        public String toString() {
            return PickleValues.show(this);
        }
    }

    /** MARK nesting allowed (a state dict needs about 4); {@code -Dclipj.pickle.maxDepth=N} overrides. */
    public static final int MAX_MARK_DEPTH = SystemLimits.positiveInt("clipj.pickle.maxDepth", 64);
    public static final int MAX_STACK = 1 << 22;
    public static final int MAX_MEMO = 1 << 22;
    /**
     * Items of a tuple used as a dict key. Hashing a key walks all of it on every insert, so a pickle re-inserting
     * one 2-million-item tuple 15 million times would keep the machine busy for hours within every size limit; a
     * state dict's keys are plain names, so a handful of items is plenty.
     */
    public static final int MAX_KEY_ITEMS = 16;
    /** Bits of an integer used as a dict key, since a {@link BigInteger}'s hash also walks all of it. */
    public static final int MAX_KEY_BITS = 256;
    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "<mark>";
        }
    };

    private final PickleInput in;
    private final String source;
    private final Globals globals;
    private final PersistentLoader persistent;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    public PickleReader(byte[] pickle, String source, Globals globals, PersistentLoader persistent) {
        this.in = new PickleInput(pickle, source);
        this.source = source;
        this.globals = globals;
        this.persistent = persistent;
    }

    /** Runs the pickle to its {@code STOP} and returns the value it built. */
    public Object load() throws CheckpointFormatException {
        while (true) {
            int at = in.position();
            int op = in.u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = in.u8();
                    if (proto < 2 || proto > 5) {
                        throw fail(at, "unsupported pickle protocol " + proto);
                    }
                }
                case 0x95 -> in.need(8, at); // FRAME: framing is irrelevant in memory
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw fail(at, "STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> { // MARK
                    if (marks.size() >= MAX_MARK_DEPTH) {
                        throw fail(at, "nesting deeper than " + MAX_MARK_DEPTH);
                    }
                    marks.add(stack.size());
                    push(MARK);
                }
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(peek(at)); // DUP
                case 'c' -> push(globals.resolve(in.line(at), in.line(at))); // GLOBAL: module and name on two lines
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail(at, "STACK_GLOBAL needs two strings");
                    }
                    push(globals.resolve(m, n));
                }
                case 'q' -> memoPut(in.u8(), at); // BINPUT
                case 'r' -> memoPut(in.u32(at), at); // LONG_BINPUT
                case 0x94 -> memoPut(memo.size(), at); // MEMOIZE
                case 'h' -> push(memoGet(in.u8(), at)); // BINGET
                case 'j' -> push(memoGet(in.u32(at), at)); // LONG_BINGET
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark(at))); // TUPLE
                case 0x85 -> push(new Tuple(java.util.Arrays.asList(pop(at)))); // TUPLE1 (List.of refuses None)
                case 0x86 -> { // TUPLE2
                    Object b = pop(at);
                    push(new Tuple(java.util.Arrays.asList(pop(at), b)));
                }
                case 0x87 -> { // TUPLE3
                    Object c = pop(at);
                    Object b = pop(at);
                    push(new Tuple(java.util.Arrays.asList(pop(at), b, c)));
                }
                case 'l' -> push(new ArrayList<>(popMark(at))); // LIST
                case 'd' -> push(dictOf(popMark(at), at)); // DICT
                case 'a' -> { // APPEND
                    Object v = pop(at);
                    list(peek(at), at).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark(at);
                    list(peek(at), at).addAll(items);
                }
                case 's' -> { // SETITEM
                    Object v = pop(at);
                    Object k = key(pop(at), at);
                    dict(peek(at), at).put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> kv = popMark(at);
                    dict(peek(at), at).putAll(dictOf(kv, at));
                }
                case 'J' -> push((long) in.need(4, at).getInt()); // BININT
                case 'K' -> push((long) in.u8()); // BININT1
                case 'M' -> push((long) (in.need(2, at).getShort() & 0xffff)); // BININT2
                case 0x8a -> push(in.longOf(in.u8(), at)); // LONG1
                case 0x8b -> push(in.longOf(in.u32(at), at)); // LONG4
                case 'G' -> push(in.need(8, at).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT (big-endian)
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'N' -> push(null); // NONE
                case 'X' -> push(in.utf8(in.u32(at), at)); // BINUNICODE
                case 0x8c -> push(in.utf8(in.u8(), at)); // SHORT_BINUNICODE
                case 0x8d -> push(in.utf8(in.u64(at), at)); // BINUNICODE8
                case 'B' -> push(in.bytes(in.u32(at), at)); // BINBYTES
                case 'C' -> push(in.bytes(in.u8(), at)); // SHORT_BINBYTES
                case 'T' -> push(new String(in.bytes(in.u32(at), at), StandardCharsets.ISO_8859_1)); // BINSTRING
                case 'U' -> push(new String(in.bytes(in.u8(), at), StandardCharsets.ISO_8859_1)); // SHORT_BINSTRING
                case 'R' -> { // REDUCE
                    Object args = pop(at);
                    Object fn = pop(at);
                    push(call(fn, args, at));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args); only allowed classes get this far
                    Object args = pop(at);
                    Object cls = pop(at);
                    push(call(cls, args, at));
                }
                case 'b' -> build(pop(at), peek(at), at); // BUILD
                case 'Q' -> push(persistent.load(pop(at))); // BINPERSID
                default -> throw fail(at, String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    private Object call(Object fn, Object args, int at) throws CheckpointFormatException {
        if (!(fn instanceof Callable c)) {
            throw fail(at, "cannot call " + PickleValues.describe(fn));
        }
        if (!(args instanceof Tuple t)) {
            throw fail(at, "call arguments are " + PickleValues.describe(args) + ", not a tuple");
        }
        return c.call(t);
    }

    /**
     * BUILD sets an object's state. The only state a state dict carries is the {@code _metadata} attribute of
     * its OrderedDict (module versions), which loading weights does not need, so it is accepted and dropped.
     */
    private void build(Object state, Object target, int at) throws CheckpointFormatException {
        if (target instanceof Map<?, ?> && (state == null || state instanceof Map<?, ?>)) {
            return;
        }
        if (target instanceof TorchTensorRef && (state == null || state instanceof Map<?, ?> || state instanceof Tuple)) {
            return; // tensor attributes such as requires_grad bookkeeping; irrelevant to the data
        }
        throw fail(at, "cannot set state of " + PickleValues.describe(target));
    }

    private void push(Object v) throws CheckpointFormatException {
        if (stack.size() >= MAX_STACK) {
            throw fail(in.position(), "more than " + MAX_STACK + " values on the pickle stack");
        }
        stack.add(v);
    }

    private Object pop(int at) throws CheckpointFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail(at, "pickle stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(int at) throws CheckpointFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail(at, "pickle stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark(int at) throws CheckpointFormatException {
        if (marks.isEmpty()) {
            throw fail(at, "no MARK to pop to");
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private void memoPut(long index, int at) throws CheckpointFormatException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw fail(at, "more than " + MAX_MEMO + " memo entries");
        }
        memo.put(index, peek(at));
    }

    private Object memoGet(long index, int at) throws CheckpointFormatException {
        if (!memo.containsKey(index)) {
            throw fail(at, "memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    private Map<Object, Object> dictOf(List<Object> kv, int at) throws CheckpointFormatException {
        if (kv.size() % 2 != 0) {
            throw fail(at, "odd number of items for a dict");
        }
        Map<Object, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < kv.size(); i += 2) {
            d.put(key(kv.get(i), at), kv.get(i + 1));
        }
        return d;
    }

    /**
     * A dict key: Python refuses unhashable ones (dict, list), and here keys are also kept flat (scalars, or
     * a tuple of scalars) because hashing a key that contains itself would recurse until the stack overflows,
     * and small ({@link #MAX_KEY_ITEMS}, {@link #MAX_KEY_BITS}) so that every insert costs constant time: the
     * cost of the whole pickle then stays linear in its size, checked before the key is hashed.
     */
    private Object key(Object k, int at) throws CheckpointFormatException {
        if (k instanceof Tuple t) {
            if (t.size() > MAX_KEY_ITEMS) {
                throw fail(at, "dict key is a tuple of " + t.size() + " items, more than the " + MAX_KEY_ITEMS
                        + " allowed (state-dict keys are names; hashing huge keys repeatedly is a CPU bomb)");
            }
            for (Object item : t.items()) {
                if (!isScalar(item)) {
                    throw fail(at, "unsupported dict key: a tuple holding " + PickleValues.describe(item));
                }
                checkKeyInteger(item, at);
            }
        } else if (!isScalar(k)) {
            throw fail(at, "unsupported dict key " + PickleValues.describe(k));
        }
        checkKeyInteger(k, at);
        return k;
    }

    private void checkKeyInteger(Object k, int at) throws CheckpointFormatException {
        if (k instanceof BigInteger b && b.bitLength() > MAX_KEY_BITS) {
            throw fail(at, "dict key is an integer of " + b.bitLength() + " bits, more than the " + MAX_KEY_BITS
                    + " allowed");
        }
    }

    private static boolean isScalar(Object v) {
        return v == null || v instanceof String || v instanceof Long || v instanceof BigInteger
                || v instanceof Double || v instanceof Boolean || v instanceof byte[];
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v, int at) throws CheckpointFormatException {
        if (v instanceof ArrayList<?>) {
            return (List<Object>) v;
        }
        throw fail(at, "APPEND to " + PickleValues.describe(v));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object v, int at) throws CheckpointFormatException {
        if (v instanceof LinkedHashMap<?, ?>) {
            return (Map<Object, Object>) v;
        }
        throw fail(at, "SETITEM on " + PickleValues.describe(v));
    }

    private CheckpointFormatException fail(int at, String message) {
        return in.fail(at, message);
    }
}
