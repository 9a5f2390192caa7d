package org.opensearch.clip.plugin;

import org.junit.jupiter.api.Test;
import org.opensearch.clip.plugin.outbound.OutboundSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.threadpool.ExecutorBuilder;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin registers the outbound policy's settings and its clip_fetch thread pool. */
class ClipPluginOutboundTest {
    @Test
    void registersEveryOutboundSettingAndTheFetchPool() throws Exception {
        try (ClipPlugin plugin = new ClipPlugin()) {
            List<String> keys = plugin.getSettings().stream().map(Setting::getKey).toList();
            for (Setting<?> setting : OutboundSettings.all()) {
                assertTrue(keys.contains(setting.getKey()), setting.getKey());
            }
            List<String> poolSettings = plugin.getExecutorBuilders(Settings.EMPTY).stream()
                .flatMap((ExecutorBuilder<?> builder) -> builder.getRegisteredSettings().stream()).map(Setting::getKey).toList();
            assertTrue(poolSettings.contains("thread_pool.clip_fetch.size"), poolSettings.toString());
            assertTrue(poolSettings.contains("thread_pool.clip_fetch.queue_size"), poolSettings.toString());
        }
    }
}
