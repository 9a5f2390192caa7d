package org.opensearch.clip.plugin.register;

import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.plugin.outbound.SafeUrl;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;

/**
 * What a register request asks for: a catalog model by name ({@code url}, {@code sha256} and {@code hub} null), a
 * model bundle zip at {@code url} whose sha256 is {@code sha256} and whose manifest names the model {@code name}, or
 * a Hugging Face checkpoint ({@code hub}: a Hub repository or a local snapshot) built into a bundle called {@code name}.
 * A catalog model's {@code archivePrecision}, when given, rebuilds its archive at that precision (null: the archive as
 * it is); a Hugging Face checkpoint's precision is its {@code hub}'s.
 */
public record ModelSource(String name, String url, String sha256, HubSource hub, Precision archivePrecision) implements Writeable {
    /** A catalog model ({@code url} and {@code sha256} null) or a bundle zip. */
    public ModelSource(String name, String url, String sha256) {
        this(name, url, sha256, null);
    }

    /** A catalog model's archive as it is, a bundle zip or a Hugging Face checkpoint. */
    public ModelSource(String name, String url, String sha256, HubSource hub) {
        this(name, url, sha256, hub, null);
    }

    /** The form model names take in bundle manifests. */
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._/-]*";

    public ModelSource {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("[name] is required and may only contain letters, digits, '.', '_', '-' and '/', got ["
                + name + "]");
        }
        if ((url == null) != (sha256 == null)) {
            throw new IllegalArgumentException("[url] and [sha256] go together: give both for a bundle zip, or neither for a catalog model");
        }
        if (url != null) {
            if (SafeUrl.hasCredentials(url)) {
                throw new IllegalArgumentException("[url] must not carry credentials (user:password@host): they are never sent");
            }
            new RemoteFile(url, sha256); // validates both
        }
        if (hub != null && url != null) {
            throw new IllegalArgumentException("[url] and [sha256] are for bundle zips; a Hugging Face checkpoint takes [source], "
                + "[revision], [precision], [files] or [path]");
        }
        if (archivePrecision != null && url != null) {
            throw new IllegalArgumentException("[precision] is for catalog models and Hugging Face checkpoints; a bundle zip is registered "
                + "as it was built");
        }
        if (archivePrecision != null && hub != null) {
            throw new IllegalArgumentException("a Hugging Face checkpoint's precision is its source's, not an archive's");
        }
    }

    /** Reads a source sent by another node. */
    public static ModelSource readFrom(StreamInput in) throws IOException {
        String name = in.readString();
        String url = in.readOptionalString();
        String sha256 = in.readOptionalString();
        HubSource hub = in.getVersion().onOrAfter(HUB_WIRE) && in.readBoolean() ? HubSource.readFrom(in) : null;
        String archivePrecision = in.getVersion().onOrAfter(ARCHIVE_PRECISION_WIRE) ? in.readOptionalString() : null;
        return new ModelSource(name, url, sha256, hub, archivePrecision == null ? null : Precision.parse(archivePrecision));
    }

    /** The first wire format with Hugging Face sources (older nodes neither send nor read them). */
    static final org.opensearch.Version HUB_WIRE = org.opensearch.Version.V_3_6_0;

    /** The first wire format with a catalog archive's precision (older nodes neither send nor read it). */
    static final org.opensearch.Version ARCHIVE_PRECISION_WIRE = org.opensearch.Version.V_3_6_0;

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeOptionalString(url);
        out.writeOptionalString(sha256);
        if (out.getVersion().onOrAfter(HUB_WIRE)) {
            out.writeBoolean(hub != null);
            if (hub != null) {
                hub.writeTo(out);
            }
        }
        if (out.getVersion().onOrAfter(ARCHIVE_PRECISION_WIRE)) {
            out.writeOptionalString(archivePrecision == null ? null : archivePrecision.option());
        }
    }

    /** The source as stored in the {@code .clip-models} system index. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("name", name);
        if (url != null) {
            out.put("url", url);
            out.put("sha256", sha256);
        }
        if (hub != null) {
            out.putAll(hub.toMap());
        }
        if (archivePrecision != null) {
            out.put("precision", archivePrecision.option());
        }
        return out;
    }

    /**
     * A source from a request's fields or read back from the system index (validated like a request); without
     * {@code source}, a {@code precision} is the catalog archive's.
     */
    public static ModelSource fromMap(java.util.Map<?, ?> map) {
        String name = string(map, "name");
        HubSource hub = map.containsKey("source") ? HubSource.fromMap(name, map) : null;
        String precision = hub == null ? string(map, "precision") : null;
        return new ModelSource(name, string(map, "url"), string(map, "sha256"), hub, precision == null ? null : Precision.parse(precision));
    }

    private static String string(java.util.Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    /** Whether the model comes from the catalog's archives. */
    public boolean fromCatalog() {
        return url == null && hub == null;
    }
}
