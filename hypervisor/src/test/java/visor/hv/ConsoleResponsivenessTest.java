package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitOutputFrom;
import static visor.hv.HypervisorTestSupport.output;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import visor.soc.ClockMode;

/**
 * Whatever a guest does (an exception loop, spinning with DAIF masked, flooding its UART), the commands the
 * console sends to the machine thread (vml, info, stop) are answered within 100 ms of wall time and the
 * other VMs keep printing. The hostile guests are ours (guests/faultloop, daifspin, uartflood).
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
            for (int i = 0; i < COMMANDS; i++) {
                long start = System.nanoTime();
                String dump = t.hv.onMachineThread(bad::registerDump);
                nanos[i] = System.nanoTime() - start;
                assertTrue(dump.startsWith("PC "), dump);
                Thread.sleep(7);
            }
            if (hostile.equals("faultloop")) {
                assertEquals(VmState.CRASHED, bad.state(), "the exception loop crashed it");
                assertTrue(bad.crashReason().startsWith("exception loop: vector 0x1200 at EL1"), bad.crashReason());
            }
            long start = System.nanoTime();
            t.hv.stop(bad);
            long stopNanos = System.nanoTime() - start;
            awaitOutputFrom(lrtos, printed, "abcde", 10);
            Arrays.sort(nanos);
            System.out.printf("%s: info answered in median %.1f ms, max %.1f ms; stop in %.1f ms%n", hostile,
                    nanos[COMMANDS / 2] / 1e6, nanos[COMMANDS - 1] / 1e6, stopNanos / 1e6);
            assertTrue(nanos[COMMANDS - 1] < ANSWER_NANOS, "slowest answer " + nanos[COMMANDS - 1] / 1e6 + " ms");
            assertTrue(stopNanos < ANSWER_NANOS, "stop took " + stopNanos / 1e6 + " ms");
            assertEquals(VmState.STOPPED, bad.state());
            awaitOutputFrom(lrtos, output(lrtos).length(), "12345", 10);
            t.assertAlive();
        }
    }
}
