package io.financehub.flows.payments;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands the bytes one thread writes to another thread that reads them, in 64 KB chunks through a bounded queue (at
 * most 4 MB in flight): the payment file's bytes go to disk and, at the same time, into the schema validator, so a
 * file is rendered once and validated while it is written. Unlike {@link java.io.PipedInputStream} it does not poll,
 * and a reader that stops early drains the rest ({@link #drain}) so the writer never blocks.
 */
final class BytePipe {

    private static final int CHUNK = 1 << 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(64);
    /** Set by the reading thread when it has taken the end marker. */
    private boolean endTaken;

    /** The writing end; {@link OutputStream#close()} marks the end of the data (call it in a finally block). */
    OutputStream sink() {
        return new OutputStream() {
            private byte[] buffer = new byte[CHUNK];
            private int used;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                if (used == buffer.length) {
                    pass();
                }
                buffer[used++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (used == buffer.length) {
                        pass();
                    }
                    int n = Math.min(len, buffer.length - used);
                    System.arraycopy(b, off, buffer, used, n);
                    used += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    if (used > 0) {
                        pass();
                    }
                    put(END);
                }
            }

            private void pass() throws IOException {
                put(used == buffer.length ? buffer : Arrays.copyOf(buffer, used));
                buffer = new byte[CHUNK];
                used = 0;
            }
        };
    }

    /** The reading end: the bytes written, then end of stream. */
    InputStream source() {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int pos;
            private boolean ended;

            @Override
            public int read() throws IOException {
                if (!fill()) {
                    return -1;
                }
                return chunk[pos++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                return n;
            }

            private boolean fill() throws IOException {
                while (!ended && pos == chunk.length) {
                    chunk = take();
                    pos = 0;
                    ended = chunk == END;
                }
                return !ended;
            }

            @Override
            public void close() {
                // the reading thread drains what is left (drain), closing changes nothing
            }
        };
    }

    /** Consumes what is left up to the end (reading thread), so a writer is never blocked by a reader that stopped early. */
    void drain() throws IOException {
        while (!endTaken) {
            take();
        }
    }

    private void put(byte[] chunk) throws IOException {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while passing the payment file to the validator");
        }
    }

    private byte[] take() throws IOException {
        try {
            byte[] chunk = queue.take();
            endTaken = chunk == END;
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while validating the payment file");
        }
    }
}
