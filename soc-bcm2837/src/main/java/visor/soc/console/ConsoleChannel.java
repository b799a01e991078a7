package visor.soc.console;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A serial console between the host and one guest UART. Input typed on the host is queued without
 * bound and without loss; the UART model pulls bytes as its receive FIFO drains. Output written by the
 * guest is kept in a bounded ring (replayed when a console is reattached) and pushed to listeners.
 *
 * <p>Thread model: any thread may {@link #type}; only the machine thread calls {@link #pollInput} and
 * {@link #emit}; listeners run on the machine thread.
 */
public final class ConsoleChannel {
    /** Receives guest output bytes as they are written. */
    @FunctionalInterface
    public interface Listener {
        void output(ConsoleChannel channel, byte[] data, int offset, int length);
    }

    private final String name;
    private final Object inputLock = new Object();
    private byte[] input = new byte[256];
    private int inHead, inTail;

    private final byte[] ring;
    private long written;
    private final byte[] one = new byte[1];
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Runnable inputHook = () -> { };

    public ConsoleChannel(String name, int historyBytes) {
        this.name = name;
        this.ring = new byte[historyBytes];
    }

    public String name() {
        return name;
    }

    // ---- host to guest --------------------------------------------------------------------------------

    /** Queues bytes for the guest; never blocks, never drops. */
    public void type(byte[] data) {
        type(data, 0, data.length);
    }

    public void type(byte[] data, int offset, int length) {
        synchronized (inputLock) {
            int size = inTail - inHead;
            if (inTail + length > input.length) {
                byte[] bigger = size + length > input.length / 2 ? new byte[Math.max(input.length * 2, size + length)] : input;
                System.arraycopy(input, inHead, bigger, 0, size);
                input = bigger;
                inHead = 0;
                inTail = size;
            }
            System.arraycopy(data, offset, input, inTail, length);
            inTail += length;
        }
        inputHook.run();
    }

    /** Next queued input byte, or -1 when none. */
    public int pollInput() {
        synchronized (inputLock) {
            return inHead == inTail ? -1 : input[inHead++] & 0xFF;
        }
    }

    public boolean hasInput() {
        synchronized (inputLock) {
            return inHead != inTail;
        }
    }

    public int pendingInput() {
        synchronized (inputLock) {
            return inTail - inHead;
        }
    }

    /** Called after input is queued: the machine uses it to wake a sleeping guest. */
    public void setInputHook(Runnable hook) {
        this.inputHook = hook;
    }

    // ---- guest to host --------------------------------------------------------------------------------

    /** Records one byte written by the guest and tells every listener. */
    public void emit(int b) {
        synchronized (ring) {
            ring[(int) (written % ring.length)] = (byte) b;
            written++;
        }
        one[0] = (byte) b;
        for (Listener l : listeners) {
            l.output(this, one, 0, 1);
        }
    }

    /** Total bytes the guest has written. */
    public long written() {
        synchronized (ring) {
            return written;
        }
    }

    /** The most recent output, up to the ring's capacity, oldest first. */
    public byte[] history() {
        synchronized (ring) {
            int size = (int) Math.min(written, ring.length);
            byte[] out = new byte[size];
            int start = (int) ((written - size) % ring.length);
            int first = Math.min(size, ring.length - start);
            System.arraycopy(ring, start, out, 0, first);
            System.arraycopy(ring, 0, out, first, size - first);
            return out;
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }
}
