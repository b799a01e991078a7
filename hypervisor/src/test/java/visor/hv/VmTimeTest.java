package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.words;

import org.junit.jupiter.api.Test;
import visor.cpu.Clock;

/** A VM's clock stops while it is descheduled (design.md §3: its system timer and CNTVOFF_EL2). */
class VmTimeTest {
    private long host;
    private final VmTime time = new VmTime(() -> host);

    @Test
    void runsWithTheHostUntilFrozen() {
        host = 1_000;
        assertEquals(1_000, time.nanos());
        time.freeze();
        host = 5_000;
        assertEquals(1_000, time.nanos(), "stopped while descheduled");
        time.thaw();
        assertEquals(1_000, time.nanos(), "resumes where it stopped");
        host = 6_000;
        assertEquals(2_000, time.nanos());
        assertEquals(Clock.counterTicks(4_000), time.cntvoff(), "CNTVOFF_EL2 is the time lost, in counter ticks");
        assertEquals(9_000, time.hostNanosFor(5_000), "a VM deadline maps to host time past the lost time");
    }

    @Test
    void freezeAndThawAreIdempotent() {
        host = 100;
        time.freeze();
        host = 200;
        time.freeze();
        host = 300;
        time.thaw();
        time.thaw();
        assertEquals(100, time.nanos());
        assertEquals(0, new VmTime(() -> 0).cntvoff());
    }

    /** Busy: 1000 iterations, then the system timer's CLO into x21 (its own view of its time), forever. */
    static final byte[] READ_CLO = words(
            0xd2a7e000, // mov  x0, #0x3f000000
            0xf2860080, // movk x0, #0x3004          CLO
            0xd2807d01, // 1: mov x1, #1000
            0xf1000421, // 2: subs x1, x1, #1
            0x54ffffe1, // b.ne 2b
            0xb9400015, // ldr  w21, [x0]
            0x17fffffc); // b   1b

    @Test
    void twoBusyVmsEachSeeAboutHalfOfHostTime() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm a = t.vm("a", READ_CLO, 1 << 20);
            Vm b = t.vm("b", READ_CLO, 1 << 20);
            t.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (t.machine.clock().nanos() < 200_000_000L && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long seenA = a.vcpu().x[21];
            long seenB = b.vcpu().x[21];
            long hostMicros = t.machine.clock().nanos() / 1_000;
            assertTrue(hostMicros >= 200_000, "host time " + hostMicros);
            for (long seen : new long[] {seenA, seenB}) {
                assertTrue(seen > hostMicros * 35 / 100 && seen < hostMicros * 65 / 100,
                        "VM saw " + seen + " us of " + hostMicros + " us host time");
            }
            assertTrue(seenA + seenB <= hostMicros, "together they never see more than host time");
        }
    }
}
