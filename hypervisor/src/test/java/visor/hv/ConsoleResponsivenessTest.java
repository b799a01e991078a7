package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitOutputFrom;
import static visor.hv.HypervisorTestSupport.output;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import visor.soc.ClockMode;

/**
 * Whatever a guest does (an exception loop, spinning with DAIF masked, flooding its UART), the commands the
 * console sends to the machine thread (vml, info, stop) are answered within 100 ms and the other VMs keep
 * printing. The 100 ms are wall time less what a loaded host took from the machine thread (run-queue wait,
 * collection pauses; see {@link StolenTime}): the hypervisor's own delay, which is what it controls. The hostile guests are ours (guests/faultloop, daifspin, uartflood).
 */
class ConsoleResponsivenessTest {
    static final long MIB = 1 << 20;
    static final long ANSWER_NANOS = 100_000_000L;
    static final int COMMANDS = 20;

    @ParameterizedTest
    @ValueSource(strings = {"faultloop", "daifspin", "uartflood"})
    void commandsAreAnsweredWhileAHostileGuestRuns(String hostile) throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport(ClockMode.REALTIME, UnaryOperator.identity())) {
            Vm lrtos = t.vm("lrtos", "guests/lrtos/lrtos.bin", 0, 0x100000, 16 * MIB);
            Vm bad = t.vm(hostile, "guests/" + hostile + "/" + hostile + ".bin", 0, 0x100000, 16 * MIB);
            t.start();
            if (!hostile.equals("uartflood")) {
                awaitOutput(bad, hostile + ": ", 10);
            }
            awaitOutput(lrtos, "12345", 10);
            int printed = output(lrtos).length();
            long[] nanos = new long[COMMANDS];
            long[] wallNanos = new long[COMMANDS];
            for (int i = 0; i < COMMANDS; i++) {
                Answer<String> info = answer(t.hv, bad::registerDump);
                nanos[i] = info.nanos();
                wallNanos[i] = info.wallNanos();
                assertTrue(info.result().startsWith("PC "), info.result());
                Thread.sleep(7);
            }
            if (hostile.equals("faultloop")) {
                assertEquals(VmState.CRASHED, bad.state(), "the exception loop crashed it");
                assertTrue(bad.crashReason().startsWith("exception loop: vector 0x1200 at EL1"), bad.crashReason());
            }
            // hv.stop runs inline on the machine thread: this is the one command, as the console sends it.
            Answer<Object> stop = answer(t.hv, () -> {
                t.hv.stop(bad);
                return null;
            });
            long stopNanos = stop.nanos();
            long stopWallNanos = stop.wallNanos();
            awaitOutputFrom(lrtos, printed, "abcde", 10);
            Arrays.sort(nanos);
            Arrays.sort(wallNanos);
            System.out.printf("%s: info answered in median %.1f ms, max %.1f ms (wall max %.1f ms); stop in %.1f ms"
                    + " (wall %.1f ms)%n", hostile, nanos[COMMANDS / 2] / 1e6, nanos[COMMANDS - 1] / 1e6,
                    wallNanos[COMMANDS - 1] / 1e6, stopNanos / 1e6, stopWallNanos / 1e6);
            assertTrue(nanos[COMMANDS - 1] < ANSWER_NANOS, "slowest answer " + nanos[COMMANDS - 1] / 1e6 + " ms");
            assertTrue(stopNanos < ANSWER_NANOS, "stop took " + stopNanos / 1e6 + " ms");
            assertEquals(VmState.STOPPED, bad.state());
            awaitOutputFrom(lrtos, output(lrtos).length(), "12345", 10);
            t.assertAlive();
        }
    }

    /** A command's result; its time from sending to done on the machine thread, whole and less what was stolen. */
    record Answer<T>(T result, long wallNanos, long nanos) {
    }

    /**
     * Runs {@code command} as the console does and times it until it is done on the machine thread, also
     * less what the host took from that thread meanwhile (run-queue wait, collection pauses): the caller
     * only blocks, and the machine thread of these guests allocates nothing, so what remains is the
     * hypervisor's own delay. The end is read on the machine thread, where its schedstat is current.
     */
    private static <T> Answer<T> answer(Hypervisor hv, Supplier<T> command) {
        long stolen = HypervisorTestSupport.stolen();
        long start = System.nanoTime();
        Object[] done = hv.onMachineThread(() -> {
            T result = command.get();
            return new Object[] {result, System.nanoTime(), HypervisorTestSupport.stolen()};
        });
        @SuppressWarnings("unchecked")
        T result = (T) done[0];
        long wall = (long) done[1] - start;
        return new Answer<>(result, wall, Math.max(0, wall - ((long) done[2] - stolen)));
    }
}
