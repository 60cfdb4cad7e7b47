package io.clipj.weights.torch;

import io.clipj.weights.CheckpointFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
final class PickleReader {

    /** Resolves an allowed global to a value (usually a {@link Callable}); refuses everything else. */
    @FunctionalInterface
    interface Globals {
        Object resolve(String module, String name) throws CheckpointFormatException;
    }

    /** Something a pickle may call through {@code REDUCE} or {@code NEWOBJ}. */
    @FunctionalInterface
    interface Callable {
        Object call(Tuple args) throws CheckpointFormatException;
    }

    /** Turns a persistent id ({@code BINPERSID}) into a value, e.g. a torch storage reference. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object pid) throws CheckpointFormatException;
    }

    /** An immutable Python tuple. */
    record Tuple(List<Object> items) {
        Tuple {
            items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    static final int MAX_MARK_DEPTH = 64;
    static final int MAX_STACK = 1 << 22;
    static final int MAX_MEMO = 1 << 22;
    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "<mark>";
        }
    };

    private final ByteBuffer in;
    private final String source;
    private final Globals globals;
    private final PersistentLoader persistent;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    PickleReader(byte[] pickle, String source, Globals globals, PersistentLoader persistent) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        this.globals = globals;
        this.persistent = persistent;
    }

    /** Runs the pickle to its {@code STOP} and returns the value it built. */
    Object load() throws CheckpointFormatException {
        while (true) {
            int at = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw fail(at, "unsupported pickle protocol " + proto);
                    }
                }
                case 0x95 -> need(8, at); // FRAME: framing is irrelevant in memory
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
                case 'c' -> push(globals.resolve(line(at), line(at))); // GLOBAL: module and name on two lines
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail(at, "STACK_GLOBAL needs two strings");
                    }
                    push(globals.resolve(m, n));
                }
                case 'q' -> memoPut(u8(), at); // BINPUT
                case 'r' -> memoPut(u32(at), at); // LONG_BINPUT
                case 0x94 -> memoPut(memo.size(), at); // MEMOIZE
                case 'h' -> push(memoGet(u8(), at)); // BINGET
                case 'j' -> push(memoGet(u32(at), at)); // LONG_BINGET
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark(at))); // TUPLE
                case 0x85 -> push(new Tuple(List.of(pop(at)))); // TUPLE1
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
                    Object k = pop(at);
                    dict(peek(at), at).put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> kv = popMark(at);
                    dict(peek(at), at).putAll(dictOf(kv, at));
                }
                case 'J' -> push((long) need(4, at).getInt()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (need(2, at).getShort() & 0xffff)); // BININT2
                case 0x8a -> push(longOf(u8(), at)); // LONG1
                case 0x8b -> push(longOf(u32(at), at)); // LONG4
                case 'G' -> push(need(8, at).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT (big-endian)
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'N' -> push(null); // NONE
                case 'X' -> push(utf8(u32(at), at)); // BINUNICODE
                case 0x8c -> push(utf8(u8(), at)); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(u64(at), at)); // BINUNICODE8
                case 'B' -> push(bytes(u32(at), at)); // BINBYTES
                case 'C' -> push(bytes(u8(), at)); // SHORT_BINBYTES
                case 'T' -> push(new String(bytes(u32(at), at), StandardCharsets.ISO_8859_1)); // BINSTRING
                case 'U' -> push(new String(bytes(u8(), at), StandardCharsets.ISO_8859_1)); // SHORT_BINSTRING
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
            throw fail(at, "cannot call " + describe(fn));
        }
        if (!(args instanceof Tuple t)) {
            throw fail(at, "call arguments are " + describe(args) + ", not a tuple");
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
        throw fail(at, "cannot set state of " + describe(target));
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
            d.put(kv.get(i), kv.get(i + 1));
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v, int at) throws CheckpointFormatException {
        if (v instanceof ArrayList<?>) {
            return (List<Object>) v;
        }
        throw fail(at, "APPEND to " + describe(v));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object v, int at) throws CheckpointFormatException {
        if (v instanceof LinkedHashMap<?, ?>) {
            return (Map<Object, Object>) v;
        }
        throw fail(at, "SETITEM on " + describe(v));
    }

    private Object longOf(long n, int at) throws CheckpointFormatException {
        if (n > 64) {
            throw fail(at, "integer of " + n + " bytes is too large");
        }
        byte[] le = bytes(n, at);
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be); // two's complement, as pickle's LONG1/LONG4
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String utf8(long n, int at) throws CheckpointFormatException {
        byte[] b = bytes(n, at);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw fail(at, "string is not valid UTF-8");
        }
    }

    private byte[] bytes(long n, int at) throws CheckpointFormatException {
        if (n < 0 || n > in.remaining()) {
            throw fail(at, "a " + n + "-byte value runs past the end of the pickle");
        }
        byte[] b = new byte[(int) n];
        in.get(b);
        return b;
    }

    /** A newline-terminated ASCII line, for GLOBAL. */
    private String line(int at) throws CheckpointFormatException {
        int start = in.position();
        for (int p = start; p < in.limit() && p - start < 256; p++) {
            if (in.get(p) == '\n') {
                byte[] b = new byte[p - start];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.US_ASCII);
            }
        }
        throw fail(at, "unterminated GLOBAL name");
    }

    private ByteBuffer need(int n, int at) throws CheckpointFormatException {
        if (in.remaining() < n) {
            throw fail(at, "pickle truncated");
        }
        ByteBuffer view = in.slice(in.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + n);
        return view;
    }

    private int u8() throws CheckpointFormatException {
        if (!in.hasRemaining()) {
            throw fail(in.position(), "pickle truncated (no STOP)");
        }
        return in.get() & 0xff;
    }

    private long u32(int at) throws CheckpointFormatException {
        return need(4, at).getInt() & 0xffffffffL;
    }

    private long u64(int at) throws CheckpointFormatException {
        long v = need(8, at).getLong();
        if (v < 0) {
            throw fail(at, "length out of range");
        }
        return v;
    }

    private CheckpointFormatException fail(int at, String message) {
        return new CheckpointFormatException(source + ": " + message + " (at pickle byte " + at + ")");
    }

    static String describe(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Callable) {
            return "a callable";
        }
        return v.getClass().getSimpleName();
    }
}
