package visor.cli.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Follows the benchmark guest's console: the moments (host time, retired instructions) at which the lines
 * "bench: start" and "bench: done" complete, and the text of the "bench: checksum" line. Fed from
 * whichever thread produces the output, so it is stamped as the guest writes, not when someone looks.
 */
public final class BenchTranscript {
    public static final String START = "bench: start";
    public static final String CHECKSUM = "bench: checksum ";
    public static final String DONE = "bench: done";

    private final LongSupplier instructions;
    private final LongSupplier cpuNanos;
    private final StringBuilder line = new StringBuilder();
    private final CountDownLatch done = new CountDownLatch(1);
    private long startNanos = -1, doneNanos = -1;
    private long startInstructions, doneInstructions;
    private long startCpu, doneCpu;
    private String checksum;

    /**
     * @param instructions the machine's retired-instruction counter (read on the feeding thread)
     * @param cpuNanos the CPU time the emulator has used so far, in nanoseconds (read on the feeding thread)
     */
    public BenchTranscript(LongSupplier instructions, LongSupplier cpuNanos) {
        this.instructions = instructions;
        this.cpuNanos = cpuNanos;
    }

    public synchronized void accept(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char ch = (char) (data[i] & 0xFF);
            if (ch == '\n' || ch == '\r') {
                endOfLine();
            } else {
                line.append(ch);
                // The line is complete as soon as its text is: stamp before the newline arrives.
                if (startNanos < 0 && line.length() == START.length() && line.toString().equals(START)) {
                    startNanos = System.nanoTime();
                    startInstructions = instructions.getAsLong();
                    startCpu = cpuNanos.getAsLong();
                } else if (doneNanos < 0 && startNanos >= 0 && line.length() == DONE.length()
                        && line.toString().equals(DONE)) {
                    doneNanos = System.nanoTime();
                    doneInstructions = instructions.getAsLong();
                    doneCpu = cpuNanos.getAsLong();
                    done.countDown();
                }
            }
        }
    }

    public void accept(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        accept(b, 0, b.length);
    }

    private void endOfLine() {
        String text = line.toString().trim();
        line.setLength(0);
        if (checksum == null && startNanos >= 0 && text.startsWith(CHECKSUM)) {
            checksum = text.substring(CHECKSUM.length()).trim();
        }
    }

    /** Waits for "bench: done"; false on timeout. */
    public boolean awaitDone(long timeoutNanos) throws InterruptedException {
        return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    public synchronized boolean started() {
        return startNanos >= 0;
    }

    public synchronized long startNanos() {
        return startNanos;
    }

    public synchronized long doneNanos() {
        return doneNanos;
    }

    /** Instructions retired from "bench: start" to "bench: done". */
    public synchronized long instructions() {
        return doneInstructions - startInstructions;
    }

    /** CPU time the emulator used from "bench: start" to "bench: done", in nanoseconds. */
    public synchronized long cpuNanos() {
        return doneCpu - startCpu;
    }

    /** The checksum's text (e.g. "0xa84e0585"), or null if the guest printed none before the line ended. */
    public synchronized String checksum() {
        return checksum;
    }
}
