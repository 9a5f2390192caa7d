package org.opensearch.clip.plugin.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line: {@code --docs N --queries Q --datasets synthetic,images --ef 16,32,... --nprobes
 * 1,2,... --nlist L --url http://host:port --out file.md --heap 1g}. Everything has a default; the default run is
 * the one whose output is committed in docs/knn-methods.md.
 */
record BenchmarkOptions(int docs, int queries, List<String> datasets, List<Integer> efSearch, List<Integer> nprobes, Integer nlist,
    String url, Path out, String heap) {

    static BenchmarkOptions parse(String[] args) {
        int docs = 100_000;
        int queries = 300;
        List<String> datasets = List.of("synthetic", "images");
        List<Integer> ef = List.of(10, 20, 40, 80, 160, 320);
        List<Integer> nprobes = List.of(1, 2, 4, 8, 16, 32, 64);
        Integer nlist = null;
        String url = null;
        Path out = null;
        String heap = "1g";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--docs" -> docs = Integer.parseInt(value);
                case "--queries" -> queries = Integer.parseInt(value);
                case "--datasets" -> datasets = List.of(value.split(","));
                case "--ef" -> ef = integers(value);
                case "--nprobes" -> nprobes = integers(value);
                case "--nlist" -> nlist = Integer.parseInt(value);
                case "--url" -> url = value;
                case "--out" -> out = Path.of(value);
                case "--heap" -> heap = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; options: --docs --queries --datasets --ef --nprobes --nlist --url --out --heap");
            }
            i++;
        }
        for (String dataset : datasets) {
            if (!dataset.equals("synthetic") && !dataset.equals("images")) {
                throw new IllegalArgumentException("dataset " + dataset + " must be synthetic or images");
            }
        }
        return new BenchmarkOptions(docs, queries, datasets, ef, nprobes, nlist, url, out, heap);
    }

    private static List<Integer> integers(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            out.add(Integer.parseInt(part.trim()));
        }
        return out;
    }
}
