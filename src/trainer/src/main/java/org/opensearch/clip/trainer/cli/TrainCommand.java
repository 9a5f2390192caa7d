package org.opensearch.clip.trainer.cli;

import ai.djl.Device;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.LoadedDataset;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.eval.EvaluationResult;
import org.opensearch.clip.trainer.report.ProgressBar;
import org.opensearch.clip.trainer.report.RunReport;
import org.opensearch.clip.trainer.train.FrozenTower;
import org.opensearch.clip.trainer.train.TrainOptions;
import org.opensearch.clip.trainer.train.Trainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** {@code train}: trains or fine-tunes a bundle with CLIP's contrastive objective and writes a new bundle. */
final class TrainCommand implements Command {
    private static final Set<String> OWN_OPTIONS = Set.of(
        "model", "out", "epochs", "batch-size", "lr", "min-lr", "warmup-steps", "weight-decay", "seed", "freeze", "val-fraction",
        "logit-scale", "name", "version", "workers", "keep-checkpoints", "progress-interval", "augment-crop"
    );

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train or fine-tune a model bundle on a dataset; reports held-out metrics before and after";
    }

    @Override
    public String usage() {
        return """
              --model DIR|ZIP      the bundle to start from: a trained one to fine-tune, or a fresh one (src/tools/make_emoji_model.py)
              --out DIR            the run folder: model/ (the new bundle), checkpoints/, metrics.json, training.png
              --epochs N           passes over the training split (default 10)
              --batch-size N       pairs per contrastive batch (default 64)
              --lr X               peak learning rate (default 5e-4)
              --min-lr X           learning rate at the end of the cosine decay (default 0)
              --warmup-steps N     linear warm-up steps (default: 5% of all steps)
              --weight-decay X     AdamW weight decay of matrices and embeddings (default 0.1)
              --seed N             seeds the held-out split, data order and caption choice (default 42)
              --freeze T           none (default), image or text: keep that tower's weights
              --lock-text          LiT: the text tower is locked (frozen, each distinct text encoded once and reused,
                                   its file copied unchanged); only the image tower and the temperature train
              --val-fraction X     share of images (emoji: of emoji) held out for evaluation (default 0.1); with 0
                                   nothing is held out and metrics are measured on the training data
              --logit-scale X      starting logit scale (default: the bundle's); clamped to at most 100
              --name NAME          the new bundle's name (default: the starting bundle's)
              --version V          the new bundle's version (default: the starting bundle's + "-trained")
              --workers N          image decoding threads (default: half the cores, at least 1)
              --keep-checkpoints N epoch checkpoints kept (default 2)
              --augment-crop S     train on random square crops of side S..1 of each picture (resampled to full size),
                                   mirrored half the time; drawn from the seed (default 1: no augmentation)
              --progress-interval S seconds between progress lines when not on a terminal (default 15)
              --resume             continue the stopped run in --out from its latest checkpoint, exactly
            """ + DatasetOptions.USAGE + RuntimeOptions.USAGE;
    }

    @Override
    public Set<String> switches() {
        Set<String> all = new HashSet<>(DatasetOptions.SWITCHES);
        all.add("resume");
        all.add("lock-text");
        return all;
    }

    @Override
    public Set<String> options() {
        Set<String> all = new HashSet<>(OWN_OPTIONS);
        all.addAll(DatasetOptions.OPTIONS);
        all.addAll(RuntimeOptions.OPTIONS);
        return all;
    }

    @Override
    public int run(Arguments arguments, PrintStream out) throws Exception {
        Path model = Path.of(arguments.required("model"));
        ModelManifest base = ModelBundle.peekManifest(model);
        TrainOptions options = new TrainOptions(
            model,
            Path.of(arguments.required("out")),
            arguments.integer("epochs", 10),
            arguments.integer("batch-size", 64),
            arguments.number("lr", 5e-4),
            arguments.number("min-lr", 0),
            arguments.integer("warmup-steps", -1),
            arguments.number("weight-decay", 0.1),
            arguments.longValue("seed", 42),
            frozen(arguments),
            arguments.number("val-fraction", 0.1),
            arguments.number("logit-scale", Double.NaN),
            arguments.string("name", base.name()),
            arguments.string("version", base.version() + "-trained"),
            arguments.integer("workers", Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
            arguments.integer("keep-checkpoints", 2),
            arguments.number("augment-crop", 1)
        );
        Device device = RuntimeOptions.start(arguments);
        ProblemLog problems = new ProblemLog();
        LoadedDataset data = DatasetOptions.load(arguments, problems, out);
        Dataset extra = DatasetOptions.loadExtra(arguments, problems, out);
        ProgressBar progress = new ProgressBar(out, ProgressBar.isTerminal(), arguments.integer("progress-interval", 15));
        RunReport report = new Trainer(options, data.dataset(), extra, device, problems, out, progress).run(arguments.flag("resume"));

        EvaluationResult before = report.history().get(0).validation();
        EvaluationResult after = report.history().get(report.history().size() - 1).validation();
        out.println();
        out.printf("%-21s before    after%n", report.evaluatedOn() + " metrics");
        row(out, "text→image R@1", before.textToImage().at1(), after.textToImage().at1());
        row(out, "text→image R@5", before.textToImage().at5(), after.textToImage().at5());
        row(out, "text→image R@10", before.textToImage().at10(), after.textToImage().at10());
        row(out, "image→text R@1", before.imageToText().at1(), after.imageToText().at1());
        row(out, "image→text R@5", before.imageToText().at5(), after.imageToText().at5());
        row(out, "image→text R@10", before.imageToText().at10(), after.imageToText().at10());
        if (after.zeroShot() != null) {
            row(out, "zero-shot top-1", before.zeroShot().top1(), after.zeroShot().top1());
            row(out, "zero-shot top-5", before.zeroShot().top5(), after.zeroShot().top5());
        }
        out.printf(Locale.ROOT, "training time %s; bundle %s; %s and %s in %s%n", ProgressBar.duration(report.trainSeconds()),
            report.bundle(), RunReport.METRICS, RunReport.CHART, options.out());
        if (!report.problems().isEmpty()) {
            out.println(report.problems().size() + " rows were skipped: see " + options.out().resolve(RunReport.BAD_ROWS));
        }
        return 0;
    }

    private static FrozenTower frozen(Arguments arguments) {
        FrozenTower frozen = FrozenTower.parse(arguments.string("freeze", "none"));
        if (!arguments.flag("lock-text")) {
            return frozen;
        }
        if (frozen != FrozenTower.NONE && frozen != FrozenTower.TEXT) {
            throw new IllegalArgumentException("--lock-text trains the image tower: it cannot be combined with --freeze " + frozen);
        }
        return FrozenTower.LOCKED_TEXT;
    }

    private static void row(PrintStream out, String name, double before, double after) {
        out.printf(Locale.ROOT, "  %-18s %7.3f  %7.3f%n", name, before, after);
    }
}
