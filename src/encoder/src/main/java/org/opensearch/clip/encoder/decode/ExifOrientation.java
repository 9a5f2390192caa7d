package org.opensearch.clip.encoder.decode;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the EXIF orientation tag of a JPEG (APP1 "Exif" segment), PNG ({@code eXIf} chunk) or WebP ({@code EXIF}
 * chunk). Orientation is a hint about how to show the pixels, so unreadable EXIF data means {@link Orientation#NORMAL}
 * rather than a failed image.
 */
final class ExifOrientation {

    private ExifOrientation() {}

    /** The orientation {@code encoded} (an image of {@code format}) declares, {@link Orientation#NORMAL} if none. */
    static Orientation of(ImageFormat format, byte[] encoded) {
        try {
            byte[] tiff = switch (format) {
                case JPEG -> jpegExif(encoded);
                case PNG -> chunk(encoded, 8, "eXIf", ByteOrder.BIG_ENDIAN, false);
                case WEBP -> chunk(encoded, 12, "EXIF", ByteOrder.LITTLE_ENDIAN, true);
                case GIF, BMP -> null;
            };
            return tiff == null ? Orientation.NORMAL : fromTiff(tiff);
        } catch (IOException | RuntimeException e) {
            return Orientation.NORMAL;
        }
    }

    private static byte[] jpegExif(byte[] jpeg) throws IOException {
        try (ImageInputStream in = new ByteArrayImageInputStream(jpeg)) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (segments.isEmpty()) {
                return null;
            }
            byte[] data = segments.get(0).data().readAllBytes();
            // "Exif" is followed by two NULs; the segment's data starts after the first
            int skip = data.length > 0 && data[0] == 0 ? 1 : 0;
            return Arrays.copyOfRange(data, skip, data.length);
        }
    }

    /**
     * Walks the chunks of a PNG (big-endian length, type, data, CRC) or a RIFF container (type, little-endian
     * length, data padded to an even size), returning the data of the first chunk of {@code type}.
     */
    private static byte[] chunk(byte[] data, int start, String type, ByteOrder order, boolean riff) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(order);
        int pos = start;
        while (pos + 8 <= data.length) {
            int lengthAt = riff ? pos + 4 : pos;
            int typeAt = riff ? pos : pos + 4;
            long length = Integer.toUnsignedLong(buffer.getInt(lengthAt));
            long dataAt = pos + 8L;
            if (dataAt + length > data.length) {
                return null;
            }
            if (new String(data, typeAt, 4, StandardCharsets.ISO_8859_1).equals(type)) {
                byte[] exif = Arrays.copyOfRange(data, (int) dataAt, (int) (dataAt + length));
                return stripExifHeader(exif);
            }
            pos = (int) (dataAt + length + (riff ? (length & 1) : 4));
        }
        return null;
    }

    /** Some writers keep JPEG's "Exif\0\0" prefix inside PNG and WebP chunks. */
    private static byte[] stripExifHeader(byte[] exif) {
        if (exif.length >= 6 && exif[0] == 'E' && exif[1] == 'x' && exif[2] == 'i' && exif[3] == 'f' && exif[4] == 0) {
            return Arrays.copyOfRange(exif, 6, exif.length);
        }
        return exif;
    }

    private static Orientation fromTiff(byte[] tiff) throws IOException {
        try (ImageInputStream in = new ByteArrayImageInputStream(tiff)) {
            Directory ifd = new TIFFReader().read(in);
            Entry entry = ifd.getEntryById(TIFF.TAG_ORIENTATION);
            if (entry != null && entry.getValue() instanceof Number value) {
                return Orientation.fromExif(value.intValue());
            }
            return Orientation.NORMAL;
        }
    }
}
