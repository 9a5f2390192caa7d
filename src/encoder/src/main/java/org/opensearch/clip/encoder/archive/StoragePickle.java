package org.opensearch.clip.encoder.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tensor pickle of a TorchScript archive ({@code data.pkl}, {@code constants.pkl}): the storages it references,
 * found by walking its opcodes, and the same pickle with {@code torch.HalfStorage} declared as
 * {@code torch.FloatStorage}. TorchScript writes these pickles with protocol 2, whose opcodes carry no frame lengths,
 * so one GLOBAL can be renamed in place; a storage is the persistent id
 * {@code ('storage', torch.<Type>Storage, key, location, numel)}, with strings and globals possibly memoized.
 */
final class StoragePickle {
    static final String HALF_STORAGE = "torch\nHalfStorage";
    static final String FLOAT_STORAGE = "torch\nFloatStorage";

    /** The rewritten pickle, the keys of its half-precision storages and how many storages it references. */
    record Result(byte[] bytes, Set<String> halfKeys, int storages) {}

    /** A GLOBAL's {@code module\nname}, kept apart from strings. */
    private record Global(String name) {}

    /** Any value that is neither a string, a global nor an integer. */
    private static final Object OTHER = new Object();

    private final byte[] in;
    private final String source;
    private final ByteArrayOutputStream out;
    private final boolean halfToFloat;
    private final Map<Long, Object> memo = new HashMap<>();
    private final Deque<List<Object>> marks = new ArrayDeque<>();
    private final Set<String> halfKeys = new LinkedHashSet<>();
    private List<Object> lastTuple = List.of();
    private Object last = OTHER;
    private int storages;
    private int pos;

    private StoragePickle(byte[] in, String source, boolean halfToFloat) {
        this.in = in;
        this.source = source;
        this.halfToFloat = halfToFloat;
        this.out = new ByteArrayOutputStream(in.length + 64);
    }

    /**
     * Walks a pickle, collecting its storages; with {@code halfToFloat}, half storages are renamed to float storages.
     *
     * @param source the entry's name, for error messages
     */
    static Result rewrite(byte[] pickle, String source, boolean halfToFloat) {
        StoragePickle walker = new StoragePickle(pickle, source, halfToFloat);
        walker.walk();
        return new Result(walker.out.toByteArray(), Set.copyOf(walker.halfKeys), walker.storages);
    }

    private void walk() {
        while (pos < in.length) {
            int start = pos;
            int op = in[pos++] & 0xFF;
            Object value = OTHER;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = in[pos++] & 0xFF;
                    if (protocol > 3) {
                        throw fail("pickle protocol " + protocol + " is not supported (TorchScript writes protocol 2)");
                    }
                }
                case 'c' -> { // GLOBAL module\nname\n
                    Global global = new Global(line() + "\n" + line());
                    if (halfToFloat && global.name().equals(HALF_STORAGE)) {
                        writeAscii("c" + FLOAT_STORAGE + "\n"); // renamed; the walk still counts it as half
                        last = global;
                        append(global);
                        continue;
                    }
                    value = global;
                }
                case 'X' -> value = text(u32()); // BINUNICODE
                case 'U', 'C' -> value = text(u8()); // SHORT_BINSTRING, SHORT_BINBYTES
                case 'T', 'B' -> value = text(u32()); // BINSTRING, BINBYTES
                case 'K' -> value = (long) u8(); // BININT1
                case 'M' -> value = (long) u16(); // BININT2
                case 'J' -> value = (long) s32(); // BININT
                case 0x8a -> skip(u8()); // LONG1
                case 0x8b -> skip(u32()); // LONG4
                case 'G' -> skip(8); // BINFLOAT
                case 'h' -> value = memo.getOrDefault((long) u8(), OTHER); // BINGET
                case 'j' -> value = memo.getOrDefault(u32(), OTHER); // LONG_BINGET
                case 'q' -> { // BINPUT
                    memo.put((long) u8(), last);
                    copy(start);
                    continue;
                }
                case 'r' -> { // LONG_BINPUT
                    memo.put(u32(), last);
                    copy(start);
                    continue;
                }
                case 'I', 'L', 'F', 'S', 'V', 'P', 'g', 'p' -> line(); // text-argument opcodes of protocol 0
                case 'i' -> { // INST module\nname\n, consumes a mark
                    line();
                    line();
                    popMark();
                }
                case '(' -> { // MARK
                    marks.push(new ArrayList<>());
                    copy(start);
                    continue;
                }
                case 't' -> { // TUPLE
                    lastTuple = popMark();
                }
                case 'l', 'd', 'e', 'u', 'o', '1' -> popMark(); // LIST, DICT, APPENDS, SETITEMS, OBJ, POP_MARK
                case 'Q' -> persistentId(); // BINPERSID
                case '.' -> { // STOP
                    copy(start);
                    out.write(in, pos, in.length - pos);
                    return;
                }
                case 'N', 0x88, 0x89, ')', ']', '}', 0x85, 0x86, 0x87, 'a', 's', 'b', 'R', 0x81, '0', '2' -> {
                    // NONE, NEWTRUE, NEWFALSE, EMPTY_TUPLE/LIST/DICT, TUPLE1-3, APPEND, SETITEM, BUILD, REDUCE,
                    // NEWOBJ, POP, DUP: no argument, no mark
                }
                default -> throw fail(String.format("pickle opcode 0x%02x at byte %d is not supported", op, start));
            }
            last = value;
            append(value);
            copy(start);
        }
        throw fail("pickle ends without STOP");
    }

    private void persistentId() {
        List<Object> id = lastTuple;
        if (id.size() == 5 && "storage".equals(id.get(0)) && id.get(1) instanceof Global type && id.get(2) instanceof String key) {
            storages++;
            if (type.name().equals(HALF_STORAGE)) {
                halfKeys.add(key);
            }
        }
    }

    private void append(Object value) {
        List<Object> top = marks.peek();
        if (top != null) {
            top.add(value);
        }
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("pickle pops a mark it never set (byte " + (pos - 1) + ")");
        }
        return marks.pop();
    }

    private void copy(int start) {
        out.write(in, start, pos - start);
    }

    private void writeAscii(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
    }

    private String line() {
        int end = pos;
        while (end < in.length && in[end] != '\n') {
            end++;
        }
        if (end == in.length) {
            throw fail("pickle ends inside a text argument");
        }
        String s = new String(in, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return s;
    }

    private String text(long length) {
        if (length < 0 || pos + length > in.length) {
            throw fail("pickle string of " + length + " bytes runs past the end");
        }
        String s = new String(in, pos, (int) length, StandardCharsets.UTF_8);
        pos += (int) length;
        return s;
    }

    private void skip(long n) {
        if (pos + n > in.length) {
            throw fail("pickle argument runs past the end");
        }
        pos += (int) n;
    }

    private int u8() {
        need(1);
        return in[pos++] & 0xFF;
    }

    private int u16() {
        need(2);
        int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    private int s32() {
        need(4);
        int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8 | (in[pos + 2] & 0xFF) << 16 | (in[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long u32() {
        return s32() & 0xFFFFFFFFL;
    }

    private void need(int n) {
        if (pos + n > in.length) {
            throw fail("pickle ends inside an opcode argument");
        }
    }

    private ArchiveException fail(String problem) {
        return new ArchiveException(source + ": " + problem);
    }
}
