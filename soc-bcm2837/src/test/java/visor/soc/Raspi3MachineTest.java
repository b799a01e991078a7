package visor.soc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import visor.cpu.Cpu;
import visor.mmu.PhysicalMemory;
import visor.soc.device.ClockManager;
import visor.soc.device.MiniUart;
import visor.soc.device.Pl011;
import visor.soc.device.PowerManagement;

@Timeout(30)
class Raspi3MachineTest {
    private static final int B_SELF = 0x1400_0000; // b .
    private static final long ST = Raspi3Machine.SYSTEM_TIMER;
    private static final long IC = Raspi3Machine.INTERRUPT_CONTROLLER;

    @TempDir
    Path dir;

    private static byte[] words(int... w) {
        byte[] b = new byte[w.length * 4];
        for (int i = 0; i < w.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[i * 4 + k] = (byte) (w[i] >>> (8 * k));
            }
        }
        return b;
    }

    private static Raspi3Machine machine(ClockMode mode) throws IOException {
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults().withClock(mode).withRngSeed(7));
        m.loadKernel(words(B_SELF, 0xDEAD_BEEF));
        return m;
    }

    private static Thread start(Raspi3Machine m) {
        Thread t = new Thread(m::run, "machine");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(5);
        }
    }

    private static void stop(Raspi3Machine m, Thread t) throws InterruptedException {
        m.stop();
        t.join(5000);
        assertFalse(t.isAlive(), "run() returned after stop()");
    }

    @Test
    void branchOnlyKernelRunsAndVirtualTimeFollowsInstructions() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        assertEquals(0x80000, m.core(0).pc);
        assertEquals(2, m.core(0).el);
        Thread t = start(m);
        await(() -> m.instructions() > 2_000_000);
        stop(m, t);
        long n = m.instructions();
        assertEquals(n / 1000, m.memory().read(ST + 4, 4)); // CLO in microseconds at 1 ns per instruction
        assertEquals(0x80000, m.core(0).pc);
        assertFalse(m.started(1));
    }

    @Test
    void peripheralWindowIsFullyDecoded() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        PhysicalMemory mem = m.memory();
        assertEquals(0, mem.read(0x3F00_B400L, 4)); // ARM timer: reserved
        assertEquals(0, mem.read(0x3FFF_FFFCL, 4));
        assertEquals(0, mem.read(0x4000_0100L, 4));
        assertTrue(mem.isMmio(0x3F00_0000L) && mem.isMmio(0x4003_FFFCL));
        assertEquals(0x4000_0000L, mem.read(Raspi3Machine.MAILBOX + 0x18, 4)); // empty
        assertEquals(0x9902, mem.read(Raspi3Machine.EMMC + 0xFC, 4) >>> 16);
        assertEquals(0x3F00_0000L, mem.ramSize());
    }

    /** Linux's clk-bcm2835 polls CM_LOCK after taking each PLL out of reset (bcm2835_pll_on). */
    @Test
    void clockManagerReportsTheFirmwaresPllsLocked() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        long lock = m.memory().read(Raspi3Machine.CPRMAN + ClockManager.CM_LOCK, 4);
        for (ClockManager.Pll pll : new ClockManager.Pll[] {ClockManager.Pll.A, ClockManager.Pll.C,
                ClockManager.Pll.D, ClockManager.Pll.H}) {
            assertTrue((lock & pll.lockBit) != 0, pll + " locked");
        }
        assertEquals(0x296, m.memory().read(Raspi3Machine.CPRMAN + ClockManager.CM_UARTCTL, 4),
                "UART clock enabled (busy) from PLLD_PER");
    }

    @Test
    void linuxBootEntersTheImageWithTheDeviceTreeAddressInX0() throws Exception {
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults().withClock(ClockMode.VIRTUAL));
        byte[] image = new byte[4096];
        System.arraycopy(words(B_SELF, 0, 0, 0, 0x20_0000, 0, 0xA, 0, 0, 0, 0, 0, 0, 0, 0x644D_5241), 0, image, 0, 60);
        visor.soc.boot.DeviceTree dt = visor.soc.boot.DeviceTree.empty();
        dt.nodeOrCreate("/chosen");
        m.loadLinux(image, dt.toBytes(), "console=ttyAMA0", null);
        Cpu c0 = m.core(0);
        assertEquals(0x20_0000, c0.pc, "text_offset 0: 2 MiB");
        assertEquals(2, c0.el);
        long dtb = c0.x[0];
        assertTrue(dtb != 0 && dtb % 8 == 0 && dtb < 512L << 20);
        assertEquals(0xD00D_FEEDL, Long.reverseBytes(m.memory().read(dtb, 4)) >>> 32, "the DTB's magic at x0");
        byte[] blob = new byte[(int) (Long.reverseBytes(m.memory().read(dtb + 4, 4)) >>> 32)];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) m.memory().read(dtb + i, 1);
        }
        assertEquals("console=ttyAMA0", visor.soc.boot.DeviceTree.parse(blob).node("/chosen").string("bootargs"));
        assertEquals(0, c0.x[1]);
        assertEquals(0, m.core(1).x[0], "secondaries wait on the spin table");
        assertEquals(Pl011.CR_UARTEN | Pl011.CR_TXE | Pl011.CR_RXE, m.pl011().read(Pl011.CR, 4), "PL011 ready for earlycon");
    }

    @Test
    void spinTableReleasesAParkedCoreAtEl2() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        m.memory().load(0x90000, words(B_SELF));
        m.core(1).x[0] = 99;
        m.memory().write(Raspi3Machine.SPIN_TABLE + 8, 8, 0x90000);
        Thread t = start(m);
        await(() -> m.core(1).instret > 1000);
        stop(m, t);
        assertTrue(m.started(1));
        assertFalse(m.started(2));
        assertEquals(0x90000, m.core(1).pc);
        assertEquals(2, m.core(1).el);
        assertEquals(0, m.core(1).x[0]);
    }

    @Test
    void systemTimerMatchReachesCoreZeroThroughBothControllers() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        PhysicalMemory mem = m.memory();
        mem.write(IC + 0x210, 4, 1 << 1);
        mem.write(ST + 0x10, 4, 500); // C1 = 500 us
        Thread t = start(m);
        await(() -> m.instructions() > 1_000_000);
        stop(m, t);
        assertTrue(m.core(0).irqLine()); // PSTATE.I is set at reset, so it stays pending
        assertEquals(1 << 8, mem.read(0x4000_0060L, 4));
        assertEquals(1 << 1, mem.read(IC + 0x204, 4));
        mem.write(ST, 4, 1 << 1);
        assertFalse(m.core(0).irqLine());
        mem.write(0x4000_000CL, 4, 1); // GPU IRQ to core 1
        mem.write(ST + 0x10, 4, mem.read(ST + 4, 4) + 1);
        Thread t2 = start(m);
        await(() -> m.memory().read(ST, 4) != 0);
        stop(m, t2);
        assertFalse(m.core(0).irqLine());
        assertTrue(m.core(1).irqLine());
    }

    @Test
    void idleMachineSleepsUntilConsoleInputWakesTheCore() throws Exception {
        Raspi3Machine m = machine(ClockMode.REALTIME);
        PhysicalMemory mem = m.memory();
        mem.write(Raspi3Machine.AUX + MiniUart.AUX_ENABLES, 4, 1);
        mem.write(Raspi3Machine.AUX + MiniUart.MU_IER, 4, MiniUart.IER_RX);
        mem.write(IC + 0x210, 4, 1 << 29);
        m.core(0).waitForInterrupt();
        Thread t = start(m);
        Thread.sleep(300);
        assertEquals(0, m.instructions());
        Thread.State s = t.getState();
        assertTrue(s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING, "machine thread sleeps: " + s);
        m.miniUartConsole().type("x".getBytes());
        await(() -> m.instructions() > 0);
        stop(m, t);
        assertTrue(m.core(0).irqLine());
        assertEquals('x', mem.read(Raspi3Machine.AUX + MiniUart.MU_IO, 4));
    }

    @Test
    void watchdogResetReloadsTheKernelAndKeepsRam() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        PhysicalMemory mem = m.memory();
        long pm = Raspi3Machine.POWER_MANAGEMENT;
        mem.write(0x80004, 4, 0);
        mem.write(0x200000, 8, 0x1234_5678_9ABCL);
        mem.write(pm + PowerManagement.PM_WDOG, 4, PowerManagement.PASSWORD | 10);
        mem.write(pm + PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | PowerManagement.RSTC_WRCFG_FULL_RESET);
        Thread t = start(m);
        await(() -> m.resets() == 1 && m.instructions() > 400_000);
        stop(m, t);
        assertEquals(0xDEAD_BEEFL, mem.read(0x80004, 4));
        assertEquals(0x1234_5678_9ABCL, mem.read(0x200000, 8));
        assertEquals(PowerManagement.RSTS_HADWRF, mem.read(pm + PowerManagement.PM_RSTS, 4));
        assertEquals(1, m.resets());
    }

    @Test
    void powerOffThroughTheHaltPartitionEndsRun() throws Exception {
        Raspi3Machine m = machine(ClockMode.VIRTUAL);
        PhysicalMemory mem = m.memory();
        long pm = Raspi3Machine.POWER_MANAGEMENT;
        mem.write(pm + PowerManagement.PM_RSTS, 4, PowerManagement.PASSWORD | PowerManagement.RSTS_PARTITION_HALT);
        mem.write(pm + PowerManagement.PM_WDOG, 4, PowerManagement.PASSWORD | 10);
        mem.write(pm + PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | PowerManagement.RSTC_WRCFG_FULL_RESET);
        Thread t = start(m);
        t.join(10_000);
        assertFalse(t.isAlive());
        assertTrue(m.halted());
        assertEquals(0, m.resets());
    }

    @Test
    void missingSdCardImageFailsConstructionWithItsPath() {
        Path missing = dir.resolve("missing-card.img");
        IOException e = assertThrows(NoSuchFileException.class,
                () -> new Raspi3Machine(MachineConfig.defaults().withSdCard(missing)));
        assertTrue(e.getMessage().contains("missing-card.img"));
    }

    @Test
    void configValidatesCores() {
        assertThrows(IllegalArgumentException.class, () -> MachineConfig.defaults().withCores(5));
        assertEquals(1L << 30, MachineConfig.defaults().ramBytes());
        assertEquals(4, MachineConfig.defaults().cores());
    }

    @Test
    void kernelOldStartsEveryCoreAtEl3AtZero() throws IOException {
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults().withClock(ClockMode.VIRTUAL));
        m.load(new visor.soc.boot.LinuxBoot(words(B_SELF), 0, null, 0, null, 0), true);
        for (int i = 0; i < 4; i++) {
            assertTrue(m.started(i), "core " + i + " released without a spin table");
            assertEquals(3, m.core(i).el);
            assertEquals(0, m.core(i).pc);
            assertTrue(m.core(i).hasEl3);
        }
        m.loadKernel(words(B_SELF));
        assertEquals(2, m.core(0).el, "a plain image boots at EL2 as before");
        assertFalse(m.core(0).hasEl3);
        assertFalse(m.started(1));
    }

    @Test
    void kernelAddressOverTheSpinTableIsRefusedWithFourCores() throws IOException {
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.loadKernel(new byte[0x100], 0));
        assertTrue(e.getMessage().contains("covers the spin table"), e.getMessage());
        m.loadKernel(words(B_SELF), 0x20_0000);
        assertEquals(0x20_0000, m.core(0).pc);
    }

    @Test
    void coreFreqFixesTheCoreClockAndTheMiniUartDivisor() throws IOException {
        Raspi3Machine m = new Raspi3Machine(MachineConfig.defaults());
        m.setFirmwareOptions(true, 250_000_000);
        m.loadKernel(words(B_SELF));
        assertEquals(270, m.miniUart().read(MiniUart.MU_BAUD, 4), "250e6 / (8 * 115200) - 1");
        m.setFirmwareOptions(true, 400_000_000);
        m.loadKernel(words(B_SELF));
        assertEquals(433, m.miniUart().read(MiniUart.MU_BAUD, 4));
    }
}
