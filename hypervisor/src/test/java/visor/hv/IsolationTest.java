package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitState;
import static visor.hv.HypervisorTestSupport.output;
import static visor.hv.HypervisorTestSupport.words;

import org.junit.jupiter.api.Test;

/** What one VM leaves behind is never visible to another, and EL2 answers the traps it sets sensibly. */
class IsolationTest {
    static final long MIB = 1 << 20;

    @Test
    void pagesOfAResetVmReachTheNextVmZeroed() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm first = t.vm("first", "guests/hostile/hostile.bin", 0, 0x100000, 8 * MIB);
            t.start();
            awaitOutput(first, "hostile: ram ok", 30);
            long pages = first.stats().pages();
            assertTrue(pages >= 8 * MIB / 4096 - 256, "it filled its RAM with its pattern: " + pages + " pages");
            t.hv.stop(first);
            t.hv.reset(first); // returns every page to the pool, then boots again
            Vm second = t.vm("second", "guests/hostile/hostile.bin", 0, 0x100000, 8 * MIB);
            awaitOutput(second, "hostile: ram ok", 30);
            String out = output(second);
            assertFalse(out.contains("FAIL"), "recycled pages carry no data: " + out);
            awaitOutput(second, "hostile: probing beyond ram", 30);
            awaitState(second, VmState.CRASHED, 10);
            t.assertAlive();
        }
    }

    /** ACTLR_EL1 (HCR_EL2.TACR) and set/way maintenance (HCR_EL2.TSW) trap; EL2 answers as KVM does. */
    @Test
    void trappedSystemRegistersAnswerSensibly() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm vm = t.vm("sysregs", words(
                    0xd5381033, // mrs  x19, actlr_el1
                    0xd5181021, // msr  actlr_el1, x1
                    0xd5087640, // dc   isw, x0
                    0xd5087e40, // dc   cisw, x0
                    0xd2b08000, // mov  x0, #0x84000000
                    0xf2800100, // movk x0, #0x8          PSCI_SYSTEM_OFF
                    0xd4000002, // hvc  #0
                    0x14000000), // b   .
                    MIB);
            vm.vcpu().x[19] = -1;
            t.start();
            awaitState(vm, VmState.STOPPED, 10);
            assertEquals(0, vm.vcpu().x[19], "ACTLR_EL1 reads as zero");
            assertEquals(4, vm.stats().sysreg(), "each access trapped once and was skipped");
        }
    }
}
