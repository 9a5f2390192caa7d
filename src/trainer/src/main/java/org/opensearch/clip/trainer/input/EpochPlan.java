package org.opensearch.clip.trainer.input;

import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The batches of one training epoch, a pure function of the dataset, batch size, seed and epoch number: examples
 * are shuffled, each gets one of its captions (training-only ones included) in one of the dataset's prompt templates, and consecutive examples
 * form batches. A last batch of fewer than two pairs is dropped (a contrastive batch needs a negative). A run
 * resumed at any epoch therefore sees exactly the data an uninterrupted run sees.
 */
public final class EpochPlan {
    private EpochPlan() {}

    /** The batches of epoch {@code epoch} (1-based). */
    public static List<List<PlannedPair>> batches(Dataset train, int batchSize, long seed, int epoch) {
        return batches(train, batchSize, seed, epoch, 1);
    }

    /**
     * The batches of epoch {@code epoch} (1-based); with {@code cropScale} below 1 each pair also gets a random crop
     * and mirror ({@link Augmentation#draw}), drawn from the same seeded sequence.
     */
    public static List<List<PlannedPair>> batches(Dataset train, int batchSize, long seed, int epoch, double cropScale) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        List<Example> examples = new ArrayList<>(train.examples());
        for (int i = examples.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Example t = examples.get(i);
            examples.set(i, examples.get(j));
            examples.set(j, t);
        }
        List<String> templates = train.templates();
        List<List<PlannedPair>> batches = new ArrayList<>();
        List<PlannedPair> batch = new ArrayList<>(batchSize);
        for (Example example : examples) {
            List<String> captions = example.allCaptions();
            String caption = captions.get(random.nextInt(captions.size()));
            String template = templates.get(random.nextInt(templates.size()));
            Augmentation augmentation = cropScale < 1 ? Augmentation.draw(random, cropScale) : Augmentation.NONE;
            batch.add(new PlannedPair(example, Dataset.prompt(template, caption), augmentation));
            if (batch.size() == batchSize) {
                batches.add(List.copyOf(batch));
                batch.clear();
            }
        }
        if (batch.size() >= 2) {
            batches.add(List.copyOf(batch));
        }
        return batches;
    }

    /** How many batches every epoch of {@code examples} examples has. */
    public static int batchesPerEpoch(int examples, int batchSize) {
        return examples / batchSize + (examples % batchSize >= 2 ? 1 : 0);
    }
}
