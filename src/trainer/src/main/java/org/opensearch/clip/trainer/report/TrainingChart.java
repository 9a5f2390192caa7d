package org.opensearch.clip.trainer.report;

import org.opensearch.clip.trainer.eval.EvaluationResult;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws a run's history as a PNG: training loss per epoch on the left, recall on the evaluated examples (and
 * zero-shot accuracy for class data) per epoch on the right, epoch 0 being the starting model.
 */
public final class TrainingChart {
    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 400;
    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 40;
    private static final int MARGIN_BOTTOM = 50;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)
    };

    private TrainingChart() {}

    /** Writes the chart of {@code history} to {@code file}; {@code evaluatedOn} names what recall was measured on. */
    public static void write(List<EpochRecord> history, String title, String evaluatedOn, Path file) throws IOException {
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            List<EpochRecord> trained = history.stream().filter(r -> !Double.isNaN(r.trainLoss())).toList();
            double maxLoss = trained.stream().mapToDouble(EpochRecord::trainLoss).max().orElse(1);
            panel(g, 0, title + ": training loss", 0, niceCeiling(maxLoss), trained, List.of(new Series("mean loss per epoch", EpochRecord::trainLoss)));
            List<Series> recall = new ArrayList<>();
            recall.add(new Series("text→image R@1", r -> r.validation().textToImage().at1()));
            recall.add(new Series("text→image R@10", r -> r.validation().textToImage().at10()));
            recall.add(new Series("image→text R@1", r -> r.validation().imageToText().at1()));
            recall.add(new Series("image→text R@10", r -> r.validation().imageToText().at10()));
            if (!history.isEmpty() && history.get(0).validation().zeroShot() != null) {
                recall.add(new Series("zero-shot top-1", r -> zeroShotTop1(r.validation())));
            }
            panel(g, PANEL_WIDTH, "recall on " + evaluatedOn + " examples", 0, 1, history, recall);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private record Series(String label, ToDoubleFunction<EpochRecord> value) {}

    private static double zeroShotTop1(EvaluationResult result) {
        return result.zeroShot() == null ? Double.NaN : result.zeroShot().top1();
    }

    private static void panel(Graphics2D g, int x0, String title, double yMin, double yMax, List<EpochRecord> records, List<Series> series) {
        int left = x0 + MARGIN_LEFT;
        int right = x0 + PANEL_WIDTH - MARGIN_RIGHT;
        int top = MARGIN_TOP;
        int bottom = HEIGHT - MARGIN_BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int firstEpoch = records.isEmpty() ? 0 : records.get(0).epoch();
        int lastEpoch = records.isEmpty() ? 1 : Math.max(firstEpoch + 1, records.get(records.size() - 1).epoch());
        for (int i = 0; i <= 5; i++) {
            double v = yMin + (yMax - yMin) * i / 5;
            int y = bottom - (int) Math.round((bottom - top) * (v - yMin) / (yMax - yMin));
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, yMax <= 1 ? "%.1f" : "%.2f", v);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        int ticks = Math.min(10, lastEpoch - firstEpoch);
        for (int i = 0; i <= ticks; i++) {
            int epoch = firstEpoch + (int) Math.round((double) (lastEpoch - firstEpoch) * i / Math.max(1, ticks));
            int x = left + (int) Math.round((double) (right - left) * (epoch - firstEpoch) / (lastEpoch - firstEpoch));
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, bottom, x, bottom + 4);
            String label = Integer.toString(epoch);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, bottom + 17);
        }
        g.drawString("epoch", (left + right) / 2 - 15, bottom + 36);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        int legendY = top + 16;
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(COLORS[s % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            int prevX = -1;
            int prevY = -1;
            for (EpochRecord record : records) {
                double v = line.value().applyAsDouble(record);
                if (Double.isNaN(v)) {
                    continue;
                }
                int x = left + (int) Math.round((double) (right - left) * (record.epoch() - firstEpoch) / (lastEpoch - firstEpoch));
                int y = bottom - (int) Math.round((bottom - top) * (Math.min(v, yMax) - yMin) / (yMax - yMin));
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, x, y);
                }
                g.fillOval(x - 3, y - 3, 6, 6);
                prevX = x;
                prevY = y;
            }
            g.setStroke(new BasicStroke(1f));
            g.fillRect(right - 150, legendY - 8, 12, 8);
            g.setColor(Color.BLACK);
            g.drawString(line.label(), right - 134, legendY);
            legendY += 16;
        }
    }

    private static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
