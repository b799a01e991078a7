package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitOutputFrom;
import static visor.hv.HypervisorTestSupport.awaitState;
import static visor.hv.HypervisorTestSupport.output;
import static visor.hv.HypervisorTestSupport.words;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A guest that fails is stopped CRASHED with a register dump in the log; the other VMs run on. */
class FailureIsolationTest {
    static final long MIB = 1 << 20;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger exitLog = (Logger) LoggerFactory.getLogger(ExitHandler.class);

    @BeforeEach
    void captureLog() {
        log.start();
        exitLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        exitLog.detachAppender(log);
    }

    @Test
    void loadOutsideItsMemoryCrashesOnlyThatVm() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 * MIB);
            Vm bad = t.vm("bad", words(
                    0xd2a04000, // mov x0, #0x2000000   (32 MiB: beyond its 16 MiB)
                    0xf9400001, // ldr x1, [x0]
                    0x14000000), // b  .
                    16 * MIB);
            t.start();
            awaitState(bad, VmState.CRASHED, 10);
            assertTrue(bad.crashReason().startsWith("data abort outside its memory: IPA 0x2000000"), bad.crashReason());
            String logged = crashLogOf(bad);
            assertTrue(logged.contains("ELR_EL2 0000000000000004"), "dump names the faulting instruction: " + logged);
            assertTrue(logged.contains("X0  0000000002000000"), logged);
            assertTrue(logged.contains("PC  0000000000000004  SP  0000000000100000  PSTATE 000003c5 (EL1h"),
                    "the dump shows the guest's state, not the EL2 vector: " + logged);
            t.hv.stop(bad);
            assertEquals(VmState.STOPPED, bad.state(), "stop on a crashed VM stops it");
            echoStillAnswers(echo);
            t.assertAlive();
        }
    }

    @Test
    void undefinedInstructionLoopAtAnUnprogrammedVectorIsStopped() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 * MIB);
            // UDF #0 at the entry: the UNDEF goes to VBAR_EL1 (0) + 0x200, zeroed RAM, UNDEF again, forever.
            Vm loop = t.vm("loop", words(0x00000000), MIB);
            t.start();
            awaitState(loop, VmState.CRASHED, 10);
            assertTrue(loop.crashReason().startsWith("exception loop: vector 0x200 at EL1"),
                    loop.crashReason());
            assertTrue(crashLogOf(loop).contains("ESR_EL1 02000000"), "EC 0, unknown reason");
            echoStillAnswers(echo);
            t.assertAlive();
        }
    }

    @Test
    void aGuestHandlingItsOwnUndefinedInstructionsIsNotStopped() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            // VBAR_EL1 = 0x800; its current-EL SPx synchronous vector (0xA00) skips the instruction and
            // returns; the main loop executes UDF forever, taking an exception each time.
            byte[] image = new byte[0x1000];
            System.arraycopy(words(
                    0xd2810000, // mov  x0, #0x800
                    0xd518c000, // msr  vbar_el1, x0
                    0xd5033fdf, // isb
                    0x00000000, // 1: udf #0
                    0x17ffffff), // b 1b
                    0, image, 0, 20);
            System.arraycopy(words(
                    0xd5384020, // mrs  x0, elr_el1
                    0x91001000, // add  x0, x0, #4
                    0xd5184020, // msr  elr_el1, x0
                    0x91000694, // add  x20, x20, #1
                    0xd69f03e0), // eret
                    0, image, 0xA00, 20);
            Vm vm = t.vm("handler", image, MIB);
            t.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (vm.stats().instructions() < 50_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(vm.stats().instructions() >= 50_000_000, "ran across five 10 ms quanta");
            assertTrue(vm.vcpu().x[20] > 1_000_000, "its handler ran: " + vm.vcpu().x[20]);
            assertEquals(VmState.RUNNING, vm.state(), vm.crashReason());
        }
    }

    @Test
    void garbageImagesNeverTakeDownTheHypervisor() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 * MIB);
            Random random = new Random(0x5EED);
            Vm[] garbage = new Vm[5];
            for (int i = 0; i < garbage.length; i++) {
                byte[] image = new byte[16 * 1024];
                random.nextBytes(image);
                garbage[i] = t.vm("garbage" + i, image, 4 * MIB);
            }
            t.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (crashed(garbage) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(crashed(garbage) >= 2, "random code soon hits an exit EL2 cannot resolve");
            echoStillAnswers(echo);
            for (Vm vm : garbage) {
                assertTrue(EnumSet.of(VmState.RUNNING, VmState.WAITING, VmState.STOPPED, VmState.CRASHED)
                        .contains(vm.state()), vm.name() + " " + vm.state());
                if (vm.state() == VmState.CRASHED) {
                    assertTrue(!crashLogOf(vm).isEmpty());
                }
            }
            t.assertAlive();
        }
    }

    private static int crashed(Vm[] vms) {
        int n = 0;
        for (Vm vm : vms) {
            n += vm.state() == VmState.CRASHED ? 1 : 0;
        }
        return n;
    }

    /** The crash report logged for {@code vm} (the state changes just before the report is written). */
    private String crashLogOf(Vm vm) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        do {
            for (ILoggingEvent e : List.copyOf(log.list)) {
                String m = e.getFormattedMessage();
                if (m.startsWith("VM " + vm.id() + " (" + vm.name() + ") crashed")) {
                    return m;
                }
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no crash report for " + vm.name() + " in " + log.list);
    }

    private static void echoStillAnswers(Vm echo) throws InterruptedException {
        awaitOutput(echo, "visor echo guest", 20);
        int from = output(echo).length();
        echo.console().type("alive\r".getBytes(StandardCharsets.US_ASCII));
        awaitOutputFrom(echo, from, "alive\r\n> ", 20);
    }
}
