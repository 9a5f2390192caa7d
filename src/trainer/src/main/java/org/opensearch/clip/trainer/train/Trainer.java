package org.opensearch.clip.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.encoder.tokenize.ClipTokenizer;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.ExtraTraining;
import org.opensearch.clip.trainer.data.HeldOutSplit;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.eval.EvaluationResult;
import org.opensearch.clip.trainer.eval.Evaluator;
import org.opensearch.clip.trainer.input.BatchLoader;
import org.opensearch.clip.trainer.input.EpochPlan;
import org.opensearch.clip.trainer.input.ImageLoader;
import org.opensearch.clip.trainer.input.PairBatch;
import org.opensearch.clip.trainer.input.PlannedPair;
import org.opensearch.clip.trainer.report.EpochRecord;
import org.opensearch.clip.trainer.report.ProgressBar;
import org.opensearch.clip.trainer.report.RunReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A training run: holds out a split, measures the starting model on it, trains epoch by epoch with a checkpoint and
 * a held-out evaluation (through the serving encoder, on the checkpoint bundle) after each, and finally writes the
 * bundle, {@code metrics.json} and the chart. A run resumed from its latest checkpoint continues exactly as if it
 * had never stopped.
 */
public final class Trainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.98;
    private static final double EPSILON = 1e-6;
    /** The optimizer state file inside a checkpoint. */
    public static final String OPTIMIZER_FILE = "optimizer.ndlist";
    /** The final bundle's folder inside the run folder. */
    public static final String MODEL_DIR = "model";

    private final TrainOptions options;
    private final Dataset dataset;
    private final Dataset extra;
    private final Device device;
    private final ProblemLog problems;
    private final PrintStream log;
    private final ProgressBar progress;

    /** A run of {@code options} on {@code dataset}, logging to {@code log}. */
    public Trainer(TrainOptions options, Dataset dataset, Device device, ProblemLog problems, PrintStream log, ProgressBar progress) {
        this(options, dataset, null, device, problems, log, progress);
    }

    /**
     * A run that also trains on {@code extra} (may be {@code null}): examples only trained on, never measured, with
     * the held-out split's concepts kept out of them ({@link ExtraTraining}).
     */
    public Trainer(TrainOptions options, Dataset dataset, Dataset extra, Device device, ProblemLog problems, PrintStream log,
        ProgressBar progress) {
        this.options = options;
        this.dataset = dataset;
        this.extra = extra;
        this.device = device;
        this.problems = problems;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Runs (or with {@code resume}, continues) the training and returns its report, already written to disk. With a
     * validation fraction of 0 nothing is held out and the metrics are measured on the training data.
     */
    public RunReport run(boolean resume) throws IOException {
        Files.createDirectories(options.out());
        CheckpointStore checkpoints = new CheckpointStore(options.out(), options.keepCheckpoints());
        Optional<Path> checkpoint = checkpoints.latest();
        if (!resume && checkpoint.isPresent()) {
            throw new IllegalStateException(
                options.out() + " already holds checkpoints of a run: pass --resume to continue it, or choose another --out"
            );
        }
        if (resume && checkpoint.isEmpty()) {
            log.println("--resume: no checkpoint in " + options.out() + ", starting from the beginning");
        }
        HeldOutSplit split = HeldOutSplit.of(dataset, options.validationFraction(), options.seed());
        Dataset measured = split.train();
        log.printf(Locale.ROOT, "dataset %s: %d training and %d held-out examples%n", dataset.name(), measured.examples().size(),
            split.validation().examples().size());
        Dataset train = measured;
        String trainedOn = dataset.name();
        if (extra != null) {
            ExtraTraining added = ExtraTraining.of(extra, split.validation());
            List<Example> all = new ArrayList<>(measured.examples());
            all.addAll(added.kept());
            train = measured.withExamples("with " + extra.name(), all);
            trainedOn = dataset.name() + " + " + extra.name();
            log.printf(Locale.ROOT, "extra training data %s: %d of %d examples trained on; %d groups kept out for sharing a held-out "
                + "picture or caption%n", extra.name(), added.kept().size(), extra.examples().size(), added.droppedGroups());
        }

        boolean heldOut = !split.validation().examples().isEmpty();
        if (!heldOut) {
            log.println("no held-out split (--val-fraction 0): the metrics below are measured on the training data itself");
        }
        ModelBundle base = ModelBundle.open(options.model(), options.out().resolve("extracted"));
        ImageLoader images = new ImageLoader(ClipEncoder.preprocessConfig(base.manifest().image()), ImageLimits.DEFAULT);
        Evaluator evaluator = Evaluator.prepare(heldOut ? split.validation() : measured, images, problems, options.workers());
        if (options.frozen() == FrozenTower.LOCKED_TEXT) {
            evaluator.reuseTextEmbeddings(); // the locked tower's prompts embed the same at every epoch
        }

        int stepsPerEpoch = EpochPlan.batchesPerEpoch(train.examples().size(), options.batchSize());
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("the training split has " + train.examples().size() + " examples: too few for one batch");
        }
        int totalSteps = stepsPerEpoch * options.epochs();
        LearningRateSchedule schedule = new LearningRateSchedule(
            options.learningRate(), options.minLearningRate(), options.warmupFor(totalSteps), totalSteps);
        Engine.getInstance().setRandomSeed((int) options.seed());

        ModelBundle start = checkpoint.isPresent() ? ModelBundle.open(checkpoint.get(), checkpoint.get()) : base;
        double initialScale = Double.isNaN(options.logitScale()) ? base.manifest().logitScale() : options.logitScale();
        List<EpochRecord> history = new ArrayList<>();
        int step = 0;
        int firstEpoch = 1;
        double seconds = 0;
        try (ClipTrainingModel model = ClipTrainingModel.load(start, device, options.frozen(), Math.min(initialScale, ClipTrainingModel.MAX_LOGIT_SCALE));
            ClipTokenizer tokenizer = ClipTokenizer.load(base.file(ModelManifest.TOKENIZER), base.manifest().text());
            BatchLoader loader = new BatchLoader(images, tokenizer, options.workers(), problems)) {
            AdamW optimizer = new AdamW(model.parameters(), BETA1, BETA2, EPSILON, options.weightDecay(), model.manager());
            if (checkpoint.isPresent()) {
                RunState state = RunState.read(checkpoint.get());
                if (!state.fingerprint().equals(options.fingerprint())) {
                    throw new IllegalArgumentException("--resume needs the settings of the stopped run: it had " + state.fingerprint()
                        + ", this run has " + options.fingerprint());
                }
                try (InputStream in = Files.newInputStream(checkpoint.get().resolve(OPTIMIZER_FILE));
                    NDList saved = NDList.decode(model.manager(), in)) {
                    optimizer.restore(saved);
                }
                model.setLogLogitScale(state.logLogitScale());
                history.addAll(state.history());
                step = state.step();
                firstEpoch = state.epoch() + 1;
                seconds = state.trainSeconds();
                log.println("resuming after epoch " + state.epoch() + " (step " + step + ") from " + checkpoint.get());
            } else {
                long t0 = System.nanoTime();
                EvaluationResult before = evaluate(evaluator, base);
                history.add(new EpochRecord(0, Double.NaN, 0, model.logitScale(), 0, 0, (System.nanoTime() - t0) / 1e9, before));
                log.println("before training: " + before.summary());
            }

            TrainingStep trainingStep = new TrainingStep(model, optimizer);
            long runStart = System.nanoTime();
            int stepsThisProcess = 0;
            for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
                List<List<PlannedPair>> batches = EpochPlan.batches(train, options.batchSize(), options.seed(), epoch, options.cropScale());
                loader.begin(batches);
                long epochStart = System.nanoTime();
                long waitBefore = loader.waitNanos();
                double lossSum = 0;
                long pairs = 0;
                double rate = 0;
                int index = 0;
                while (loader.hasNext()) {
                    PairBatch batch = loader.next();
                    rate = schedule.rate(step);
                    if (batch.count() >= 2) {
                        lossSum += trainingStep.run(batch, rate);
                        pairs += batch.count();
                    }
                    step++;
                    index++;
                    stepsThisProcess++;
                    double elapsed = (System.nanoTime() - epochStart) / 1e9;
                    double perStep = (System.nanoTime() - runStart) / 1e9 / stepsThisProcess;
                    progress.update(epoch, options.epochs(), index, batches.size(), lossSum / index, rate, pairs / elapsed,
                        perStep * (totalSteps - step));
                }
                double trainTime = (System.nanoTime() - epochStart) / 1e9;
                double waitShare = (loader.waitNanos() - waitBefore) / 1e9 / trainTime;

                Path dir = checkpoints.begin(epoch);
                ModelBundle written = model.writeBundle(dir, options.name(), options.version());
                try (OutputStream out = Files.newOutputStream(dir.resolve(OPTIMIZER_FILE)); NDList state = optimizer.state(model.manager())) {
                    state.encode(out);
                }
                EvaluationResult result = evaluate(evaluator, written);
                double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                seconds += epochSeconds;
                EpochRecord record = new EpochRecord(epoch, lossSum / Math.max(1, index), rate, model.logitScale(), pairs / trainTime,
                    waitShare, epochSeconds, result);
                history.add(record);
                new RunState(epoch, step, model.logLogitScale(), options.fingerprint(), history, seconds).write(dir);
                checkpoints.commit(epoch);
                log.printf(Locale.ROOT, "epoch %d: loss %.4f, logit scale %.2f, %.0f pairs/s, data wait %.1f%%, %s; %s: %s%n",
                    epoch, record.trainLoss(), record.logitScale(), record.pairsPerSecond(), 100 * waitShare,
                    ProgressBar.duration(epochSeconds), heldOut ? RunReport.HELD_OUT : RunReport.TRAINING_DATA, result.summary());
            }
            Path finalDir = options.out().resolve(MODEL_DIR);
            CheckpointStore.deleteTree(finalDir);
            model.writeBundle(finalDir, options.name(), options.version());
            RunReport report = new RunReport(trainedOn, train.examples().size(), split.validation().examples().size(),
                heldOut ? RunReport.HELD_OUT : RunReport.TRAINING_DATA, options.fingerprint(), history, seconds, finalDir, problems.all());
            report.write(options.out());
            return report;
        }
    }

    private EvaluationResult evaluate(Evaluator evaluator, ModelBundle bundle) {
        try (ClipEncoder encoder = ClipEncoder.load(bundle, device)) {
            return evaluator.evaluate(encoder);
        }
    }
}
