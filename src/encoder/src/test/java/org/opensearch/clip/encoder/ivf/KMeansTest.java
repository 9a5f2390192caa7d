package org.opensearch.clip.encoder.ivf;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansTest {
    /** Blobs around well separated unit-length centres, each vector tagged with its blob. */
    private static float[][] blobs(int centres, int perCentre, int dimension, float spread, long seed, int[] labels) {
        Random random = new Random(seed);
        float[][] centre = new float[centres][];
        for (int c = 0; c < centres; c++) {
            centre[c] = new float[dimension];
            centre[c][c % dimension] = c < dimension ? 1 : -1;
        }
        float[][] out = new float[centres * perCentre][];
        for (int i = 0; i < out.length; i++) {
            int c = i % centres;
            labels[i] = c;
            out[i] = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                out[i][j] = centre[c][j] + (float) (random.nextGaussian() * spread);
            }
        }
        return out;
    }

    @Test
    void findsSeparatedClustersInEverySpace() {
        for (SpaceType space : SpaceType.values()) {
            int[] labels = new int[8 * 50];
            float[][] data = blobs(8, 50, 16, 0.05f, 7, labels);
            KMeansResult result = new KMeans(space, new KMeansOptions(8, 50, 0, 3)).train(data, TrainingMonitor.NONE);
            // every blob lands in one list of its own
            int[] listOfBlob = new int[8];
            Arrays.fill(listOfBlob, -1);
            Set<Integer> lists = new HashSet<>();
            for (int i = 0; i < data.length; i++) {
                int list = result.centroids().nearest(data[i]);
                if (listOfBlob[labels[i]] < 0) {
                    listOfBlob[labels[i]] = list;
                    lists.add(list);
                }
                assertEquals(listOfBlob[labels[i]], list, space + ": vector " + i);
            }
            assertEquals(8, lists.size(), space.toString());
            assertTrue(result.converged(), space.toString());
            assertEquals(400, Arrays.stream(result.clusterSizes()).sum());
        }
    }

    @Test
    void sameSeedSameCentroids() {
        int[] labels = new int[600];
        float[][] data = blobs(6, 100, 8, 0.4f, 11, labels);
        KMeansOptions options = new KMeansOptions(10, 20, 1e-6, 99);
        KMeansResult a = new KMeans(SpaceType.COSINE, options).train(data, TrainingMonitor.NONE);
        KMeansResult b = new KMeans(SpaceType.COSINE, options).train(data, TrainingMonitor.NONE);
        for (int c = 0; c < 10; c++) {
            assertArrayEquals(a.centroids().centroid(c), b.centroids().centroid(c));
        }
        KMeansResult other = new KMeans(SpaceType.COSINE, new KMeansOptions(10, 20, 1e-6, 100)).train(data, TrainingMonitor.NONE);
        boolean differs = false;
        for (int c = 0; c < 10; c++) {
            differs |= !Arrays.equals(a.centroids().centroid(c), other.centroids().centroid(c));
        }
        assertTrue(differs, "another seed should seed differently");
    }

    @Test
    void cosineCentroidsAreUnitVectors() {
        int[] labels = new int[300];
        float[][] data = blobs(3, 100, 4, 0.3f, 5, labels);
        Centroids centroids = new KMeans(SpaceType.COSINE, new KMeansOptions(5, 10, 1e-4, 1)).train(data, TrainingMonitor.NONE).centroids();
        for (int c = 0; c < 5; c++) {
            double norm = 0;
            for (float x : centroids.centroid(c)) {
                norm += x * x;
            }
            assertEquals(1, norm, 1e-5);
        }
    }

    @Test
    void iterationsAreBoundedAndReported() {
        int[] labels = new int[2000];
        float[][] data = blobs(20, 100, 8, 0.8f, 3, labels);
        List<Integer> seen = new ArrayList<>();
        KMeansResult result = new KMeans(SpaceType.L2, new KMeansOptions(64, 3, 0, 1)).train(data, new TrainingMonitor() {
            @Override
            public void iteration(int done, int max, double objective, int moved) {
                seen.add(done);
                assertEquals(3, max);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        });
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(3, result.iterations());
        assertTrue(!result.converged());
    }

    @Test
    void everyListGetsVectorsEvenFromDuplicates() {
        float[][] data = new float[40][];
        for (int i = 0; i < data.length; i++) {
            data[i] = i < 30 ? new float[] {1, 0} : new float[] {0, (float) i};
        }
        KMeansResult result = new KMeans(SpaceType.L2, new KMeansOptions(12, 10, 0, 4)).train(data, TrainingMonitor.NONE);
        for (int size : result.clusterSizes()) {
            assertTrue(size > 0);
        }
    }

    @Test
    void stopsWhenCancelled() {
        int[] labels = new int[100];
        float[][] data = blobs(4, 25, 4, 0.5f, 1, labels);
        assertThrows(CancellationException.class, () -> new KMeans(SpaceType.L2, new KMeansOptions(4, 10, 0, 1)).train(data,
            new TrainingMonitor() {
                private int calls;

                @Override
                public void iteration(int done, int max, double objective, int moved) {}

                @Override
                public boolean cancelled() {
                    return ++calls > 1;
                }
            }));
    }

    @Test
    void rejectsTooFewVectorsAndBadOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KMeans(SpaceType.L2,
            new KMeansOptions(5, 10, 0, 1)).train(new float[][] {{1}, {2}}, TrainingMonitor.NONE));
        assertEquals("k-means needs at least as many vectors as lists: 2 vectors for 5 lists", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KMeansOptions(0, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new KMeansOptions(4, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new KMeansOptions(4, 10, -1, 1));
    }
}
