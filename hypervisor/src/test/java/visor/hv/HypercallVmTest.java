package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitState;
import static visor.hv.HypervisorTestSupport.output;
import static visor.hv.HypervisorTestSupport.words;

import org.junit.jupiter.api.Test;

/** The documented HVC interface (docs/architecture.md, "Hypercalls") as a guest at EL1 sees it. */
class HypercallVmTest {
    /** Each call's result lands in x19-x24; then PSCI SYSTEM_OFF. */
    static final byte[] CALLS = words(
            0xd2b08000, // mov  x0, #0x84000000        PSCI_VERSION
            0xd4000002, // hvc  #0
            0xaa0003f3, // mov  x19, x0
            0xd2b0c000, // mov  x0, #0x86000000
            0xf2800040, // movk x0, #0x2               VISOR_VM_ID
            0xd4000002, // hvc  #0
            0xaa0003f4, // mov  x20, x0
            0xd2b0c000, // mov  x0, #0x86000000
            0xf2800060, // movk x0, #0x3               VISOR_PUTC
            0xd2800901, // mov  x1, #'H'
            0xd4000002, // hvc  #0
            0xaa0003f5, // mov  x21, x0
            0xd2b08000, // mov  x0, #0x84000000        PSCI_VERSION through the SMC conduit
            0xd4000003, // smc  #0
            0xaa0003f6, // mov  x22, x0
            0xd2b0c000, // mov  x0, #0x86000000
            0xf2800fe0, // movk x0, #0x7f              not a visor call
            0xd4000002, // hvc  #0
            0xaa0003f7, // mov  x23, x0
            0xd2b08000, // mov  x0, #0x84000000
            0xf2800140, // movk x0, #0xa               PSCI_FEATURES
            0xd2b08001, // mov  x1, #0x84000000
            0xf2800121, // movk x1, #0x9               (of SYSTEM_RESET)
            0xd4000002, // hvc  #0
            0xaa0003f8, // mov  x24, x0
            0xd2b08000, // mov  x0, #0x84000000
            0xf2800100, // movk x0, #0x8               PSCI_SYSTEM_OFF
            0xd4000002, // hvc  #0
            0x14000000); // b   .

    /** Prints 'R'; if its RAM flag at 0x1000 is clear, sets it and asks for SYSTEM_RESET, else prints 'X'. */
    static final byte[] RESETS = words(
            0xd2b0c000, // mov  x0, #0x86000000
            0xf2800060, // movk x0, #0x3               VISOR_PUTC
            0xd2800a41, // mov  x1, #'R'
            0xd4000002, // hvc  #0
            0xd2820002, // mov  x2, #0x1000
            0xb9400043, // ldr  w3, [x2]
            0x350000a3, // cbnz w3, 1f
            0xb9000041, // str  w1, [x2]
            0xd2b08000, // mov  x0, #0x84000000
            0xf2800120, // movk x0, #0x9               PSCI_SYSTEM_RESET
            0xd4000002, // hvc  #0
            0xd2b0c000, // 1: mov x0, #0x86000000
            0xf2800060, // movk x0, #0x3
            0xd2800b01, // mov  x1, #'X'
            0xd4000002, // hvc  #0
            0x14000000); // b   .

    @Test
    void callsAnswerAsDocumentedAndSystemOffStopsTheVm() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm other = t.vm("first", words(0x14000000), 1 << 20);
            Vm vm = t.vm("calls", CALLS, 1 << 20);
            t.start();
            awaitState(vm, VmState.STOPPED, 10);
            long[] x = vm.vcpu().x;
            assertEquals(Hypercalls.INTERFACE_VERSION, x[19], "PSCI 1.0");
            assertEquals(vm.id(), x[20]);
            assertEquals(2, vm.id(), "ids count from 1 in creation order");
            assertEquals("H", output(vm));
            assertEquals(0, x[21], "VISOR_PUTC returns 0");
            assertEquals(0x1_0000, x[22], "SMC #0 is the same interface");
            assertEquals(Hypercalls.NOT_SUPPORTED, x[23]);
            assertEquals(0, x[24], "SYSTEM_RESET is implemented");
            assertEquals(7, vm.stats().hvc(), "six HVCs and one SMC");
            assertEquals(VmState.RUNNING, other.state(), "only the caller is powered off");
            t.assertAlive();
        }
    }

    @Test
    void systemResetRebootsFromAFreshImage() throws Exception {
        try (HypervisorTestSupport t = new HypervisorTestSupport()) {
            Vm vm = t.vm("resets", RESETS, 1 << 20);
            t.start();
            awaitOutput(vm, "RRR", 10);
            assertTrue(!output(vm).contains("X"), "RAM is fresh after each reset: " + output(vm));
            assertTrue(vm.state().schedulable(), vm.state().toString());
        }
    }
}
