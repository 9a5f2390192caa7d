package org.opensearch.clip.plugin.register;

import org.opensearch.clip.encoder.hub.HubLayout;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a Hugging Face checkpoint comes from: a Hub repository at a revision ({@code huggingface}), whose files are
 * fetched from the configured endpoint and verified against their sha256, or a snapshot directory on the node
 * ({@code local}, a directory an operator allows); either is built into a bundle at {@code precision}.
 *
 * @param kind huggingface or local
 * @param repo the repository id (huggingface), or null
 * @param revision the commit or tag (huggingface; the catalog's pin when the request gives none), or null
 * @param precision the bundle's number format
 * @param files file name to sha256 (huggingface: every file the bundle is built from), possibly empty for local
 * @param path the snapshot directory (local), or null
 */
public record HubSource(Kind kind, String repo, String revision, Precision precision, Map<String, String> files, String path)
    implements Writeable {
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The two places a Hugging Face checkpoint comes from. */
    public enum Kind {
        /** The Hub (or a mirror at {@code clip.models.hub.endpoint}). */
        HUGGINGFACE,
        /** A snapshot directory on the node, under {@code clip.models.local.allowed_paths}. */
        LOCAL;

        /** The request's spelling. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HubSource {
        files = Map.copyOf(new TreeMap<>(files == null ? Map.of() : files));
        if (precision == null) {
            precision = Precision.FP32;
        }
        if (kind == Kind.HUGGINGFACE) {
            if (repo == null || !REPO.matcher(repo).matches()) {
                throw new IllegalArgumentException("[repo] must be a Hub repository id like openai/clip-vit-base-patch32, got [" + repo + "]");
            }
            if (revision != null && !REVISION.matcher(revision).matches()) {
                throw new IllegalArgumentException("[revision] must be a commit or a tag (letters, digits, '.', '_', '-'), got [" + revision
                    + "]");
            }
            if (path != null) {
                throw new IllegalArgumentException("[path] is for \"source\": \"local\"");
            }
        } else {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("[path] is required with \"source\": \"local\": the snapshot directory on the nodes");
            }
            if (repo != null || revision != null) {
                throw new IllegalArgumentException("[repo] and [revision] are for \"source\": \"huggingface\"");
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!HubLayout.candidateFiles().contains(file.getKey())) {
                throw new IllegalArgumentException("[files] names [" + file.getKey() + "], which is not a file a bundle is built from; "
                    + "they are " + HubLayout.candidateFiles());
            }
            if (file.getValue() == null || !SHA256.matcher(file.getValue()).matches()) {
                throw new IllegalArgumentException("[files." + file.getKey() + "] must be a sha256 (64 lower-case hex digits)");
            }
        }
    }

    /** The same source with the revision and file checksums given (the catalog's pin filling what the request left out). */
    public HubSource pinned(String pinnedRevision, Map<String, String> pinnedFiles) {
        return new HubSource(kind, repo, revision != null ? revision : pinnedRevision, precision, files.isEmpty() ? pinnedFiles : files, path);
    }

    /** Reads a source sent by another node. */
    public static HubSource readFrom(StreamInput in) throws IOException {
        return new HubSource(in.readEnum(Kind.class), in.readOptionalString(), in.readOptionalString(), Precision.parse(in.readString()),
            in.readMap(StreamInput::readString, StreamInput::readString), in.readOptionalString());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeEnum(kind);
        out.writeOptionalString(repo);
        out.writeOptionalString(revision);
        out.writeString(precision.option());
        out.writeMap(files, StreamOutput::writeString, StreamOutput::writeString);
        out.writeOptionalString(path);
    }

    /** The fields as stored in {@code .clip-models} and given in a request. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", kind.label());
        if (repo != null) {
            out.put("repo", repo);
        }
        if (revision != null) {
            out.put("revision", revision);
        }
        out.put("precision", precision.option());
        if (!files.isEmpty()) {
            out.put("files", new TreeMap<>(files));
        }
        if (path != null) {
            out.put("path", path);
        }
        return out;
    }

    /** A source from a request's or a stored record's fields; {@code name} is the repository when no [repo] is given. */
    static HubSource fromMap(String name, Map<?, ?> map) {
        String source = string(map, "source");
        Kind kind;
        if ("huggingface".equals(source)) {
            kind = Kind.HUGGINGFACE;
        } else if ("local".equals(source)) {
            kind = Kind.LOCAL;
        } else {
            throw new IllegalArgumentException("[source] must be huggingface or local, got [" + source + "]");
        }
        Map<String, String> files = new TreeMap<>();
        Object given = map.get("files");
        if (given != null) {
            if (!(given instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("[files] must be an object of file name to sha256");
            }
            m.forEach((k, v) -> files.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        String repo = string(map, "repo");
        String precision = string(map, "precision");
        return new HubSource(kind, kind == Kind.HUGGINGFACE && repo == null ? name : repo, string(map, "revision"),
            precision == null ? Precision.FP32 : Precision.parse(precision), files, string(map, "path"));
    }

    private static String string(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }
}
