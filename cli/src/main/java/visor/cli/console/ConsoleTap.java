package visor.cli.console;

import visor.soc.console.ConsoleChannel;

import java.io.ByteArrayOutputStream;

/**
 * Follows a console's output from the start of its history onwards, each byte exactly once. The listener
 * is registered before the history is copied, and every byte carries its absolute position
 * ({@link ConsoleChannel#written()} read on the emitting thread), so bytes seen both ways are dropped.
 */
public final class ConsoleTap implements AutoCloseable {
    /** Receives output in order; called on the guest's thread once live, so it must not block for long. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] data, int offset, int length);
    }

    private static final int STABLE_TRIES = 100;

    private final ConsoleChannel channel;
    private final Sink sink;
    private final ConsoleChannel.Listener listener = this::live;
    private final Object lock = new Object();
    private boolean replayed;
    private boolean closed;
    /** Absolute position of the next byte the sink should get; bytes before it were already delivered. */
    private long next;
    private long pendingStart = -1;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private ConsoleTap(ConsoleChannel channel, Sink sink) {
        this.channel = channel;
        this.sink = sink;
    }

    /** Replays the history into {@code sink}, then passes live output until closed. */
    public static ConsoleTap open(ConsoleChannel channel, Sink sink) {
        ConsoleTap tap = new ConsoleTap(channel, sink);
        tap.start(true);
        return tap;
    }

    /** Passes only output written from now on. */
    public static ConsoleTap live(ConsoleChannel channel, Sink sink) {
        ConsoleTap tap = new ConsoleTap(channel, sink);
        tap.start(false);
        return tap;
    }

    private void start(boolean withHistory) {
        channel.addListener(listener);
        byte[] history;
        long end;
        // The history and its end position cannot be read atomically; retry until no byte was written in
        // between (output comes in bursts, so this settles at once in practice).
        int tries = 0;
        while (true) {
            long before = channel.written();
            history = withHistory ? channel.history() : new byte[0];
            end = channel.written();
            if (before == end) {
                break;
            }
            if (++tries == STABLE_TRIES) {
                // Still busy: while the ring has not wrapped, the history's length is its exact end.
                if (withHistory && history.length > before && history.length <= end) {
                    end = history.length;
                }
                break;
            }
        }
        synchronized (lock) {
            if (history.length > 0) {
                sink.accept(history, 0, history.length);
            }
            next = end;
            if (pendingStart >= 0) {
                byte[] held = pending.toByteArray();
                deliver(held, 0, held.length, pendingStart);
            }
            pending.reset();
            replayed = true;
        }
    }

    /** Listener; runs on the emitting thread after the byte is counted, so written() gives its position. */
    private void live(ConsoleChannel ch, byte[] data, int offset, int length) {
        long position = ch.written() - length;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!replayed) {
                if (pendingStart < 0) {
                    pendingStart = position;
                }
                pending.write(data, offset, length);
                return;
            }
            // A byte counted before the history was copied may reach its listeners only afterwards.
            deliver(data, offset, length, position);
        }
    }

    private void deliver(byte[] data, int offset, int length, long position) {
        int skip = (int) Math.max(0, Math.min(length, next - position));
        if (length > skip) {
            sink.accept(data, offset + skip, length - skip);
            next = position + length;
        }
    }

    public ConsoleChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.removeListener(listener);
        synchronized (lock) {
            closed = true;
        }
    }
}
