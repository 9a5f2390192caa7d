package org.opensearch.clip.encoder.runtime;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.encoder.TinyClip;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inside a node only the data path is writable without a policy grant, so every native library the encoder brings
 * is extracted into the runtime's cache directory there, the libwebp WebP reader's included.
 */
class DjlRuntimeNativeDirectoryTest {

    @Test
    void theWebpReadersNativeLibraryGoesToTheRuntimesCacheDirectory() {
        DjlRuntime runtime = TinyClip.runtime();
        assertEquals(runtime.cacheDirectory().toAbsolutePath().toString(), System.getProperty("com.luciad.imageio.webp.tmpdir"));
    }
}
