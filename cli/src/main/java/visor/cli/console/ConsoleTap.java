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
        do {
            long before = channel.written();
            history = withHistory ? channel.history() : new byte[0];
            end = channel.written();
            if (before == end) {
                break;
            }
        } while (++tries < STABLE_TRIES);
        synchronized (lock) {
            if (history.length > 0) {
                sink.accept(history, 0, history.length);
            }
            if (pendingStart >= 0) {
                byte[] held = pending.toByteArray();
                int skip = (int) Math.max(0, Math.min(held.length, end - pendingStart));
                if (held.length > skip) {
                    sink.accept(held, skip, held.length - skip);
                }
            }
            pending.reset();
            replayed = true;
        }
    }

    private void live(ConsoleChannel ch, byte[] data, int offset, int length) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!replayed) {
                if (pendingStart < 0) {
                    // written() already counts these bytes: the listener runs after the ring is updated.
                    pendingStart = ch.written() - length;
                }
                pending.write(data, offset, length);
                return;
            }
            sink.accept(data, offset, length);
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
