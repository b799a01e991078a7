package visor.cli.console;

import visor.soc.console.ConsoleChannel;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What happens when piped input ends while a guest still has some of it to read: wait until the guest took
 * every queued byte and then until its output pauses, since a byte leaves the queue for the UART's receive
 * FIFO before the guest reads it and answers. Queued bytes cross the serial line at its baud rate (a
 * character stays queued until its stop bit is in), so a large paste takes a while: the wait goes on as
 * long as the guest keeps taking input.
 */
public final class InputDrain {
    /** Output silence after the last input that counts as "the guest has answered". */
    static final Duration QUIET = Duration.ofMillis(300);

    private InputDrain() {
    }

    /**
     * @param outputCount bytes the guest has written so far, to tell when it has gone quiet
     * @param limit how long the guest may take no input byte, and then how long the wait for its output to
     *              pause may take (a guest that prints forever never goes quiet)
     */
    public static void await(ConsoleChannel input, LongSupplier outputCount, Duration limit) throws InterruptedException {
        int pending = input.pendingInput();
        long lastTaken = System.nanoTime();
        while (pending > 0 && System.nanoTime() - lastTaken < limit.toNanos()) {
            Thread.sleep(10);
            int now = input.pendingInput();
            if (now < pending) {
                lastTaken = System.nanoTime();
            }
            pending = now;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        long last = outputCount.getAsLong();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET.toNanos()) {
            Thread.sleep(20);
            long now = outputCount.getAsLong();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }
}
