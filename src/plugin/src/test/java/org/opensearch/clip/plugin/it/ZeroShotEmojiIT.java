package org.opensearch.clip.plugin.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opensearch.clip.plugin.testcluster.ClipClusterExtension;
import org.opensearch.clip.plugin.testcluster.Json;
import org.opensearch.clip.plugin.testcluster.RestResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Zero-shot accuracy of the default model through {@code _classify} on a real node agrees with the trainer's
 * {@code evaluate} on the same images: the 1,911 Google emoji of {@code emoji-datasource-google} 16.0.0 labelled with
 * their 99 subcategories, with the single prompt and with the default ensemble. The trainer's numbers are the
 * committed {@code docs/zero-shot/trainer-*.json} (how to make them: docs/zero-shot.md). Skipped when the emoji set
 * is not in the trainer's cache ({@code src/tools/clip-trainer.sh download-emoji}; {@code -Dclip.emoji.dir=DIR} names
 * another unpacked package).
 */
class ZeroShotEmojiIT {
    @RegisterExtension
    static final ClipClusterExtension cluster = ClipClusterExtension.singleNode();

    static final int BATCH = 200;
    static final Path REPO = Path.of(System.getProperty("clip.repo.dir", "../.."));
    static final Path EMOJI = Path.of(System.getProperty("clip.emoji.dir",
        System.getProperty("user.home") + "/.cache/opensearch-clip/emoji/emoji-datasource-google-16.0.0"));

    static List<String> images = new ArrayList<>();
    static List<String> truth = new ArrayList<>();
    static List<String> classes;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheEmoji() throws IOException {
        assumeTrue(Files.isRegularFile(EMOJI.resolve("emoji.json")), "the Google emoji set is not in " + EMOJI);
        for (Object entry : (List<Object>) Json.parse(Files.readString(EMOJI.resolve("emoji.json"), StandardCharsets.UTF_8))) {
            Map<String, Object> emoji = (Map<String, Object>) entry;
            Object image = emoji.get("image");
            Object subcategory = emoji.get("subcategory");
            if (!Boolean.TRUE.equals(emoji.get("has_img_google")) || image == null || emoji.get("name") == null || subcategory == null
                || subcategory.toString().isBlank()) {
                continue;
            }
            Path file = EMOJI.resolve("img/google/64").resolve(image.toString());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            images.add(Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            truth.add(subcategory.toString().replace('-', ' ').strip());
        }
        classes = truth.stream().distinct().sorted().toList();
    }

    /** Top-1 and top-5 accuracy through {@code _classify}, the templates given (null: the default ensemble). */
    private static double[] accuracy(List<String> templates) {
        int top1 = 0;
        int top5 = 0;
        for (int from = 0; from < images.size(); from += BATCH) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("images", images.subList(from, Math.min(images.size(), from + BATCH)));
            body.put("labels", classes);
            body.put("top_k", 5);
            if (templates != null) {
                body.put("templates", templates);
            }
            RestResponse response = cluster.client().post("/_plugins/_clip/_classify", body).assertOk();
            List<Object> results = response.list("results");
            for (int i = 0; i < results.size(); i++) {
                List<Object> labels = (List<Object>) Json.at(results.get(i), "labels");
                String expected = truth.get(from + i);
                for (int rank = 0; rank < labels.size(); rank++) {
                    if (expected.equals(Json.at(labels.get(rank), "label"))) {
                        top1 += rank == 0 ? 1 : 0;
                        top5++;
                    }
                }
            }
        }
        return new double[] {(double) top1 / images.size(), (double) top5 / images.size()};
    }

    @SuppressWarnings("unchecked")
    private static void assertAgreesWithTheTrainer(String trainerFile, double[] node) throws IOException {
        Path file = REPO.resolve("docs/zero-shot").resolve(trainerFile);
        Map<String, Object> trainer = (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(((Number) Json.at(trainer, "metrics.images")).intValue(), images.size(), "the trainer measured the same images");
        assertEquals(((Number) Json.at(trainer, "metrics.zero_shot.classes")).intValue(), classes.size());
        double tolerance = 2.0 / images.size(); // float and double cosines may order a near tie differently
        System.out.printf("[zero-shot] %s: node top1 %.4f top5 %.4f, trainer top1 %.4f top5 %.4f%n", trainerFile, node[0], node[1],
            ((Number) Json.at(trainer, "metrics.zero_shot.top1")).doubleValue(), ((Number) Json.at(trainer, "metrics.zero_shot.top5")).doubleValue());
        assertEquals(((Number) Json.at(trainer, "metrics.zero_shot.top1")).doubleValue(), node[0], tolerance, "top-1");
        assertEquals(((Number) Json.at(trainer, "metrics.zero_shot.top5")).doubleValue(), node[1], tolerance, "top-5");
    }

    @Test
    void theSinglePromptGivesTheTrainersAccuracy() throws IOException {
        assertAgreesWithTheTrainer("trainer-single-prompt.json", accuracy(List.of("a photo of a {}.")));
    }

    @Test
    void theDefaultEnsembleGivesTheTrainersAccuracy() throws IOException {
        assertAgreesWithTheTrainer("trainer-default-ensemble.json", accuracy(null));
    }
}
