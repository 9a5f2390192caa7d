package org.opensearch.clip.trainer.eval;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.math.Vectors;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.input.ImageLoader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates model bundles on one held-out split through the serving path ({@link ClipEncoder}): images are decoded
 * and preprocessed once, then every evaluation encodes them and the split's prompts (each caption in the dataset's
 * first template) and measures text→image and image→text recall, and for class data zero-shot accuracy with the
 * class names in every template, averaged.
 */
public final class Evaluator {
    private static final int BATCH = 64;

    private final Dataset split;
    private final List<float[]> pixels;
    private final int[] imageGroups;
    private final int[] imageLabels;
    private final List<String> texts;
    private final int[] textGroups;
    private final int[] textLabels;
    private final List<Example> imageExamples;
    private boolean reuseTexts;
    private float[][] textEmbeddings;

    private Evaluator(Dataset split, List<float[]> pixels, int[] imageGroups, int[] imageLabels, List<String> texts, int[] textGroups,
        int[] textLabels, List<Example> imageExamples) {
        this.textLabels = textLabels;
        this.imageExamples = imageExamples;
        this.split = split;
        this.pixels = pixels;
        this.imageGroups = imageGroups;
        this.imageLabels = imageLabels;
        this.texts = texts;
        this.textGroups = textGroups;
    }

    /** Decodes the split's images on {@code workers} threads; images that cannot be decoded are reported and left out. */
    public static Evaluator prepare(Dataset split, ImageLoader loader, ProblemLog problems, int workers) {
        List<Example> examples = split.examples();
        List<float[]> decoded = loader.loadAll(examples, workers, problems);
        Map<String, Integer> groupNumbers = new HashMap<>();
        List<float[]> pixels = new ArrayList<>();
        List<Example> imageExamples = new ArrayList<>();
        List<Integer> imageGroups = new ArrayList<>();
        List<Integer> imageLabels = new ArrayList<>();
        Map<String, Integer> textGroupByKey = new LinkedHashMap<>();
        Map<Integer, Integer> labelOfGroup = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            if (decoded.get(i) == null) {
                continue;
            }
            Example example = examples.get(i);
            int group = groupNumbers.computeIfAbsent(example.group(), k -> groupNumbers.size());
            pixels.add(decoded.get(i));
            imageExamples.add(example);
            imageGroups.add(group);
            int label = example.label() == null ? -1 : split.classes().indexOf(example.label());
            imageLabels.add(label);
            labelOfGroup.putIfAbsent(group, label);
            for (String caption : example.captions()) {
                String prompt = Dataset.prompt(split.templates().get(0), caption);
                textGroupByKey.putIfAbsent(group + "\u0000" + prompt, group);
            }
        }
        List<String> texts = new ArrayList<>();
        int[] textGroups = new int[textGroupByKey.size()];
        int[] textLabels = new int[textGroupByKey.size()];
        int t = 0;
        for (Map.Entry<String, Integer> entry : textGroupByKey.entrySet()) {
            texts.add(entry.getKey().substring(entry.getKey().indexOf('\u0000') + 1));
            textLabels[t] = labelOfGroup.get(entry.getValue());
            textGroups[t++] = entry.getValue();
        }
        return new Evaluator(
            split,
            pixels,
            imageGroups.stream().mapToInt(Integer::intValue).toArray(),
            imageLabels.stream().mapToInt(Integer::intValue).toArray(),
            texts,
            textGroups,
            textLabels,
            imageExamples
        );
    }

    /**
     * Keeps the prompts' embeddings from the first evaluation for the later ones: for a run whose text tower is locked,
     * where re-encoding thousands of prompts each epoch would cost more than the epoch's training.
     */
    public void reuseTextEmbeddings() {
        reuseTexts = true;
    }

    /** Encodes the split with {@code encoder} and measures it. */
    public EvaluationResult evaluate(ClipEncoder encoder) {
        if (pixels.size() < 2) {
            throw new IllegalStateException("the held-out split " + split.name() + " has fewer than 2 usable images");
        }
        float[][] images = encoder.encodeImages(pixels, BATCH);
        float[][] prompts = reuseTexts && textEmbeddings != null ? textEmbeddings : encoder.encodeTexts(texts, BATCH);
        if (reuseTexts) {
            textEmbeddings = prompts;
        }
        float[][] scores = RetrievalMetrics.scores(prompts, images);
        int[] ranks = RetrievalMetrics.ranksByRow(scores, textGroups, imageGroups);
        RecallAtK textToImage = RetrievalMetrics.recallOfRanks(ranks);
        RecallAtK imageToText = RetrievalMetrics.recallByColumn(scores, textGroups, imageGroups);
        ZeroShotAccuracy zeroShot = null;
        List<ClassRecall> byClass = List.of();
        if (split.isClassification()) {
            zeroShot = RetrievalMetrics.classify(images, imageLabels, classEmbeddings(encoder, split.classes(), split.templates()));
            byClass = byClass(ranks);
        }
        return new EvaluationResult(images.length, texts.size(), textToImage, imageToText, zeroShot, byClass);
    }

    /** Text→image recall of each class's prompts; classes without a prompt in the split are left out. */
    private List<ClassRecall> byClass(int[] ranks) {
        List<List<Integer>> ranksByLabel = new ArrayList<>();
        split.classes().forEach(c -> ranksByLabel.add(new ArrayList<>()));
        for (int t = 0; t < ranks.length; t++) {
            ranksByLabel.get(textLabels[t]).add(ranks[t]);
        }
        List<ClassRecall> out = new ArrayList<>();
        for (int c = 0; c < ranksByLabel.size(); c++) {
            int[] own = ranksByLabel.get(c).stream().mapToInt(Integer::intValue).toArray();
            if (own.length > 0) {
                out.add(new ClassRecall(split.classes().get(c), own.length, RetrievalMetrics.recallOfRanks(own)));
            }
        }
        return out;
    }

    /**
     * Ranks the split's images for each target query; a query counts as seen when it occurs as whole words in a
     * caption of {@code captionSource} (the whole dataset, so that held-out captions count too).
     */
    public QueryListResult queries(ClipEncoder encoder, List<TargetQuery> queries, Dataset captionSource) {
        float[][] images = encoder.encodeImages(pixels, BATCH);
        float[][] texts = encoder.encodeTexts(queries.stream().map(TargetQuery::query).toList(), BATCH);
        int[] ranks = new int[queries.size()];
        boolean[] seen = new boolean[queries.size()];
        for (int q = 0; q < queries.size(); q++) {
            java.util.Set<String> targets = new java.util.HashSet<>(queries.get(q).targets());
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < images.length; i++) {
                if (targets.contains(imageExamples.get(i).captions().get(0))) {
                    best = Math.max(best, Vectors.dot(texts[q], images[i]));
                }
            }
            int rank = 0;
            for (int i = 0; i < images.length; i++) {
                if (!targets.contains(imageExamples.get(i).captions().get(0)) && Vectors.dot(texts[q], images[i]) >= best) {
                    rank++;
                }
            }
            ranks[q] = best == Double.NEGATIVE_INFINITY ? -1 : rank;
            seen[q] = CaptionWords.occursIn(queries.get(q).query(), captionSource);
        }
        return new QueryListResult(queries, ranks, seen);
    }

    /** One embedding per class: the normalised mean of the class name in every template. */
    static float[][] classEmbeddings(ClipEncoder encoder, List<String> classes, List<String> templates) {
        float[][] out = new float[classes.size()][];
        List<Double> weights = Collections.nCopies(templates.size(), 1.0);
        for (int c = 0; c < classes.size(); c++) {
            List<String> prompts = new ArrayList<>();
            for (String template : templates) {
                prompts.add(Dataset.prompt(template, classes.get(c)));
            }
            out[c] = Vectors.weightedMean(List.of(encoder.encodeTexts(prompts, BATCH)), weights);
        }
        return out;
    }
}
