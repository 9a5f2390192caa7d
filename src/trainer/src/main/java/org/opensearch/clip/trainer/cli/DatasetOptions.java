package org.opensearch.clip.trainer.cli;

import org.opensearch.clip.trainer.data.CaptionsFileReader;
import org.opensearch.clip.trainer.data.ClassFolderReader;
import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.JsonLinesReader;
import org.opensearch.clip.trainer.data.LoadedDataset;
import org.opensearch.clip.trainer.data.ProblemLog;
import org.opensearch.clip.trainer.data.RowProblem;
import org.opensearch.clip.trainer.emoji.EmojiDatasetReader;
import org.opensearch.clip.trainer.emoji.EmojiKeywords;
import org.opensearch.clip.trainer.emoji.EmojiPackageCache;
import org.opensearch.clip.trainer.emoji.NpmPackageFetcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the dataset a command line names with {@code --dataset TYPE:SPEC}, reporting skipped rows. */
final class DatasetOptions {
    static final Set<String> OPTIONS = Set.of("dataset", "extra-train", "emoji-keywords", "images", "emoji-cache", "emoji-version",
        "npm-registry");
    static final Set<String> SWITCHES = Set.of("download");
    static final String USAGE = """
          --dataset TYPE:SPEC  captions:FILE      Flickr8k-style captions.txt (image,caption rows); images in --images
                                                  (default: the Images folder next to FILE)
                               folders:DIR        one sub-folder of images per class; captions from prompt templates
                               jsonl:FILE         JSON lines of {"image": path, "text": caption or [captions]}
                               emoji:SET[,SET]    the emoji image sets on npm (google, twitter)
                               emoji-subcategories:SET[,SET]
                                                  the same images labelled with their emoji subcategory (zero-shot)
          --extra-train TYPE:SPEC
                               a second dataset only trained on, never measured (an icon corpus: jsonl:icons.jsonl);
                               its groups sharing a held-out picture or caption are kept out (evaluate: its captions
                               count as seen for --queries)
          --emoji-keywords FILE
                               emojilib-style keywords ({"🐶": ["dog_face", "pet", …]}) as training-only emoji captions
          --images DIR         the image folder of a captions file
          --emoji-cache DIR    where emoji packages are kept (default: ~/.cache/opensearch-clip/emoji)
          --emoji-version V    the emoji-datasource version (default: %s)
          --download           fetch missing emoji packages from the npm registry
          --npm-registry URL   the registry to fetch from (default: %s)
        """.formatted(EmojiPackageCache.DEFAULT_VERSION, NpmPackageFetcher.DEFAULT_REGISTRY);

    private static final int SHOWN_PROBLEMS = 10;

    private DatasetOptions() {}

    /** Reads the dataset; skipped rows are added to {@code problems} and summarised on {@code out}. */
    static LoadedDataset load(Arguments arguments, ProblemLog problems, PrintStream out) throws IOException {
        return load(arguments.required("dataset"), arguments, problems, out);
    }

    /** The {@code --extra-train} dataset, or {@code null} when none is named. */
    static Dataset loadExtra(Arguments arguments, ProblemLog problems, PrintStream out) throws IOException {
        String spec = arguments.string("extra-train", null);
        return spec == null ? null : load(spec, arguments, problems, out).dataset();
    }

    private static LoadedDataset load(String spec, Arguments arguments, ProblemLog problems, PrintStream out) throws IOException {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new UsageException("--dataset must be TYPE:SPEC (captions:FILE, folders:DIR, jsonl:FILE or emoji:SETS), got [" + spec + "]");
        }
        String type = spec.substring(0, colon);
        String value = spec.substring(colon + 1);
        LoadedDataset loaded = switch (type) {
            case "captions" -> {
                Path file = Path.of(value);
                Path parent = file.toAbsolutePath().getParent();
                yield CaptionsFileReader.read(file, arguments.path("images", parent.resolve("Images")));
            }
            case "folders" -> ClassFolderReader.read(Path.of(value));
            case "jsonl" -> JsonLinesReader.read(Path.of(value));
            case "emoji" -> EmojiDatasetReader.read(
                emojiPackages(emojiCache(arguments), fetcher(arguments), arguments.flag("download"), List.of(value.split(",")), out), false,
                keywords(arguments, out));
            case "emoji-subcategories" -> EmojiDatasetReader.read(
                emojiPackages(emojiCache(arguments), fetcher(arguments), arguments.flag("download"), List.of(value.split(",")), out), true,
                keywords(arguments, out));
            default -> throw new UsageException("unknown dataset type [" + type + "]: use captions, folders, jsonl, emoji or emoji-subcategories");
        };
        problems.addAll(loaded.problems());
        out.printf("dataset %s: %d examples%s%n", loaded.dataset().name(), loaded.dataset().examples().size(),
            loaded.problems().isEmpty() ? "" : ", " + loaded.problems().size() + " rows skipped:");
        for (RowProblem problem : loaded.problems().subList(0, Math.min(SHOWN_PROBLEMS, loaded.problems().size()))) {
            out.println("  skipped " + problem);
        }
        if (loaded.problems().size() > SHOWN_PROBLEMS) {
            out.println("  … and " + (loaded.problems().size() - SHOWN_PROBLEMS) + " more (all are listed in the run's bad-rows.txt)");
        }
        return loaded;
    }

    /** The unpacked packages of the named sets, fetched first when {@code download} allows. */
    static Map<String, Path> emojiPackages(EmojiPackageCache cache, NpmPackageFetcher fetcher, boolean download, List<String> sets,
        PrintStream out) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String raw : sets) {
            String set = raw.trim();
            if (!EmojiPackageCache.SETS.contains(set)) {
                throw new UsageException("unknown emoji set [" + set + "]: use " + String.join(", ", EmojiPackageCache.SETS));
            }
            if (!cache.contains(set)) {
                if (!download) {
                    throw new UsageException("emoji set " + set + " is not in " + cache.packageDir(set).getParent()
                        + ": add --download to fetch " + EmojiPackageCache.packageName(set) + " from the npm registry");
                }
                out.println("downloading " + EmojiPackageCache.packageName(set) + " into " + cache.packageDir(set) + " …");
            }
            dirs.put(set, cache.fetch(set, fetcher));
        }
        return dirs;
    }

    private static EmojiKeywords keywords(Arguments arguments, PrintStream out) throws IOException {
        Path file = arguments.path("emoji-keywords", null);
        if (file == null) {
            return EmojiKeywords.none();
        }
        EmojiKeywords keywords = EmojiKeywords.read(file);
        out.printf("emoji keywords %s: %d emoji%n", file, keywords.size());
        return keywords;
    }

    static NpmPackageFetcher fetcher(Arguments arguments) {
        return new NpmPackageFetcher(arguments.string("npm-registry", NpmPackageFetcher.DEFAULT_REGISTRY));
    }

    static EmojiPackageCache emojiCache(Arguments arguments) {
        Path root = arguments.path("emoji-cache", Path.of(System.getProperty("user.home"), ".cache", "opensearch-clip", "emoji"));
        return new EmojiPackageCache(root, arguments.string("emoji-version", EmojiPackageCache.DEFAULT_VERSION));
    }
}
