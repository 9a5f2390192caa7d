package org.opensearch.clip.trainer.cli;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import org.opensearch.clip.encoder.ClipEncoder;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.decode.ImageLimits;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.HeldOutSplit;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.eval.ClassRecall;
import org.opensearch.clip.trainer.eval.EvaluationResult;
import org.opensearch.clip.trainer.eval.Evaluator;
import org.opensearch.clip.trainer.eval.QueryListResult;
import org.opensearch.clip.trainer.eval.TargetQuery;
import org.opensearch.clip.trainer.input.ImageLoader;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code evaluate}: recall and zero-shot accuracy of a bundle on the held-out split (or all) of a dataset. */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "measure text→image / image→text recall@1/5/10 (and zero-shot accuracy) of a bundle; prints and writes JSON";
    }

    @Override
    public String usage() {
        return """
              --model DIR|ZIP      the bundle to evaluate
              --split S            held-out (default: the split train holds out with the same --seed and --val-fraction) or all
              --seed N             the split's seed (default 42)
              --val-fraction X     the split's held-out share (default 0.1)
              --out FILE           where to write the JSON (default: evaluation.json)
              --workers N          image decoding threads (default: all cores)
              --templates T|T|...  zero-shot prompt templates ({} is the class), '|'-separated, replacing the dataset's
              --queries FILE       also rank the split's images for target queries (query<TAB>name|name per line)
                                   and report how often an intended picture is first / in the top 10
            """ + DatasetOptions.USAGE + RuntimeOptions.USAGE;
    }

    @Override
    public Set<String> switches() {
        return DatasetOptions.SWITCHES;
    }

    @Override
    public Set<String> options() {
        Set<String> all = new HashSet<>(Set.of("model", "split", "seed", "val-fraction", "out", "workers", "templates", "queries"));
        all.addAll(DatasetOptions.OPTIONS);
        all.addAll(RuntimeOptions.OPTIONS);
        return all;
    }

    @Override
    public int run(Arguments arguments, PrintStream out) throws Exception {
        Path modelPath = Path.of(arguments.required("model"));
        String splitName = arguments.string("split", "held-out");
        if (!splitName.equals("held-out") && !splitName.equals("all")) {
            throw new UsageException("--split must be held-out or all, got [" + splitName + "]");
        }
        Device device = RuntimeOptions.start(arguments);
        ProblemLog problems = new ProblemLog();
        Dataset dataset = DatasetOptions.load(arguments, problems, out).dataset();
        Dataset extra = DatasetOptions.loadExtra(arguments, problems, out);
        String templates = arguments.string("templates", null);
        if (templates != null) {
            try {
                dataset = new Dataset(dataset.name(), dataset.examples(), List.of(templates.split("\\|")), dataset.classes());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--templates: " + e.getMessage());
            }
        }
        long seed = arguments.longValue("seed", 42);
        double fraction = arguments.number("val-fraction", 0.1);
        Dataset split = splitName.equals("all") ? dataset : HeldOutSplit.of(dataset, fraction, seed).validation();

        ModelBundle bundle = ModelBundle.open(modelPath, RuntimeOptions.extractRoot());
        ImageLoader images = new ImageLoader(ClipEncoder.preprocessConfig(bundle.manifest().image()), ImageLimits.DEFAULT);
        Evaluator evaluator = Evaluator.prepare(split, images, problems, arguments.integer("workers", Runtime.getRuntime().availableProcessors()));
        EvaluationResult result;
        QueryListResult queries = null;
        try (ClipEncoder encoder = ClipEncoder.load(bundle, device)) {
            result = evaluator.evaluate(encoder);
            Path queryFile = arguments.path("queries", null);
            if (queryFile != null) {
                queries = evaluator.queries(encoder, TargetQuery.read(queryFile), captionSource(dataset, extra));
            }
        }
        JsonObject json = new JsonObject();
        json.addProperty("model", bundle.manifest().name() + "@" + bundle.manifest().version());
        json.addProperty("dataset", split.name());
        if (splitName.equals("held-out")) {
            json.addProperty("seed", seed);
            json.addProperty("val_fraction", fraction);
        }
        json.addProperty("skipped_rows", problems.all().size());
        if (dataset.isClassification()) {
            com.google.gson.JsonArray used = new com.google.gson.JsonArray();
            dataset.templates().forEach(used::add);
            json.add("templates", used);
        }
        json.add("metrics", result.toJson());
        if (queries != null) {
            json.add("target_queries", queries.toJson());
        }
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
        Path file = arguments.path("out", Path.of("evaluation.json"));
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        out.println(result.summary());
        for (ClassRecall c : result.byClass()) {
            out.printf(java.util.Locale.ROOT, "  %-22s %4d texts   text→image R@1/5/10 %.3f/%.3f/%.3f%n", c.label(), c.texts(),
                c.textToImage().at1(), c.textToImage().at5(), c.textToImage().at10());
        }
        if (queries != null) {
            out.println(queries.summary());
        }
        out.println(text);
        out.println("written to " + file);
        return 0;
    }

    /** Where a target query counts as seen: every caption of the dataset and of the extra training data. */
    private static Dataset captionSource(Dataset dataset, Dataset extra) {
        if (extra == null) {
            return dataset;
        }
        List<Example> all = new ArrayList<>(dataset.examples());
        all.addAll(extra.examples());
        return dataset.withExamples("with " + extra.name(), all);
    }
}
