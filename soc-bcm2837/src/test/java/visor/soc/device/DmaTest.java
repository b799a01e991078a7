package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.Dma.*;

import org.junit.jupiter.api.Test;
import visor.mmu.PhysicalMemory;

/** The DMA controller running control-block chains as Linux's bcm2835-dma writes them. */
class DmaTest {
    private final PhysicalMemory memory = new PhysicalMemory(1 << 20);
    private final boolean[] irq = new boolean[CHANNELS];
    private final Dma dma = new Dma(memory, n -> level -> irq[n] = level);

    private void controlBlock(long at, int ti, long src, long dst, int length, int stride, long next) {
        long[] words = {ti, src, dst, length, stride, next};
        for (int i = 0; i < words.length; i++) {
            memory.write(at + 4L * i, 4, words[i] & 0xFFFF_FFFFL);
        }
    }

    private int reg(int channel, int offset) {
        return (int) dma.read(channel * CHANNEL_STRIDE + offset, 4);
    }

    @Test
    void aChainCopiesMemoryIn1dAnd2dAndInterruptsAtTheEnd() {
        for (int i = 0; i < 64; i++) {
            memory.write(0x4000 + i, 1, i + 1);
        }
        // Block 1: 16 bytes, bus addresses in the 0xC0000000 alias. Block 2: 2D, 3 rows of 4 bytes,
        // source rows 8 bytes apart (stride 4 after each row), destination packed.
        controlBlock(0x1000, TI_SRC_INC | TI_DEST_INC, 0xC000_4000L, 0xC000_5000L, 16, 0, 0xC000_1020L);
        controlBlock(0x1020, TI_INTEN | TI_TDMODE | TI_SRC_INC | TI_DEST_INC, 0x4020, 0x6000, (2 << 16) | 4, 4, 0);
        int ch = 5;
        dma.write(ch * CHANNEL_STRIDE + CONBLK_AD, 4, 0xC000_1000L);
        dma.write(ch * CHANNEL_STRIDE + CS, 4, CS_ACTIVE);
        for (int i = 0; i < 16; i++) {
            assertEquals(i + 1, memory.read(0x5000 + i, 1));
        }
        for (int row = 0; row < 3; row++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(0x21 + row * 8 + i, memory.read(0x6000 + row * 4 + i, 1), "2D row " + row);
            }
        }
        assertEquals(CS_END | CS_INT, reg(ch, CS) & (CS_ACTIVE | CS_END | CS_INT));
        assertEquals(0, reg(ch, CONBLK_AD), "the chain ended");
        assertEquals(1 << ch, (int) dma.read(INT_STATUS, 4));
        assertTrue(irq[ch]);
        dma.write(ch * CHANNEL_STRIDE + CS, 4, CS_INT | CS_END); // write 1 to clear
        assertFalse(irq[ch]);
        assertEquals(0, reg(ch, CS) & (CS_END | CS_INT));
        assertEquals(26, gpuIrq(10));
        assertEquals(27, gpuIrq(11), "channels 11-14 share GPU IRQ 27");
        assertEquals(27, gpuIrq(14));
    }

    @Test
    void aChainPointingAtItselfStopsWithAnError() {
        controlBlock(0x1000, TI_SRC_INC | TI_DEST_INC, 0x4000, 0x5000, 4, 0, 0x1000);
        dma.write(CONBLK_AD, 4, 0x1000);
        dma.write(CS, 4, CS_ACTIVE);
        assertEquals(CS_ERROR, reg(0, CS) & (CS_ACTIVE | CS_ERROR));
        dma.write(CS, 4, CS_RESET);
        assertEquals(0, reg(0, CS));
    }

    @Test
    void aLengthBeyondWhatAnyDriverMovesStopsWithAnErrorBeforeCopying() {
        controlBlock(0x1000, TI_SRC_INC | TI_DEST_INC, 0x0, 0x8_0000, 0x3FFF_FFFF, 0, 0);
        memory.write(0x8_0000, 4, 0x1234_5678);
        dma.write(CONBLK_AD, 4, 0x1000);
        dma.write(CS, 4, CS_ACTIVE);
        assertEquals(CS_ERROR, reg(0, CS) & (CS_ACTIVE | CS_ERROR));
        assertEquals(0x1234_5678, memory.read(0x8_0000, 4), "nothing moved");
    }

    /**
     * A control block may start another channel by writing its CS (bcm2835 drivers chain channels so):
     * that channel runs after the first, not inside it, and two channels starting each other forever
     * stop after a bounded number of runs.
     */
    @Test
    void aBlockStartingAChannelRunsItAfterwardsAndPingPongEnds() {
        memory.map(0x3F00_7000L, SIZE, dma);
        memory.write(0x4000, 4, CS_ACTIVE);
        memory.write(0x4010, 4, 0x1000);
        memory.write(0x4020, 4, 0x2000);
        long ch0 = 0x7E00_7000L, ch1 = ch0 + CHANNEL_STRIDE;
        // Channel 0 loads channel 1's control block address and starts it; channel 1 leaves a marker
        // in 0x5000 and restarts channel 0 the same way: a loop only the controller's bound ends.
        controlBlock(0x1000, 0, 0x4020, ch1 + CONBLK_AD, 4, 0, 0x1020);
        controlBlock(0x1020, 0, 0x4000, ch1 + CS, 4, 0, 0);
        controlBlock(0x2000, TI_SRC_INC | TI_DEST_INC, 0x4020, 0x5000, 4, 0, 0x2020);
        controlBlock(0x2020, 0, 0x4010, ch0 + CONBLK_AD, 4, 0, 0x2040);
        controlBlock(0x2040, 0, 0x4000, ch0 + CS, 4, 0, 0);
        dma.write(CONBLK_AD, 4, 0x1000);
        dma.write(CS, 4, CS_ACTIVE);
        assertEquals(0x2000, memory.read(0x5000, 4), "channel 1 ran after channel 0");
        assertEquals(CS_END, reg(1, CS) & CS_END);
    }
}
