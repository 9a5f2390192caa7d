package org.opensearch.clip.plugin.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The ground truth computed in the test itself: every document's score for a query, with the score the k-NN plugin
 * documents for each space type of a Lucene-engine field, sorted best first.
 */
final class BruteForce {
    private BruteForce() {}

    /** A document id with its expected score. */
    record Scored(String id, double score) {}

    static double score(String spaceType, float[] query, float[] doc) {
        double dot = 0, qq = 0, dd = 0, l2 = 0;
        for (int i = 0; i < query.length; i++) {
            dot += (double) query[i] * doc[i];
            qq += (double) query[i] * query[i];
            dd += (double) doc[i] * doc[i];
            double d = (double) query[i] - doc[i];
            l2 += d * d;
        }
        return switch (spaceType) {
            case "cosinesimil" -> (1 + dot / Math.sqrt(qq * dd)) / 2;
            case "innerproduct" -> dot >= 0 ? dot + 1 : 1 / (1 - dot);
            case "l2" -> 1 / (1 + l2);
            default -> throw new IllegalArgumentException(spaceType);
        };
    }

    /** Every accepted document scored, best first (equal scores: lower id first). */
    static List<Scored> ranking(String spaceType, float[] query, float[][] docs, IntPredicate accept) {
        List<Scored> all = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            if (accept.test(i)) {
                all.add(new Scored(Integer.toString(i), score(spaceType, query, docs[i])));
            }
        }
        all.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
        return all;
    }

    /** The ids of the best k. */
    static List<String> topIds(List<Scored> ranking, int k) {
        return ranking.stream().limit(k).map(Scored::id).toList();
    }

    /** The share of the expected ids found. */
    static double recall(List<String> expected, List<String> found) {
        return expected.isEmpty() ? 1.0 : (double) expected.stream().filter(found::contains).count() / expected.size();
    }
}
