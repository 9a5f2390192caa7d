package org.opensearch.clip.plugin.fingerprint;

import org.opensearch.clip.encoder.bundle.ModelManifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What identifies the model that filled a vector field: its name, version and the sha256 of every file of its bundle
 * (the manifest's own list). Two fingerprints are the same model only when all three agree.
 *
 * @param name the model's name
 * @param version the manifest's version
 * @param files bundle file name to sha256, as the manifest lists them
 */
public record ModelFingerprint(String name, String version, Map<String, String> files) {
    public ModelFingerprint {
        files = Map.copyOf(files);
    }

    /** The fingerprint of a bundle's manifest. */
    public static ModelFingerprint of(ModelManifest manifest) {
        return new ModelFingerprint(manifest.name(), manifest.version(), manifest.files());
    }

    /** A digest of the files' checksums (the first 12 hex digits of the sha256 of {@code name=sha256} lines, in name order). */
    public String filesDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                digest.update((file.getKey() + "=" + file.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** How messages name it: {@code model [name] version [v] (files a1b2c3d4e5f6)}. */
    public String describe() {
        return "model [" + name + "] version [" + version + "] (files " + filesDigest() + ")";
    }

    /** The form stored in a mapping's {@code _meta}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("version", version);
        out.put("files", new TreeMap<>(files));
        return out;
    }

    /** Reads the stored form; null when it is not one. */
    public static ModelFingerprint fromMap(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("model") instanceof String model) || !(map.get("files") instanceof Map<?, ?> files)) {
            return null;
        }
        Map<String, String> checksums = new TreeMap<>();
        files.forEach((k, v) -> checksums.put(String.valueOf(k), String.valueOf(v)));
        return new ModelFingerprint(model, String.valueOf(map.get("version")), checksums);
    }
}
