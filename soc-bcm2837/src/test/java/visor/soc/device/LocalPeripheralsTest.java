package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.LocalPeripherals.*;

import org.junit.jupiter.api.Test;

class LocalPeripheralsTest {
    private final FakeClock clock = new FakeClock();
    private final LocalPeripherals local = new LocalPeripherals(clock);
    private final boolean[] irq = new boolean[4], fiq = new boolean[4];

    LocalPeripheralsTest() {
        local.setCoreLines((c, i, f) -> {
            irq[c] = i;
            fiq[c] = f;
        });
    }

    private long rd(int off) {
        return local.read(off, 4);
    }

    private void wr(int off, long v) {
        local.write(off, 4, v);
    }

    @Test
    void gpuInterruptGoesToTheRoutedCore() {
        local.setGpu(true, false);
        assertTrue(irq[0]);
        assertEquals(SRC_GPU, rd(CORE0_IRQ_SOURCE));
        wr(GPU_INTERRUPT_ROUTING, 2); // IRQ to core 2
        assertFalse(irq[0]);
        assertTrue(irq[2]);
        assertEquals(SRC_GPU, rd(CORE0_IRQ_SOURCE + 8));
        wr(GPU_INTERRUPT_ROUTING, 2 | (3 << 2)); // FIQ to core 3
        local.setGpu(false, true);
        assertFalse(irq[2]);
        assertTrue(fiq[3]);
        assertEquals(SRC_GPU, rd(CORE0_FIQ_SOURCE + 12));
    }

    @Test
    void timerOutputsFollowTheCoreTimerInterruptControl() {
        local.setTimerOutputs(1, 1 << 1); // CNTPNS
        assertFalse(irq[1]);
        wr(CORE0_TIMER_INTERRUPT_CONTROL + 4, 1 << 1);
        assertTrue(irq[1]);
        assertEquals(1 << 1, rd(CORE0_IRQ_SOURCE + 4));
        assertTrue(local.timerDriven(1));
        // The FIQ bit overrides the IRQ bit.
        wr(CORE0_TIMER_INTERRUPT_CONTROL + 4, (1 << 1) | (1 << 5));
        assertFalse(irq[1]);
        assertTrue(fiq[1]);
        assertEquals(1 << 1, rd(CORE0_FIQ_SOURCE + 4));
        local.setTimerOutputs(1, 0);
        assertFalse(fiq[1]);
        assertFalse(local.timerDriven(1));
    }

    @Test
    void mailboxesAreWriteSetReadWriteClearAndInterrupt() {
        wr(CORE0_MAILBOX0_SET + 16 * 2 + 4 * 3, 0x5); // core 2 mailbox 3
        wr(CORE0_MAILBOX0_SET + 16 * 2 + 4 * 3, 0x30);
        assertEquals(0x35, rd(CORE0_MAILBOX0_CLEAR + 16 * 2 + 4 * 3));
        assertFalse(irq[2]);
        wr(CORE0_MAILBOX_INTERRUPT_CONTROL + 8, 1 << 3);
        assertTrue(irq[2]);
        assertEquals(SRC_MAILBOX0 << 3, rd(CORE0_IRQ_SOURCE + 8));
        wr(CORE0_MAILBOX0_CLEAR + 16 * 2 + 4 * 3, 0x31);
        assertEquals(0x04, rd(CORE0_MAILBOX0_CLEAR + 16 * 2 + 4 * 3));
        assertTrue(irq[2]);
        wr(CORE0_MAILBOX0_CLEAR + 16 * 2 + 4 * 3, 0xFFFF_FFFFL);
        assertFalse(irq[2]);
    }

    @Test
    void localTimerCountsDownAt38400kHzReloadsAndRoutes() {
        wr(LOCAL_INTERRUPT_ROUTING, 1); // IRQ core 1
        wr(LOCAL_TIMER_CONTROL, LT_ENABLE | LT_INTERRUPT_ENABLE | 384_000); // 10 ms
        assertEquals(10_000_000, local.nextDeadlineNanos());
        clock.now = 9_999_999;
        local.update();
        assertFalse(irq[1]);
        clock.now = 10_000_000;
        local.update();
        assertTrue(irq[1]);
        assertEquals(SRC_LOCAL_TIMER, rd(CORE0_IRQ_SOURCE + 4));
        assertEquals((LT_INTERRUPT_FLAG | LT_ENABLE | LT_INTERRUPT_ENABLE | 384_000) & 0xFFFF_FFFFL, rd(LOCAL_TIMER_CONTROL));
        assertEquals(20_000_000, local.nextDeadlineNanos());
        wr(LOCAL_TIMER_CLEAR_RELOAD, LT_CLEAR);
        assertFalse(irq[1]);
        clock.now = 15_000_000;
        wr(LOCAL_TIMER_CLEAR_RELOAD, LT_RELOAD);
        assertEquals(25_000_000, local.nextDeadlineNanos());
        wr(LOCAL_INTERRUPT_ROUTING, 4 + 2); // FIQ core 2
        clock.now = 25_000_000;
        local.update();
        assertTrue(fiq[2]);
        assertEquals(SRC_LOCAL_TIMER, rd(CORE0_FIQ_SOURCE + 8));
    }

    @Test
    void coreTimerReadsThe19200kHzCounter() {
        clock.now = 1_000_000_000L;
        assertEquals(19_200_000, rd(CORE_TIMER_LS));
        assertEquals(0, rd(CORE_TIMER_MS));
    }
}
