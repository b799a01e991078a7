package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.InterruptController.*;

import org.junit.jupiter.api.Test;

class InterruptControllerTest {
    private final InterruptController ic = new InterruptController();

    private long rd(int off) {
        return ic.read(off, 4);
    }

    private void wr(int off, long v) {
        ic.write(off, 4, v);
    }

    @Test
    void pendingShowsAssertedAndEnabledSources() {
        ic.setGpu(1, true);
        ic.setGpu(57, true);
        assertEquals(0, rd(IRQ_PENDING_1));
        assertFalse(ic.irq());
        wr(ENABLE_IRQS_1, 1 << 1);
        assertEquals(1 << 1, rd(IRQ_PENDING_1));
        assertEquals(1 << 8, rd(IRQ_BASIC_PENDING));
        assertTrue(ic.irq());
        wr(ENABLE_IRQS_2, 1 << (57 - 32));
        assertEquals(1 << 25, rd(IRQ_PENDING_2));
        // 57 is a basic shortcut (bit 19) and sets the "pending 2" summary bit 9.
        assertEquals((1 << 8) | (1 << 9) | (1 << 19), rd(IRQ_BASIC_PENDING));
    }

    @Test
    void enableAndDisableAreSetAndClearOnly() {
        wr(ENABLE_IRQS_1, 0b1010);
        wr(ENABLE_IRQS_1, 0b0100);
        assertEquals(0b1110, rd(ENABLE_IRQS_1));
        wr(DISABLE_IRQS_1, 0b0010);
        assertEquals(0b1100, rd(ENABLE_IRQS_1));
        ic.setGpu(3, true);
        assertTrue(ic.irq());
        wr(DISABLE_IRQS_1, 1 << 3);
        assertFalse(ic.irq());
        ic.setGpu(3, false);
        wr(ENABLE_BASIC_IRQS, 1 << ARM_IRQ_MAILBOX);
        ic.setArm(ARM_IRQ_MAILBOX, true);
        assertEquals(1 << ARM_IRQ_MAILBOX, rd(IRQ_BASIC_PENDING));
        assertTrue(ic.irq());
        wr(DISABLE_BASIC_IRQS, 1 << ARM_IRQ_MAILBOX);
        assertFalse(ic.irq());
    }

    @Test
    void basicShortcutBitsForEachDuplicatedIrq() {
        int[] dups = {7, 9, 10, 18, 19, 53, 54, 55, 56, 57, 62};
        wr(ENABLE_IRQS_1, 0xFFFF_FFFFL);
        wr(ENABLE_IRQS_2, 0xFFFF_FFFFL);
        for (int i = 0; i < dups.length; i++) {
            ic.setGpu(dups[i], true);
            long basic = rd(IRQ_BASIC_PENDING);
            assertEquals(1L << (10 + i), basic & (1L << (10 + i)), "IRQ " + dups[i]);
            ic.setGpu(dups[i], false);
        }
        assertEquals(0, rd(IRQ_BASIC_PENDING));
    }

    @Test
    void fiqSelectsOneSourceRegardlessOfIrqEnables() {
        int[] changes = {0};
        ic.setOutputListener(() -> changes[0]++);
        wr(FIQ_CONTROL, FIQ_ENABLE | 29);
        assertEquals(FIQ_ENABLE | 29, rd(FIQ_CONTROL));
        ic.setGpu(29, true);
        assertTrue(ic.fiq());
        assertFalse(ic.irq());
        ic.setGpu(29, false);
        assertFalse(ic.fiq());
        wr(FIQ_CONTROL, FIQ_ENABLE | (FIQ_ARM_BASE + 1));
        ic.setArm(1, true);
        assertTrue(ic.fiq());
        assertEquals(3, changes[0]);
    }
}
