package org.opensearch.clip.plugin.ivf;

import java.util.regex.Pattern;

/**
 * A reference to an IVF model: {@code name} (its latest trained version) or {@code name:version}.
 *
 * @param name    the model name: lowercase letters, digits, {@code _}, {@code -} and {@code .}, starting with a letter or
 *                digit, at most 100 characters
 * @param version a version (from 1), or null for the latest trained one
 */
public record IvfModelRef(String name, Integer version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

    /** Checks the name and version. */
    public IvfModelRef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("IVF model name [" + name + "] must be 1 to 100 lowercase letters, digits, _, - or ., "
                + "starting with a letter or digit");
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("IVF model version must be at least 1, got " + version);
        }
    }

    /** Parses {@code name} or {@code name:version}. */
    public static IvfModelRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an IVF model reference is required: name or name:version");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new IvfModelRef(text, null);
        }
        String version = text.substring(colon + 1);
        try {
            return new IvfModelRef(text.substring(0, colon), Integer.parseInt(version));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("IVF model reference [" + text + "] must be name or name:version with a numeric version");
        }
    }

    /** The reference of one version of a model. */
    public static IvfModelRef of(String name, int version) {
        return new IvfModelRef(name, version);
    }

    /** Whether this names a version rather than the latest one. */
    public boolean pinned() {
        return version != null;
    }

    @Override
    public String toString() {
        return version == null ? name : name + ":" + version;
    }
}
