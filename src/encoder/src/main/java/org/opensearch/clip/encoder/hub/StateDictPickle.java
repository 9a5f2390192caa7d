package org.opensearch.clip.encoder.hub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the {@code data.pkl} of a PyTorch zip checkpoint ({@code torch.save} of a state dict) without running
 * anything: only the opcodes a state dict needs, and only the globals that build one ({@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter}, the storage classes). Any other
 * global, opcode or persistent id is refused, so a hostile pickle can name no code. Work and memory are bounded by the
 * pickle's own length: every value comes from its bytes. The {@code data.pkl} of a TorchScript archive, a pickled
 * module tree, is read too ({@link #readModule}): its {@code __torch__.} classes are only names, each object
 * ({@code NEWOBJ}, then {@code BUILD} with its attributes) a plain record of its attributes.
 */
final class StateDictPickle {
    /** A tensor as the pickle declares it: its storage, offset and size/stride in elements. */
    record TensorRef(String storageKey, TensorType type, long storageElements, long offset, long[] size, long[] stride) {}

    private record Global(String module, String name) {}

    private record StorageRef(String key, TensorType type, long elements) {}

    /** An object of a TorchScript class ({@code __torch__.}...): its attributes, set by BUILD. */
    private record ScriptObject(Map<String, Object> attributes) {}

    /** The deepest module tree read (a CLIP's is 6 deep: visual.transformer.resblocks.0.mlp.c_fc). */
    static final int MAX_MODULE_DEPTH = 64;

    private static final Object MARK = new Object();
    private static final Object NONE = new Object();

    private final byte[] in;
    private final String source;
    private final boolean modules;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos;

    private StateDictPickle(byte[] in, String source, boolean modules) {
        this.in = in;
        this.source = source;
        this.modules = modules;
    }

    /** The pickle's top-level dictionary (nested dictionaries stay maps; tensors are {@link TensorRef}s). */
    static Map<String, Object> read(byte[] pickle, String source) throws HubCheckpointException {
        try {
            Object top = new StateDictPickle(pickle, source, false).run();
            if (!(top instanceof Map<?, ?> map)) {
                throw new HubCheckpointException(source + ": the pickle is not a dictionary of tensors");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) map;
            return result;
        } catch (IndexOutOfBoundsException | java.util.NoSuchElementException | ClassCastException e) {
            throw new HubCheckpointException(source + ": malformed pickle at byte " + e.getMessage(), e);
        }
    }

    /**
     * The tensors of a TorchScript archive's pickled module tree by attribute path ({@code visual.conv1.weight}), as
     * {@code state_dict()} names them; attributes that are not tensors or modules are left out.
     */
    static Map<String, Object> readModule(byte[] pickle, String source) throws HubCheckpointException {
        try {
            StateDictPickle reader = new StateDictPickle(pickle, source, true);
            Object top = reader.run();
            if (!(top instanceof ScriptObject module)) {
                throw new HubCheckpointException(source + ": the pickle is not a TorchScript module");
            }
            Map<String, Object> tensors = new LinkedHashMap<>();
            reader.flatten("", module, tensors, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0);
            return tensors;
        } catch (IndexOutOfBoundsException | java.util.NoSuchElementException | ClassCastException e) {
            throw new HubCheckpointException(source + ": malformed pickle at byte " + e.getMessage(), e);
        }
    }

    private void flatten(String prefix, ScriptObject module, Map<String, Object> tensors, java.util.Set<Object> seen, int depth)
        throws HubCheckpointException {
        if (depth > MAX_MODULE_DEPTH) {
            throw fail("modules nested deeper than " + MAX_MODULE_DEPTH + " (" + prefix + "...)");
        }
        if (!seen.add(module)) {
            return; // a module reachable twice (or from itself) is named once
        }
        for (Map.Entry<String, Object> e : module.attributes().entrySet()) {
            if (e.getValue() instanceof TensorRef) {
                tensors.put(prefix + e.getKey(), e.getValue());
            } else if (e.getValue() instanceof ScriptObject child) {
                flatten(prefix + e.getKey() + ".", child, tensors, seen, depth + 1);
            }
        }
    }

    private Object run() throws HubCheckpointException {
        while (true) {
            if (pos >= in.length) {
                throw fail("the pickle ends without STOP");
            }
            int op = in[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> pos++; // PROTO
                case 0x95 -> pos += 8; // FRAME
                case '.' -> { // STOP
                    return stack.pop();
                }
                case '}' -> stack.push(new LinkedHashMap<String, Object>());
                case ']' -> stack.push(new ArrayList<Object>());
                case ')' -> stack.push(List.of());
                case '(' -> stack.push(MARK);
                case 't' -> stack.push(List.copyOf(popToMark()));
                case 0x85 -> stack.push(List.of(stack.pop()));
                case 0x86 -> {
                    Object b = stack.pop();
                    stack.push(List.of(stack.pop(), b));
                }
                case 0x87 -> {
                    Object c = stack.pop();
                    Object b = stack.pop();
                    stack.push(List.of(stack.pop(), b, c));
                }
                case 'N' -> stack.push(NONE);
                case 0x88 -> stack.push(Boolean.TRUE);
                case 0x89 -> stack.push(Boolean.FALSE);
                case 'K' -> stack.push((long) (in[pos++] & 0xFF));
                case 'M' -> {
                    stack.push((long) ((in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8));
                    pos += 2;
                }
                case 'J' -> stack.push((long) le(4));
                case 0x8a -> { // LONG1
                    int n = in[pos++] & 0xFF;
                    if (n > 8) {
                        throw fail("an integer of " + n + " bytes");
                    }
                    long v = 0;
                    for (int i = 0; i < n; i++) {
                        v |= (long) (in[pos + i] & 0xFF) << (8 * i);
                    }
                    if (n > 0 && n < 8 && (in[pos + n - 1] & 0x80) != 0) {
                        v -= 1L << (8 * n);
                    }
                    pos += n;
                    stack.push(v);
                }
                case 'G' -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits = bits << 8 | (in[pos + i] & 0xFF);
                    }
                    pos += 8;
                    stack.push(Double.longBitsToDouble(bits));
                }
                case 'X' -> stack.push(string((int) le(4)));
                case 0x8c -> stack.push(string(in[pos++] & 0xFF)); // SHORT_BINUNICODE
                case 'q' -> memo.put((long) (in[pos++] & 0xFF), stack.peek());
                case 'r' -> memo.put(le(4), stack.peek());
                case 0x94 -> memo.put((long) memo.size(), stack.peek()); // MEMOIZE
                case 'h' -> stack.push(memoGet(in[pos++] & 0xFF));
                case 'j' -> stack.push(memoGet(le(4)));
                case 'c' -> stack.push(global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = stack.pop();
                    stack.push(global((String) stack.pop(), (String) name));
                }
                case 'Q' -> stack.push(persistent(stack.pop()));
                case 'R' -> {
                    Object args = stack.pop();
                    stack.push(call(stack.pop(), (List<?>) args));
                }
                case 0x81 -> { // NEWOBJ: only of a TorchScript class, in a module pickle
                    if (!modules) {
                        throw fail("opcode 0x81 is not part of a state dict");
                    }
                    stack.pop();
                    if (!(stack.pop() instanceof Global g) || !g.module().startsWith("__torch__")) {
                        throw fail("NEWOBJ of something that is not a TorchScript class");
                    }
                    stack.push(new ScriptObject(new LinkedHashMap<>()));
                }
                case 'b' -> { // BUILD: a TorchScript object's attributes; an OrderedDict's state (its metadata) is not needed
                    Object state = stack.pop();
                    if (stack.peek() instanceof ScriptObject o && state instanceof Map<?, ?> attributes) {
                        attributes.forEach((k, v) -> o.attributes().put(String.valueOf(k), v));
                    }
                }
                case 's' -> {
                    Object value = stack.pop();
                    Object key = stack.pop();
                    put(stack.peek(), key, value);
                }
                case 'u' -> {
                    List<Object> items = popToMark();
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        put(stack.peek(), items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Object value = stack.pop();
                    list(stack.peek()).add(value);
                }
                case 'e' -> {
                    List<Object> items = popToMark();
                    list(stack.peek()).addAll(items);
                }
                default -> throw fail(String.format(java.util.Locale.ROOT, "opcode 0x%02x is not part of a state dict", op));
            }
        }
    }

    private Object global(String module, String name) throws HubCheckpointException {
        String full = module + "." + name;
        boolean allowed = switch (full) {
            case "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter" -> true;
            default -> module.equals("torch") && TensorType.ofStorage(name) != null
                || modules && (module.equals("__torch__") || module.startsWith("__torch__.")); // a name only: NEWOBJ makes a record
        };
        if (!allowed) {
            throw fail("it names " + full + ", which a state dict does not need (refused)");
        }
        return new Global(module, name);
    }

    private Object persistent(Object pid) throws HubCheckpointException {
        if (pid instanceof List<?> t && t.size() == 5 && "storage".equals(t.get(0)) && t.get(1) instanceof Global g
            && t.get(2) instanceof String key && t.get(4) instanceof Long n && n >= 0) {
            return new StorageRef(key, TensorType.ofStorage(g.name()), n);
        }
        throw fail("a persistent id that is not a storage");
    }

    private Object call(Object callable, List<?> args) throws HubCheckpointException {
        if (!(callable instanceof Global g)) {
            throw fail("a call of something that is not a global");
        }
        switch (g.module() + "." + g.name()) {
            case "collections.OrderedDict" -> {
                return new LinkedHashMap<String, Object>();
            }
            case "torch._utils._rebuild_parameter" -> {
                return args.get(0);
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (args.size() < 4 || !(args.get(0) instanceof StorageRef s) || !(args.get(1) instanceof Long offset)) {
                    throw fail("a tensor with unexpected arguments");
                }
                return new TensorRef(s.key(), s.type(), s.elements(), offset, longs(args.get(2)), longs(args.get(3)));
            }
            default -> throw fail("a call of " + g.module() + "." + g.name());
        }
    }

    private long[] longs(Object o) throws HubCheckpointException {
        if (!(o instanceof List<?> list)) {
            throw fail("a tensor size or stride that is not a tuple");
        }
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw fail("a tensor size or stride that is not a tuple of non-negative integers");
            }
            v[i] = l;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private void put(Object target, Object key, Object value) throws HubCheckpointException {
        if (!(target instanceof Map<?, ?>) || !(key instanceof String k)) {
            throw fail("a dictionary item outside a dictionary or with a key that is not a string");
        }
        ((Map<String, Object>) target).put(k, value);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object target) throws HubCheckpointException {
        if (!(target instanceof ArrayList<?>)) {
            throw fail("an append outside a list");
        }
        return (List<Object>) target;
    }

    private List<Object> popToMark() throws HubCheckpointException {
        List<Object> items = new ArrayList<>();
        while (true) {
            if (stack.isEmpty()) {
                throw fail("no MARK");
            }
            Object o = stack.pop();
            if (o == MARK) {
                java.util.Collections.reverse(items);
                return items;
            }
            items.add(o);
        }
    }

    private Object memoGet(long key) throws HubCheckpointException {
        Object o = memo.get(key);
        if (o == null) {
            throw fail("a memo key that was never stored");
        }
        return o;
    }

    private long le(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in[pos + i] & 0xFF) << (8 * i);
        }
        pos += n;
        return n == 4 ? (int) v : v;
    }

    private String string(int length) throws HubCheckpointException {
        if (length < 0 || length > in.length - pos) {
            throw fail("a string longer than the pickle");
        }
        String s = new String(in, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    private String line() throws HubCheckpointException {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            pos++;
        }
        if (pos >= in.length) {
            throw fail("a GLOBAL without its end of line");
        }
        return new String(in, start, pos++ - start, StandardCharsets.US_ASCII);
    }

    private HubCheckpointException fail(String problem) {
        return new HubCheckpointException(source + ": " + problem + " (at byte " + pos + ")");
    }
}
