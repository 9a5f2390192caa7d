package org.opensearch.clip.trainer.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a dataset into training and held-out examples by split key, so that every picture of one emoji (or every
 * caption row of one image) lands on the same side. Keys are ranked by {@code sha256(seed + key)} and the first
 * {@code round(fraction * keys)} (at least one when the fraction is positive) are held out: the split depends only
 * on the seed and the keys, not on file order.
 *
 * @param train      the examples to train on
 * @param validation the held-out examples
 */
public record HeldOutSplit(Dataset train, Dataset validation) {

    /** Splits {@code dataset}, holding out about {@code fraction} of its split keys. */
    public static HeldOutSplit of(Dataset dataset, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Example example : dataset.examples()) {
            keys.add(example.splitKey());
        }
        int heldOut = fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * keys.size()));
        if (heldOut >= keys.size() && heldOut > 0) {
            throw new IllegalArgumentException(
                "dataset " + dataset.name() + " has " + keys.size() + " split keys: too few to hold out " + fraction + " of them"
            );
        }
        List<String> ranked = new ArrayList<>(keys);
        ranked.sort(Comparator.comparing((String key) -> rank(seed, key)).thenComparing(Comparator.naturalOrder()));
        Set<String> validationKeys = new HashSet<>(ranked.subList(0, heldOut));
        List<Example> train = new ArrayList<>();
        List<Example> validation = new ArrayList<>();
        for (Example example : dataset.examples()) {
            (validationKeys.contains(example.splitKey()) ? validation : train).add(example);
        }
        return new HeldOutSplit(dataset.withExamples("train", train), dataset.withExamples("held-out", validation));
    }

    private static String rank(long seed, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((seed + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
