package visor.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** Everything a child process wrote to one stream, collected by a thread, searchable while it grows. */
public final class Output {
    private byte[] data = new byte[65536];
    private int length;
    private boolean closed;

    Output(InputStream in, String name) {
        Thread reader = new Thread(() -> pump(in), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                append(chunk, n);
            }
        } catch (IOException e) {
            // the process went away: what was read stays
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(byte[] chunk, int n) {
        if (length + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        }
        System.arraycopy(chunk, 0, data, length, n);
        length += n;
        notifyAll();
    }

    public synchronized byte[] bytes() {
        return Arrays.copyOf(data, length);
    }

    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public synchronized int length() {
        return length;
    }

    /** Text from byte offset {@code from} on. */
    public synchronized String textFrom(int from) {
        return new String(data, from, length - from, StandardCharsets.UTF_8);
    }

    /**
     * Waits until {@code needle} appears at or after byte offset {@code from}, for at most {@code timeout}.
     *
     * @return the offset just past the match, or -1 on timeout or when the stream ended without it
     */
    public synchronized int await(byte[] needle, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int searched = from;
        while (true) {
            int at = indexOf(needle, searched);
            if (at >= 0) {
                return at + needle.length;
            }
            searched = Math.max(from, length - needle.length + 1);
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                return -1;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    public int await(String needle, int from, Duration timeout) {
        return await(needle.getBytes(StandardCharsets.UTF_8), from, timeout);
    }

    /** Waits until the stream ends (the process closed it), at most {@code timeout}. */
    public synchronized boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
