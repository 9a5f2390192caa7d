package org.opensearch.clip.encoder.ivf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CentroidsTest {
    private static final float[][] GRID = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};

    @Test
    void nearestListByEachSpace() {
        Centroids l2 = new Centroids(SpaceType.L2, GRID);
        assertEquals(0, l2.nearest(new float[] {1, 1}));
        assertEquals(3, l2.nearest(new float[] {9, 8}));
        Centroids ip = new Centroids(SpaceType.INNER_PRODUCT, GRID);
        assertEquals(3, ip.nearest(new float[] {1, 1})); // the largest product, not the closest point
        Centroids cosine = new Centroids(SpaceType.COSINE, new float[][] {{1, 0}, {0, 1}, {-1, 0}});
        assertEquals(1, cosine.nearest(new float[] {0.1f, 5}));
    }

    @Test
    void probesComeMostSimilarFirstAndAreCapped() {
        Centroids l2 = new Centroids(SpaceType.L2, GRID);
        assertArrayEquals(new int[] {1, 3, 0}, l2.nearest(new float[] {9, 4}, 3));
        assertArrayEquals(new int[] {0, 1, 2, 3}, l2.nearest(new float[] {5, 5}, 10)); // all equal: by list id
        assertThrows(IllegalArgumentException.class, () -> l2.nearest(new float[] {5, 5}, 0));
    }

    @Test
    void rejectsInconsistentInput() {
        assertThrows(IllegalArgumentException.class, () -> new Centroids(SpaceType.L2, new float[0][]));
        assertThrows(IllegalArgumentException.class, () -> new Centroids(SpaceType.L2, new float[][] {{1, 2}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> new Centroids(SpaceType.L2, new float[][] {{1, Float.NaN}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Centroids(SpaceType.L2, GRID).nearest(new float[3]));
        assertEquals("the vector has 3 dimensions, the IVF model 2", e.getMessage());
    }

    @Test
    void isACopy() {
        float[][] rows = {{1, 2}};
        Centroids c = new Centroids(SpaceType.L2, rows);
        rows[0][0] = 99;
        c.toArray()[0][1] = 99;
        assertArrayEquals(new float[] {1, 2}, c.centroid(0));
        assertEquals(1, c.count());
        assertEquals(2, c.dimension());
    }
}
