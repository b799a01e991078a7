package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.SdHost.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDHOST controller driven the way U-Boot's and Linux's bcm2835 sdhost drivers drive it. */
class SdHostTest {
    @TempDir
    Path dir;

    private SdHost host;
    private final boolean[] irq = new boolean[1];

    private long rd(int off) {
        return host.read(off, 4) & 0xFFFF_FFFFL;
    }

    private void wr(int off, long v) {
        host.write(off, 4, v);
    }

    /** Issues a command; returns SDCMD as read back afterwards. */
    private long issue(int index, int arg, int flags) {
        wr(SDHSTS, HSTS_CLEARABLE);
        wr(SDARG, arg & 0xFFFF_FFFFL);
        wr(SDCMD, CMD_NEW | flags | index);
        return rd(SDCMD);
    }

    private long cmd(int index, int arg, int flags) {
        long sdcmd = issue(index, arg, flags);
        assertEquals(0, sdcmd & (CMD_NEW | CMD_FAIL), "CMD" + index + " completes without failing");
        return rd(SDRSP0);
    }

    private Path image(int blocks) throws IOException {
        byte[] img = new byte[blocks * 512];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) (i * 13 + i / 512);
        }
        Path p = dir.resolve("card.img");
        Files.write(p, img);
        return p;
    }

    private int init(Path image) throws IOException {
        host = new SdHost(SdBus.of(SdCard.open(image, 0xCAFE)), level -> irq[0] = level);
        wr(SDEDM, rd(SDEDM));
        assertEquals(EDM_FSM_IDENTMODE, rd(SDEDM) & EDM_FSM_MASK);
        wr(SDHCFG, HCFG_BUSY_IRPT_EN);
        cmd(0, 0, CMD_NO_RESPONSE);
        assertEquals(0x1AA, cmd(8, 0x1AA, 0) & 0xFFF);
        cmd(55, 0, 0);
        assertEquals(0xC0FF_8000L, cmd(41, 0x40FF_8000, 0));
        cmd(2, 0, CMD_LONG_RESPONSE);
        // The whole 128-bit CID: MID in bits 127:120 (SDRSP3), the CRC7 and end bit in bits 7:0 (SDRSP0).
        assertEquals(0x56, rd(SDRSP0 + 12) >>> 24);
        assertEquals(1, rd(SDRSP0) & 1);
        int rca = (int) (cmd(3, 0, 0) >>> 16);
        cmd(9, rca << 16, CMD_LONG_RESPONSE);
        assertEquals(0x40, rd(SDRSP0 + 12) >>> 24); // CSD_STRUCTURE 1
        cmd(7, rca << 16, CMD_BUSYWAIT);
        assertTrue((rd(SDHSTS) & HSTS_BUSY_IRPT) != 0, "busy interrupt after an R1b command");
        assertTrue(irq[0]);
        wr(SDHSTS, HSTS_BUSY_IRPT);
        assertEquals(false, irq[0]);
        return rca;
    }

    private byte[] read(int lba, int count) {
        wr(SDHBCT, 512);
        wr(SDHBLC, count);
        cmd(count > 1 ? 18 : 17, lba, CMD_READ);
        byte[] data = new byte[512 * count];
        for (int i = 0; i < data.length / 4; i++) {
            long edm = rd(SDEDM);
            assertTrue(((edm & EDM_FIFO_MASK) >>> EDM_FIFO_SHIFT) > 0, "FIFO holds data");
            assertEquals(EDM_FSM_READDATA, edm & EDM_FSM_MASK);
            long w = rd(SDDATA);
            for (int k = 0; k < 4; k++) {
                data[i * 4 + k] = (byte) (w >>> (8 * k));
            }
        }
        assertEquals(EDM_FSM_DATAMODE, rd(SDEDM) & EDM_FSM_MASK);
        if (count > 1) {
            cmd(12, 0, CMD_BUSYWAIT);
        }
        return data;
    }

    private void write(int lba, byte[] data) {
        int count = data.length / 512;
        wr(SDHBCT, 512);
        wr(SDHBLC, count);
        cmd(count > 1 ? 25 : 24, lba, CMD_WRITE);
        for (int i = 0; i < data.length / 4; i++) {
            assertTrue((rd(SDHSTS) & HSTS_DATA_FLAG) != 0, "room in the FIFO");
            int o = i * 4;
            wr(SDDATA, (data[o] & 0xFF) | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF) << 16 | (long) (data[o + 3] & 0xFF) << 24);
        }
        assertEquals(EDM_FSM_DATAMODE, rd(SDEDM) & EDM_FSM_MASK);
        if (count > 1) {
            cmd(12, 0, CMD_BUSYWAIT);
        }
    }

    /**
     * Linux's bcm2835 driver reads multi-block data by DMA from SDDATA (DREQ 13, no source increment),
     * all but the last three words, which it drains by PIO while SDEDM shows words in the FIFO.
     */
    @Test
    void dmaReadsAllButTheLastWordsThenPioDrains() throws IOException {
        Path p = image(1100);
        int rca = init(p);
        visor.mmu.PhysicalMemory memory = new visor.mmu.PhysicalMemory(1 << 20);
        memory.map(0x3F20_2000L, SIZE, host);
        Dma dma = new Dma(memory, n -> IrqLine.NONE);
        memory.map(0x3F00_7000L, Dma.SIZE, dma);
        int blocks = 1024, drain = 3; // 512 KiB, Linux's largest request (more than 9 bits of SDHBLC)
        wr(SDHBCT, 512);
        wr(SDHBLC, blocks);
        cmd(18, 4, CMD_READ);
        long cb = 0x1000, buffer = 0x2000;
        int ti = Dma.TI_INTEN | Dma.TI_DEST_INC | (1 << 10) | (13 << 16); // SRC_DREQ, PERMAP 13 (SDHOST)
        int[] words = {ti, 0x7E20_2040, (int) (0xC000_0000L | buffer), blocks * 512 - drain * 4, 0, 0};
        for (int i = 0; i < words.length; i++) {
            memory.write(cb + 4L * i, 4, words[i] & 0xFFFF_FFFFL);
        }
        dma.write(Dma.CONBLK_AD, 4, 0xC000_0000L | cb);
        dma.write(Dma.CS, 4, Dma.CS_ACTIVE);
        assertEquals(Dma.CS_END | Dma.CS_INT, dma.read(Dma.CS, 4) & (Dma.CS_ACTIVE | Dma.CS_END | Dma.CS_INT));
        for (int i = 0; i < drain; i++) {
            assertTrue(((rd(SDEDM) & EDM_FIFO_MASK) >>> EDM_FIFO_SHIFT) > 0, "the drained words wait in the FIFO");
            memory.write(buffer + blocks * 512 - (drain - i) * 4L, 4, rd(SDDATA));
        }
        byte[] got = new byte[blocks * 512];
        for (int i = 0; i < got.length; i++) {
            got[i] = (byte) memory.read(buffer + i, 1);
        }
        assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(p), 4 * 512, (4 + blocks) * 512), got);
        assertEquals(EDM_FSM_DATAMODE, rd(SDEDM) & EDM_FSM_MASK);
        cmd(12, 0, CMD_BUSYWAIT);
        assertEquals(SdCard.State.TRAN.ordinal(), (cmd(13, rca << 16, 0) >>> 9) & 0xF, "CMD12 left the card in tran");
    }

    @Test
    void emptySlotTimesOutAtTheFirstCommand() {
        host = new SdHost(SdBus.EMPTY, IrqLine.NONE);
        long sdcmd = issue(8, 0x1AA, 0);
        assertEquals(CMD_FAIL, sdcmd & (CMD_NEW | CMD_FAIL));
        assertEquals(HSTS_CMD_TIME_OUT, rd(SDHSTS) & HSTS_CMD_TIME_OUT);
        wr(SDHSTS, HSTS_CMD_TIME_OUT);
        assertEquals(0, rd(SDHSTS));
        // CMD0 expects no response: it completes even with nobody listening.
        assertEquals(0, issue(0, 0, CMD_NO_RESPONSE) & (CMD_NEW | CMD_FAIL));
    }

    @Test
    void readsBlocksThroughTheFifo() throws IOException {
        Path p = image(3000);
        init(p);
        byte[] all = Files.readAllBytes(p);
        assertArrayEquals(Arrays.copyOfRange(all, 0, 512), read(0, 1));
        assertArrayEquals(Arrays.copyOfRange(all, 512 * 7, 512 * 12), read(7, 5));
        assertArrayEquals(Arrays.copyOfRange(all, 512 * 2999, 512 * 3000), read(2999, 1));
    }

    @Test
    void writesReachTheImageFile() throws IOException {
        Path p = image(2048);
        init(p);
        byte[] one = new byte[512];
        byte[] three = new byte[1536];
        for (int i = 0; i < one.length; i++) {
            one[i] = (byte) (200 - i);
        }
        for (int i = 0; i < three.length; i++) {
            three[i] = (byte) (i ^ 0xA5);
        }
        write(40, one);
        write(300, three);
        assertArrayEquals(three, read(300, 3));
        host.card().close();
        byte[] all = Files.readAllBytes(p);
        assertArrayEquals(one, Arrays.copyOfRange(all, 512 * 40, 512 * 41));
        assertArrayEquals(three, Arrays.copyOfRange(all, 512 * 300, 512 * 303));
    }

    @Test
    void shortResponseToALongResponseCommandFails() throws IOException {
        init(image(64));
        assertEquals(CMD_FAIL, issue(13, 0xB368 << 16, CMD_LONG_RESPONSE) & CMD_FAIL);
    }

    @Test
    void slotFollowsTheFunctionOfGpio48To53() throws IOException {
        SdCard card = SdCard.open(image(16), 1);
        SdCardSlot slot = new SdCardSlot(card, SdCardSlot.Host.SDHOST);
        Gpio gpio = new Gpio(IrqLine.NONE, IrqLine.NONE, IrqLine.NONE);
        gpio.setFunctionListener(() -> slot.followPins(gpio));
        SdBus emmc = slot.bus(SdCardSlot.Host.EMMC), sdhost = slot.bus(SdCardSlot.Host.SDHOST);
        assertSame(card, sdhost.card());
        assertNull(emmc.card());
        gpio.write(0x10, 4, (7L << 24) | (7L << 27)); // 48, 49 to ALT3: mixed, the card stays
        assertSame(card, sdhost.card());
        gpio.write(0x14, 4, 07777);                   // 50-53 to ALT3 too: now the EMMC has it
        assertSame(card, emmc.card());
        assertNull(sdhost.card());
        gpio.write(0x10, 4, (4L << 24) | (4L << 27));
        gpio.write(0x14, 4, 04444);                   // all ALT0: back on SDHOST
        assertSame(card, sdhost.card());
        card.close();
    }
}
