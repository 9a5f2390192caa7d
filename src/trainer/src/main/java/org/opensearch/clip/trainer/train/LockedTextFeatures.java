package org.opensearch.clip.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.opensearch.clip.encoder.tokenize.TokenBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text features of a locked (frozen) text encoder, computed once per distinct token row and reused: with the text
 * tower locked, a caption's features never change, so after the first epoch most batches need no text forward pass.
 * Rows a batch needs that are not known yet are encoded together in one forward pass.
 */
public final class LockedTextFeatures {
    private final TrainableTower tower;
    private final boolean attentionMask;
    private final Map<Row, float[]> known = new HashMap<>();
    private long encoded;

    /** Wraps a frozen tower; {@code attentionMask} says whether it takes the mask as a second input. */
    public LockedTextFeatures(TrainableTower tower, boolean attentionMask) {
        this.tower = tower;
        this.attentionMask = attentionMask;
    }

    /** The features of every row of {@code tokens}, {@code [count, dim]}, created in {@code manager}. */
    public NDArray features(TokenBatch tokens, NDManager manager) {
        List<Row> missing = new ArrayList<>();
        Row[] rows = new Row[tokens.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Row(tokens.row(i), Arrays.copyOfRange(tokens.mask(), i * tokens.length(), (i + 1) * tokens.length()));
            if (!known.containsKey(rows[i]) && !missing.contains(rows[i])) {
                missing.add(rows[i]);
            }
        }
        if (!missing.isEmpty()) {
            encode(missing, tokens.length(), manager);
        }
        int dim = known.get(rows[0]).length;
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(known.get(rows[i]), 0, out, i * dim, dim);
        }
        return manager.create(out, new Shape(rows.length, dim)).duplicate();
    }

    /** How many distinct rows have been encoded so far. */
    public long encodedRows() {
        return encoded;
    }

    private void encode(List<Row> rows, int length, NDManager manager) {
        long[] ids = new long[rows.size() * length];
        long[] mask = new long[ids.length];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).ids(), 0, ids, i * length, length);
            System.arraycopy(rows.get(i).mask(), 0, mask, i * length, length);
        }
        Shape shape = new Shape(rows.size(), length);
        try (NDManager scope = manager.newSubManager()) {
            NDList input = new NDList(scope.create(ids, shape).duplicate());
            if (attentionMask) {
                input.add(scope.create(mask, shape).duplicate());
            }
            float[] all = tower.forward(input).toFloatArray();
            int dim = all.length / rows.size();
            for (int i = 0; i < rows.size(); i++) {
                known.put(rows.get(i), Arrays.copyOfRange(all, i * dim, (i + 1) * dim));
            }
        }
        encoded += rows.size();
    }

    /** A token row and its mask as a map key. */
    private record Row(long[] ids, long[] mask) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Row row && Arrays.equals(ids, row.ids) && Arrays.equals(mask, row.mask);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(ids) + Arrays.hashCode(mask);
        }
    }
}
