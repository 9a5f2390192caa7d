package org.opensearch.clip.plugin.register;

import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.clip.encoder.hub.HubBundleBuilder;
import org.opensearch.clip.encoder.hub.HubCheckpointException;
import org.opensearch.clip.encoder.runtime.DjlRuntime;
import org.opensearch.clip.encoder.hub.HubLayout;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.plugin.outbound.Credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Builds model bundles from Hugging Face checkpoints: from the Hub (each file fetched from
 * {@code <endpoint>/<repo>/resolve/<revision>/<file>} through the outbound policy, its sha256 verified while it is
 * written, the access token sent to the endpoint's own origin only), or from a snapshot directory under
 * {@code clip.models.local.allowed_paths} (symlinks into the cache's blobs followed; the files' sha256 verified when
 * the request gives them); and rebuilds archive bundles in OpenAI's ViT layout at a precision.
 */
public final class HubBundles {
    /** Turns a snapshot directory, or an archive bundle, into a two-file bundle at a precision. */
    public interface Builder {
        /** Writes the bundle of a snapshot into {@code bundleDir} and returns its manifest. */
        ModelManifest build(Path snapshotDir, Path bundleDir, String name, String version, Precision precision) throws HubCheckpointException;

        /** Writes the bundle of an archive bundle (OpenAI's ViT layout) into {@code bundleDir} and returns its manifest. */
        ModelManifest buildFromArchive(Path archiveBundleDir, Path bundleDir, String name, String version, Precision precision,
            int headWidth) throws HubCheckpointException;
    }

    /** The encoder's HubBundleBuilder, run inside the DJL runtime (started here with {@code djlCache} if it is not yet). */
    public static Builder encoderBuilder(Path djlCache, int torchThreads) {
        return new Builder() {
            @Override
            public ModelManifest build(Path snapshot, Path bundle, String name, String version, Precision precision)
                throws HubCheckpointException {
                return inRuntime(djlCache, torchThreads, () -> HubBundleBuilder.build(snapshot, bundle, name, version, precision));
            }

            @Override
            public ModelManifest buildFromArchive(Path archiveBundle, Path bundle, String name, String version, Precision precision,
                int headWidth) throws HubCheckpointException {
                return inRuntime(djlCache, torchThreads,
                    () -> HubBundleBuilder.buildFromArchive(archiveBundle, bundle, name, version, precision, headWidth));
            }
        };
    }

    /** Runs {@code build} with the DJL runtime started and the module's class loader, its checkpoint errors unwrapped. */
    private static ModelManifest inRuntime(Path djlCache, int torchThreads, Callable<ModelManifest> build)
        throws HubCheckpointException {
        DjlRuntime.start(djlCache, torchThreads);
        try {
            return DjlRuntime.withModuleClassLoader(build);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof HubCheckpointException checkpoint) {
                throw checkpoint;
            }
            throw e;
        }
    }

    private final ModelDownloader downloader;
    private final Supplier<String> endpoint;
    private final Supplier<Credential> credential;
    private final Supplier<List<Path>> allowedPaths;
    private final Builder builder;

    /**
     * @param endpoint the Hub or mirror base URL ({@code clip.models.hub.endpoint})
     * @param credential the access token bound to the endpoint's origin, or a supplier of null
     * @param allowedPaths the directories local snapshots may be under ({@code clip.models.local.allowed_paths})
     */
    public HubBundles(ModelDownloader downloader, Supplier<String> endpoint, Supplier<Credential> credential,
        Supplier<List<Path>> allowedPaths, Builder builder) {
        this.downloader = downloader;
        this.endpoint = endpoint;
        this.credential = credential;
        this.allowedPaths = allowedPaths;
        this.builder = builder;
    }

    /** The manifest version of a bundle built from {@code hub}: {@code <revision, 12 digits>-<precision>} or {@code local-<precision>}. */
    static String version(HubSource hub) {
        String base = hub.kind() == HubSource.Kind.LOCAL ? "local" : hub.revision().substring(0, Math.min(12, hub.revision().length()));
        return version(base, hub.precision());
    }

    /** The manifest version of a bundle built at {@code precision} from one whose version is {@code base}: {@code <base>-<precision>}. */
    static String version(String base, Precision precision) {
        return base + "-" + precision.option();
    }

    /** The URL a Hub file is fetched from. */
    String fileUrl(HubSource hub, String file) {
        String base = endpoint.get();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + hub.repo() + "/resolve/" + hub.revision() + "/" + file;
    }

    /**
     * Builds the bundle of {@code name} from {@code hub} into {@code bundleDir}; {@code work} is scratch space for the
     * downloaded snapshot.
     */
    public ModelManifest build(String name, HubSource hub, Path work, Path bundleDir) throws IOException, HubCheckpointException {
        Path snapshot = hub.kind() == HubSource.Kind.LOCAL ? allowedSnapshot(hub.path()) : download(hub, work.resolve("snapshot"));
        if (hub.kind() == HubSource.Kind.LOCAL) {
            verifyLocal(snapshot, hub.files());
        }
        return builder.build(snapshot, bundleDir, name, version(hub), hub.precision());
    }

    /**
     * Rebuilds the archive bundle in {@code archiveBundleDir} (OpenAI's ViT layout) at {@code precision} into
     * {@code bundleDir}; its version becomes {@code <archive bundle's version>-<precision>}, as a Hub bundle's does.
     */
    public ModelManifest rebuildArchive(String name, Path archiveBundleDir, String archiveVersion, Precision precision, int headWidth,
        Path bundleDir) throws HubCheckpointException {
        return builder.buildFromArchive(archiveBundleDir, bundleDir, name, version(archiveVersion, precision), precision, headWidth);
    }

    private Path download(HubSource hub, Path snapshot) throws IOException, HubCheckpointException {
        List<String> files = HubLayout.filesToFetch(hub.files().keySet());
        Credential token = credential.get();
        for (String file : files) {
            downloader.download(new RemoteFile(fileUrl(hub, file), hub.files().get(file)), snapshot.resolve(file), token);
        }
        return snapshot;
    }

    /** The snapshot directory's real path, refused unless it lies under one of the allowed directories. */
    Path allowedSnapshot(String given) throws DownloadException {
        Path path = Path.of(given);
        List<Path> allowed = allowedPaths.get();
        if (!path.isAbsolute()) {
            throw new DownloadException("[path] must be an absolute directory, got [" + given + "]");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new DownloadException("the snapshot directory [" + given + "] does not exist on this node");
        }
        for (Path root : allowed) {
            try {
                if (real.startsWith(root.toRealPath()) && Files.isDirectory(real)) {
                    return real;
                }
            } catch (IOException e) {
                // an allowed directory that does not exist on this node allows nothing
            }
        }
        throw new DownloadException("refused: [" + given + "] is not under clip.models.local.allowed_paths " + allowed);
    }

    private static void verifyLocal(Path snapshot, Map<String, String> files) throws DownloadException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            String actual;
            try {
                actual = ModelBundle.sha256(snapshot.resolve(file.getKey()).toRealPath());
            } catch (IOException | RuntimeException e) {
                throw new DownloadException("the snapshot has no readable " + file.getKey());
            }
            if (!actual.equals(file.getValue())) {
                throw new DownloadException("the snapshot's " + file.getKey() + " has sha256 " + actual + ", not " + file.getValue());
            }
        }
    }
}
