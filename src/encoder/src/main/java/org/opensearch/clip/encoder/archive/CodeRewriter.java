package org.opensearch.clip.encoder.archive;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the serialized TorchScript code of an archive ({@code code/**.py}) for another device and precision: every
 * {@code torch.device("...")} constant names the target device, and, for a float32 target, the half-precision dtype
 * constant (ScalarType 5) becomes float (6) where the code passes a dtype: {@code dtype=5} keywords and the second
 * or third positional argument of {@code torch.to}, the only places a traced graph carries it.
 */
final class CodeRewriter {
    static final int HALF = 5;
    static final int FLOAT = 6;
    private static final Pattern DEVICE = Pattern.compile("torch\\.device\\(\"([^\"]*)\"\\)");
    private static final Pattern DTYPE_KEYWORD = Pattern.compile("\\bdtype=" + HALF + "\\b");
    private static final Pattern TO_CALL = Pattern.compile("\\btorch\\.to\\(");

    private final ArchiveTarget target;
    private int devices;
    private int casts;

    CodeRewriter(ArchiveTarget target) {
        this.target = target;
    }

    /** The rewritten code; unchanged text when nothing in it concerns devices or half precision. */
    String rewrite(String code) {
        String out = rewriteDevices(code);
        return target.float32() ? rewriteHalfCasts(out) : out;
    }

    /** Which characters of {@code code} lie inside string literals (quotes included), where nothing is rewritten. */
    private static BitSet literals(String code) {
        BitSet inside = new BitSet(code.length());
        char quote = 0;
        int start = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inside.set(start, i + 1);
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                start = i;
            }
        }
        return inside;
    }

    /** How many device constants named another device and were changed. */
    int devicesChanged() {
        return devices;
    }

    /** How many half-precision dtype constants became float. */
    int castsChanged() {
        return casts;
    }

    private String rewriteDevices(String code) {
        BitSet literals = literals(code);
        Matcher m = DEVICE.matcher(code);
        StringBuilder out = new StringBuilder(code.length());
        while (m.find()) {
            String device = m.group(1);
            if (literals.get(m.start())) {
                continue;
            }
            if (!device.equals(target.device())) {
                devices++;
                device = target.device();
            }
            m.appendReplacement(out, Matcher.quoteReplacement("torch.device(\"" + device + "\")"));
        }
        return m.appendTail(out).toString();
    }

    private String rewriteHalfCasts(String code) {
        BitSet literals = literals(code);
        Matcher keyword = DTYPE_KEYWORD.matcher(code);
        StringBuilder keywords = new StringBuilder(code.length());
        while (keyword.find()) {
            if (literals.get(keyword.start())) {
                continue;
            }
            casts++;
            keyword.appendReplacement(keywords, "dtype=" + FLOAT);
        }
        String text = keyword.appendTail(keywords).toString();

        TreeSet<Integer> halfDigits = new TreeSet<>();
        Matcher call = TO_CALL.matcher(text);
        while (call.find()) {
            if (literals.get(call.start())) {
                continue;
            }
            List<int[]> args = arguments(text, call.end());
            for (int i = 1; i < Math.min(3, args.size()); i++) {
                int[] arg = args.get(i);
                if (text.substring(arg[0], arg[1]).strip().equals(Integer.toString(HALF))) {
                    halfDigits.add(text.indexOf(Integer.toString(HALF), arg[0]));
                }
            }
        }
        casts += halfDigits.size();
        StringBuilder out = new StringBuilder(text);
        for (int digit : halfDigits) {
            out.setCharAt(digit, Character.forDigit(FLOAT, 10));
        }
        return out.toString();
    }

    /** The [start, end) spans of the top-level arguments of the call whose '(' ends just before {@code start}. */
    private static List<int[]> arguments(String text, int start) {
        List<int[]> args = new ArrayList<>();
        int depth = 0;
        int current = start;
        char quote = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    args.add(new int[] { current, i });
                    return args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(new int[] { current, i });
                current = i + 1;
            }
        }
        return args; // unbalanced: the arguments seen so far
    }
}
