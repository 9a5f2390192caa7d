package org.opensearch.clip.trainer.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.trainer.eval.EvaluationResult;
import org.opensearch.clip.trainer.eval.RecallAtK;
import org.opensearch.clip.trainer.eval.ZeroShotAccuracy;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingChartTest {
    @Test
    void writesAPngWithBothPanels(@TempDir Path dir) throws Exception {
        List<EpochRecord> history = new ArrayList<>();
        for (int epoch = 0; epoch <= 12; epoch++) {
            double r = epoch / 13.0;
            EvaluationResult result = new EvaluationResult(100, 120, new RecallAtK(r / 3, r / 2, r), new RecallAtK(r / 4, r / 2, r),
                new ZeroShotAccuracy(10, r, Math.min(1, 2 * r)));
            history.add(new EpochRecord(epoch, epoch == 0 ? Double.NaN : 4.0 / epoch, 1e-4, 14.3, 200, 0.01, 10, result));
        }
        Path file = dir.resolve("training.png");
        TrainingChart.write(history, "test", RunReport.HELD_OUT, file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(1120, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(countNonWhite(image, 0, 560) > 2000, "the loss panel has a drawing");
        assertTrue(countNonWhite(image, 560, 1120) > 2000, "the recall panel has a drawing");
    }

    private static int countNonWhite(BufferedImage image, int from, int to) {
        int n = 0;
        for (int x = from; x < to; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
            }
        }
        return n;
    }
}
