package org.opensearch.clip.plugin.register;

import com.google.gson.JsonObject;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.clip.encoder.bundle.ArchiveBundleBuilder;
import org.opensearch.clip.encoder.bundle.BundleException;
import org.opensearch.clip.encoder.bundle.ModelBundle;
import org.opensearch.clip.encoder.bundle.ModelManifest;
import org.opensearch.clip.encoder.catalog.CatalogEntry;
import org.opensearch.clip.encoder.catalog.HubPin;
import org.opensearch.clip.encoder.hub.HubCheckpointException;
import org.opensearch.clip.encoder.hub.HubLayout;
import org.opensearch.clip.encoder.hub.Precision;
import org.opensearch.clip.encoder.catalog.ModelCatalog;
import org.opensearch.clip.encoder.catalog.RemoteFile;
import org.opensearch.clip.plugin.model.ModelRegistry;
import org.opensearch.clip.plugin.model.ModelStatus;
import org.opensearch.clip.plugin.outbound.SafeUrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Registers models on this node in the background: downloads a catalog model's archive and vocabulary (or a bundle
 * zip), verifies their checksums, builds the bundle under the node's data path (a catalog archive rebuilt at the
 * request's precision when it gives one) and loads it into the registry. The
 * registry's models API shows the model as {@code downloading}, then {@code loading} and {@code loaded}, or
 * {@code failed} with the reason. Bundles built here are found again when the node restarts.
 */
public final class ModelRegistrar {
    private static final Logger logger = LogManager.getLogger(ModelRegistrar.class);

    private final ModelRegistry registry;
    private final ModelDownloader downloader;
    private final Path operatorCatalog;
    private final Supplier<String> baseUrl;
    private final Path registeredDirectory;
    private final Path downloadsDirectory;
    private final Executor executor;
    private final HubBundles hub;

    /**
     * @param operatorCatalog an optional catalog file whose entries add to or replace the shipped ones
     * @param baseUrl the mirror catalog downloads come from (empty: the catalog's own URLs)
     * @param registeredDirectory where built bundles are kept (under the node's data path)
     * @param downloadsDirectory where downloads and bundles in the making are kept until they are verified
     * @param executor runs downloads (they block a thread for as long as they take)
     */
    public ModelRegistrar(ModelRegistry registry, ModelDownloader downloader, Path operatorCatalog, Supplier<String> baseUrl,
        Path registeredDirectory, Path downloadsDirectory, Executor executor) {
        this(registry, downloader, operatorCatalog, baseUrl, registeredDirectory, downloadsDirectory, executor, null);
    }

    /** The same, building Hugging Face checkpoints with {@code hub} (null: such registrations fail). */
    public ModelRegistrar(ModelRegistry registry, ModelDownloader downloader, Path operatorCatalog, Supplier<String> baseUrl,
        Path registeredDirectory, Path downloadsDirectory, Executor executor, HubBundles hub) {
        this.hub = hub;
        this.registry = registry;
        this.downloader = downloader;
        this.operatorCatalog = operatorCatalog;
        this.baseUrl = baseUrl;
        this.registeredDirectory = registeredDirectory;
        this.downloadsDirectory = downloadsDirectory;
        this.executor = executor;
    }

    /** The shipped catalog with the operator's catalog file, if there is one, on top. */
    public ModelCatalog catalog() {
        ModelCatalog catalog = ModelCatalog.builtIn();
        if (!Files.isRegularFile(operatorCatalog)) {
            return catalog;
        }
        try {
            return catalog.with(ModelCatalog.parse(Files.readString(operatorCatalog, StandardCharsets.UTF_8), operatorCatalog.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalog " + operatorCatalog, e);
        }
    }

    /**
     * Checks a request against this node's catalog and starts the registration in the background; returns the model's
     * status ({@code downloading}, or the state of a model of that name this node already has).
     *
     * @throws IllegalArgumentException for a name the catalog does not know or a catalog that cannot be read
     */
    public ModelStatus register(ModelSource source) {
        return register(source, true);
    }

    /**
     * Like {@link #register(ModelSource)}; with {@code load} false the built bundle is kept unloaded (a model an operator
     * unloaded, registered on a node that joins later).
     */
    public ModelStatus register(ModelSource source, boolean load) {
        String directory = directoryName(source.name());
        ModelStatus existing;
        Runnable work;
        if (source.hub() != null) {
            Path target = registeredDirectory.resolve(directory);
            existing = registry.startDownload(source.name(), "", 0, target);
            work = () -> buildFromHub(source, directory, target, load);
        } else if (source.fromCatalog()) {
            CatalogEntry entry = catalog().entry(source.name()).rebased(baseUrl.get());
            JsonObject manifest = entry.manifest();
            Path target = registeredDirectory.resolve(directory);
            String version = manifest.get("version").getAsString();
            existing = registry.startDownload(source.name(), source.archivePrecision() == null ? version
                : HubBundles.version(version, source.archivePrecision()), manifest.get("embedding_dim").getAsInt(), target);
            work = () -> buildFromCatalog(entry, source.archivePrecision(), directory, target, load);
        } else {
            Path target = registeredDirectory.resolve(directory + ".zip");
            existing = registry.startDownload(source.name(), "", 0, target);
            work = () -> fetchBundle(source, directory, target, load);
        }
        if (existing != null) {
            return existing;
        }
        logger.info("registering CLIP model [{}] from {}", source.name(), source.hub() != null ? source.hub().toMap()
            : source.fromCatalog() ? "the catalog" + (source.archivePrecision() == null ? "" : " at " + source.archivePrecision().option())
            : SafeUrl.display(source.url()));
        executor.execute(work);
        return registry.status(source.name());
    }

    /** Downloads and builds a catalog model: its archive bundle, rebuilt at {@code precision} when that is not null. */
    private void buildFromCatalog(CatalogEntry entry, Precision precision, String directory, Path target, boolean load) {
        Path work = downloadsDirectory.resolve(directory);
        try {
            clear(work);
            Path archiveBundle = work.resolve("archive-bundle");
            long start = System.nanoTime();
            long archiveBytes = downloader.download(entry.archive(), archiveBundle.resolve(ArchiveBundleBuilder.ARCHIVE_FILE));
            Path vocabulary = work.resolve(entry.vocabulary().fileName());
            downloader.download(entry.vocabulary(), vocabulary);
            ArchiveBundleBuilder.build(entry.name(), entry.manifest(), archiveBundle.resolve(ArchiveBundleBuilder.ARCHIVE_FILE), vocabulary,
                archiveBundle);
            Path bundle = precision == null ? archiveBundle : rebuiltAt(entry, precision, archiveBundle, work.resolve("bundle"));
            clear(target);
            Files.createDirectories(target.getParent());
            Files.move(bundle, target, StandardCopyOption.ATOMIC_MOVE);
            logger.info("downloaded CLIP model [{}] ({} MB archive from {}) and built its bundle in {} ms", entry.name(),
                archiveBytes >> 20, SafeUrl.display(entry.archive().url()), (System.nanoTime() - start) / 1_000_000);
            installed(entry.name(), target, load);
        } catch (IOException | RuntimeException | HubCheckpointException e) {
            fail(entry.name(), target, e);
        } finally {
            quietlyClear(work);
        }
    }

    /**
     * The archive bundle rebuilt at {@code precision} into {@code bundle}.
     *
     * @throws HubCheckpointException naming the model and the precision, with the encoder's reason (a ResNet archive, a
     *     layout other than OpenAI's ViT)
     */
    private Path rebuiltAt(CatalogEntry entry, Precision precision, Path archiveBundle, Path bundle) throws HubCheckpointException {
        if (hub == null) {
            throw new IllegalStateException("this node cannot rebuild archives at a precision");
        }
        String version = entry.manifest().get("version").getAsString();
        try {
            hub.rebuildArchive(entry.name(), archiveBundle, version, precision, entry.headWidth(), bundle);
        } catch (HubCheckpointException e) {
            throw new HubCheckpointException("[" + entry.name() + "] cannot be built at precision " + precision.option()
                + " (which needs a ViT archive in OpenAI's layout): " + e.getMessage(), e);
        }
        return bundle;
    }

    /**
     * Fills a Hugging Face source from the catalog's pin (revision and checksums the request left out) and checks that
     * a Hub source then has a revision and the sha256 of its files; other sources are returned as they are.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    public ModelSource pinned(ModelSource source) {
        HubSource given = source.hub();
        if (given == null || given.kind() != HubSource.Kind.HUGGINGFACE) {
            return source;
        }
        HubPin pin = catalog().hubPin(given.repo());
        HubSource filled = pin == null ? given : given.pinned(pin.revision(), pin.files());
        if (filled.revision() == null) {
            throw new IllegalArgumentException("[revision] is required for [" + given.repo() + "]: the catalog pins none (it pins "
                + catalog().hubRepos() + ")");
        }
        if (filled.files().isEmpty()) {
            throw new IllegalArgumentException("[files] is required for [" + given.repo() + "]: the sha256 of each file the bundle is built "
                + "from (" + HubLayout.CONFIG + ", the weights, " + HubLayout.TOKENIZER + ", …), which the catalog does not know; "
                + "see docs/bring-your-own-clip.md");
        }
        try {
            HubLayout.filesToFetch(filled.files().keySet());
        } catch (HubCheckpointException e) {
            throw new IllegalArgumentException("[files] " + e.getMessage(), e);
        }
        return new ModelSource(source.name(), null, null, filled);
    }

    private void buildFromHub(ModelSource source, String directory, Path target, boolean load) {
        Path work = downloadsDirectory.resolve(directory);
        try {
            if (hub == null) {
                throw new IllegalStateException("this node cannot build Hugging Face checkpoints");
            }
            clear(work);
            Path bundle = work.resolve("bundle");
            long start = System.nanoTime();
            ModelManifest manifest = hub.build(source.name(), source.hub(), work, bundle);
            clear(target);
            Files.createDirectories(target.getParent());
            Files.move(bundle, target, StandardCopyOption.ATOMIC_MOVE);
            logger.info("built CLIP model [{}] version [{}] (dimension {}) from {} in {} ms", source.name(), manifest.version(),
                manifest.embeddingDim(), source.hub().toMap(), (System.nanoTime() - start) / 1_000_000);
            installed(source.name(), target, load);
        } catch (IOException | RuntimeException | HubCheckpointException e) {
            fail(source.name(), target, e);
        } finally {
            quietlyClear(work);
        }
    }

    private void fetchBundle(ModelSource source, String directory, Path target, boolean load) {
        Path work = downloadsDirectory.resolve(directory);
        try {
            clear(work);
            Path zip = work.resolve("bundle.zip");
            downloader.download(new RemoteFile(source.url(), source.sha256()), zip);
            ModelManifest manifest = ModelBundle.peekManifest(zip);
            if (!manifest.name().equals(source.name())) {
                throw new BundleException("the bundle at " + SafeUrl.display(source.url()) + " is model [" + manifest.name() + "], not [" + source.name()
                    + "]: register it under its own name");
            }
            clear(target);
            Files.createDirectories(target.getParent());
            Files.move(zip, target, StandardCopyOption.ATOMIC_MOVE);
            installed(source.name(), target, load);
        } catch (IOException | RuntimeException e) {
            fail(source.name(), target, e);
        } finally {
            quietlyClear(work);
        }
    }

    /** Hands a built bundle to the registry; a model deleted while it downloaded leaves no files behind. */
    private void installed(String name, Path target, boolean load) throws IOException {
        if (!registry.downloaded(name, target, load)) {
            logger.info("CLIP model [{}] was deleted while it was being registered; its bundle is removed", name);
            clear(target);
        }
    }

    /**
     * Removes a registered model from this node: its replicas are freed and its bundle deleted from the data path. False
     * when this node has no registered model of that name (config-directory bundles are never removed).
     */
    public boolean remove(String name) {
        Path bundle = registry.remove(name);
        if (bundle == null) {
            return false;
        }
        quietlyClear(bundle);
        return true;
    }

    /**
     * Marks the model failed. A download failure shows only its safe message (the policy's refusal, or that it failed);
     * its details (status, checksum, connection error) go to the node log.
     */
    private void fail(String name, Path target, Exception e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        String detail = e instanceof DownloadException download ? download.logDetail() : reason;
        logger.error("registering CLIP model [{}] failed: {}", name, detail);
        registry.downloadFailed(name, target, "registration failed: " + reason);
    }

    /** A model name as a directory name: '/' (allowed in names) becomes "%2F" ('%' is not allowed in names). */
    static String directoryName(String name) {
        return name.replace("/", "%2F");
    }

    private static void clear(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void quietlyClear(Path path) {
        try {
            clear(path);
        } catch (IOException e) {
            logger.warn("cannot delete {}: {}", path, e.toString());
        }
    }
}
