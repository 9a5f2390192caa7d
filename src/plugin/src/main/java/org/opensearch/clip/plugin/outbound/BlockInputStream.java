package org.opensearch.clip.plugin.outbound;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that implements only block reads; single-byte reads go through them. */
abstract class BlockInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }
}
