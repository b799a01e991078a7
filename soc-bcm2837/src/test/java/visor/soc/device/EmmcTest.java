package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.soc.device.Emmc.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmmcTest {
    @TempDir
    Path dir;

    private Emmc emmc;
    private final boolean[] irq = new boolean[1];

    private static final int R1 = CMD_RSPNS_48 | (1 << 19) | (1 << 20);
    private static final int R1B = CMD_RSPNS_48_BUSY | (1 << 19) | (1 << 20);
    private static final int R2 = CMD_RSPNS_136 | (1 << 19);

    private long rd(int off) {
        return emmc.read(off, 4);
    }

    private void wr(int off, long v) {
        emmc.write(off, 4, v);
    }

    private long cmd(int index, int arg, int flags) {
        wr(INTERRUPT, 0xFFFF_FFFFL);
        wr(ARG1, arg & 0xFFFF_FFFFL);
        wr(CMDTM, ((long) index << 24) | flags);
        long v = rd(INTERRUPT);
        assertEquals(INT_CMD_DONE, v & (INT_CMD_DONE | INT_ERROR), "CMD" + index);
        return rd(RESP0);
    }

    private int init(Path image) throws IOException {
        emmc = new Emmc(SdCard.open(image, 0xCAFE), level -> irq[0] = level);
        wr(CONTROL1, C1_SRST_HC);
        assertEquals(0, rd(CONTROL1) & C1_SRST_HC);
        wr(CONTROL1, C1_CLK_INTLEN | (0x80 << 8));
        assertTrue((rd(CONTROL1) & C1_CLK_STABLE) != 0);
        wr(IRPT_MASK, 0xFFFF_FFFFL);
        cmd(0, 0, 0);
        assertEquals(0x1AA, cmd(8, 0x1AA, R1) & 0xFFF);
        cmd(55, 0, R1);
        long ocr = cmd(41, 0x40FF_8000, CMD_RSPNS_48);
        assertEquals(0xC0FF_8000L, ocr);
        cmd(2, 0, R2);
        assertEquals('V', (rd(RESP0 + 12) >>> 16) & 0xFF); // CID MID 0x56 in RESP3 bits 23:16
        int rca = (int) (cmd(3, 0, R1) >>> 16);
        long csd3 = rd(RESP0 + 12);
        cmd(9, rca << 16, R2);
        assertEquals(0x40, (rd(RESP0 + 12) >>> 16) & 0xFF); // CSD_STRUCTURE 1
        long status = cmd(7, rca << 16, R1B);
        assertEquals(3, (status >>> 9) & 0xF); // stby when CMD7 arrived
        assertEquals(INT_CMD_DONE | INT_DATA_DONE, rd(INTERRUPT));
        assertEquals(4, (cmd(13, rca << 16, R1) >>> 9) & 0xF); // tran
        return rca;
    }

    private byte[] readBlocks(int lba, int count) {
        wr(BLKSIZECNT, ((long) count << 16) | 512);
        int tm = TM_DAT_DIR_READ | TM_BLKCNT_EN | (count > 1 ? TM_MULTI_BLOCK | TM_AUTO_CMD12 : 0);
        cmd(count > 1 ? 18 : 17, lba, R1 | CMD_ISDATA | tm);
        byte[] data = new byte[512 * count];
        for (int b = 0; b < count; b++) {
            assertTrue((rd(INTERRUPT) & INT_READ_RDY) != 0);
            assertTrue((rd(STATUS) & ST_BUFFER_READ) != 0);
            wr(INTERRUPT, INT_READ_RDY);
            for (int i = 0; i < 128; i++) {
                int w = (int) rd(DATA);
                for (int k = 0; k < 4; k++) {
                    data[b * 512 + i * 4 + k] = (byte) (w >>> (8 * k));
                }
            }
        }
        assertEquals(INT_DATA_DONE, rd(INTERRUPT) & (INT_DATA_DONE | INT_READ_RDY));
        assertEquals(0, rd(STATUS) & ST_DAT_INHIBIT);
        return data;
    }

    private void writeBlocks(int lba, byte[] data) {
        int count = data.length / 512;
        wr(BLKSIZECNT, ((long) count << 16) | 512);
        int tm = TM_BLKCNT_EN | (count > 1 ? TM_MULTI_BLOCK | TM_AUTO_CMD12 : 0);
        cmd(count > 1 ? 25 : 24, lba, R1 | CMD_ISDATA | tm);
        for (int b = 0; b < count; b++) {
            assertTrue((rd(INTERRUPT) & INT_WRITE_RDY) != 0);
            wr(INTERRUPT, INT_WRITE_RDY);
            for (int i = 0; i < 128; i++) {
                int o = b * 512 + i * 4;
                wr(DATA, (data[o] & 0xFF) | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF) << 16 | (long) (data[o + 3] & 0xFF) << 24);
            }
        }
        assertTrue((rd(INTERRUPT) & INT_DATA_DONE) != 0);
    }

    private Path image(int blocks) throws IOException {
        byte[] img = new byte[blocks * 512];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) (i * 7 + i / 512);
        }
        Path p = dir.resolve("card.img");
        Files.write(p, img);
        return p;
    }

    @Test
    void readsSingleAndMultipleBlocksFromTheImage() throws IOException {
        Path p = image(3000); // not a power of two
        init(p);
        byte[] all = Files.readAllBytes(p);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, 512), readBlocks(0, 1));
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 512 * 10, 512 * 14), readBlocks(10, 4));
        assertEquals(0, rd(BLKSIZECNT) >>> 16); // BLKCNT counted down
        // Auto CMD12 returned the card to tran: a following single read works.
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 512 * 2999, 512 * 3000), readBlocks(2999, 1));
    }

    @Test
    void writesPersistInTheImageFile() throws IOException {
        Path p = image(2048);
        init(p);
        byte[] one = new byte[512];
        byte[] two = new byte[1024];
        for (int i = 0; i < one.length; i++) {
            one[i] = (byte) (255 - i);
        }
        for (int i = 0; i < two.length; i++) {
            two[i] = (byte) (i ^ 0x5A);
        }
        writeBlocks(100, one);
        writeBlocks(200, two);
        assertArrayEquals(one, readBlocks(100, 1));
        emmc.card().close();
        byte[] all = Files.readAllBytes(p);
        assertArrayEquals(one, java.util.Arrays.copyOfRange(all, 512 * 100, 512 * 101));
        assertArrayEquals(two, java.util.Arrays.copyOfRange(all, 512 * 200, 512 * 202));
    }

    @Test
    void scrAndBusWidthAndSwitchFunction() throws IOException {
        int rca = init(image(1024));
        cmd(55, rca << 16, R1);
        wr(BLKSIZECNT, (1L << 16) | 8);
        cmd(51, 0, R1 | CMD_ISDATA | TM_DAT_DIR_READ);
        assertEquals(0x0080_3502L, rd(DATA)); // SD spec 3.0x, 1- and 4-bit bus
        assertEquals(0, rd(DATA));
        assertTrue((rd(INTERRUPT) & INT_DATA_DONE) != 0);
        cmd(55, rca << 16, R1);
        assertEquals(1 << 5, cmd(6, 2, R1) & (1 << 5)); // APP_CMD reported
        wr(BLKSIZECNT, (1L << 16) | 64);
        cmd(6, 0x80FF_FFF1, R1 | CMD_ISDATA | TM_DAT_DIR_READ);
        int[] w = new int[16];
        for (int i = 0; i < 16; i++) {
            w[i] = (int) rd(DATA);
        }
        assertEquals(0x03, (w[3] >>> 8) & 0xFF);   // byte 13: group 1 supports high speed
        assertEquals(0x01, w[4] & 0x0F);           // byte 16: group 1 switched to function 1
    }

    @Test
    void commandsTheCardIgnoresTimeOut() throws IOException {
        emmc = new Emmc(SdCard.open(image(16), 1), level -> irq[0] = level);
        wr(IRPT_MASK, 0xFFFF_FFFFL);
        wr(IRPT_EN, INT_ERROR);
        wr(CMDTM, (5L << 24) | CMD_RSPNS_48); // SDIO CMD5
        assertEquals(INT_ERROR | INT_CMD_TIMEOUT, rd(INTERRUPT));
        assertTrue(irq[0]);
        wr(INTERRUPT, INT_CMD_TIMEOUT);
        assertEquals(0, rd(INTERRUPT));
        assertEquals(0, irq[0] ? 1 : 0);
        Emmc empty = new Emmc((SdCard) null, IrqLine.NONE);
        empty.write(IRPT_MASK, 4, 0xFFFF_FFFFL);
        empty.write(CMDTM, 4, (2L << 24) | CMD_RSPNS_136);
        assertEquals(INT_ERROR | INT_CMD_TIMEOUT, empty.read(INTERRUPT, 4));
        assertEquals(0, empty.read(STATUS, 4) & ST_CARD_INSERTED);
    }

    @Test
    void sixteenBitCommandWriteIssuesLikeUBootDoes() throws IOException {
        emmc = new Emmc(SdCard.open(image(16), 1), IrqLine.NONE);
        wr(IRPT_MASK, 0xFFFF_FFFFL);
        emmc.write(ARG1, 4, 0x1AA);
        emmc.write(CMDTM, 2, 0); // transfer mode
        assertEquals(0, rd(INTERRUPT));
        emmc.write(CMDTM + 2, 2, (8 << 8) | 0x1A); // command register: CMD8, R7
        assertEquals(INT_CMD_DONE, rd(INTERRUPT));
        assertEquals(0x1AA, rd(RESP0));
        assertEquals(0x9902, emmc.read(SLOTISR_VER + 2, 2));
    }

    @Test
    void missingOrReadOnlyImageIsAnErrorNamingThePath() throws IOException {
        Path missing = dir.resolve("nope.img");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SdCard.open(missing, 0));
        assertTrue(e.getMessage().contains("nope.img"));
        Path ro = image(4);
        ro.toFile().setWritable(false);
        if (!Files.isWritable(ro)) { // root ignores permissions
            IOException e2 = assertThrows(IOException.class, () -> SdCard.open(ro, 0));
            assertTrue(e2.getMessage().contains("card.img"));
        }
    }

    @Test
    void capacityRoundsUpToTheCsdUnit() throws IOException {
        SdCard card = SdCard.open(image(3000), 0);
        assertEquals(3L * 512 * 1024, card.capacityBytes()); // 1,536,000 bytes -> three 512 KiB units
        byte[] csd = card.csd();
        assertEquals(2, ((csd[7] & 0x3F) << 16) | ((csd[8] & 0xFF) << 8) | (csd[9] & 0xFF));
        assertEquals(1, csd[15] & 1);
        card.close();
    }

    /** Transfer complete ends a busy wait only when the command register asked for one (SDHCI 2.2.17). */
    @Test
    void transferCompleteFollowsTheBusyResponseType() throws IOException {
        int rca = init(image(64)); // CMD7 as R1b: CMD_DONE | DATA_DONE (asserted in init)
        wr(CMDTM, 7L << 24); // deselect: no response
        cmd(7, rca << 16, R1); // Linux's sdhci selects with a plain 48-bit response
        assertEquals(INT_CMD_DONE, rd(INTERRUPT), "no data interrupt without a data or busy phase");
    }

    /** Two machines on one image would corrupt it: the card holds a host file lock while open. */
    @Test
    void anOpenImageIsLockedAgainstASecondCard() throws IOException {
        Path p = image(16);
        SdCard first = SdCard.open(p, 1);
        SdCard.CardInUseException e = assertThrows(SdCard.CardInUseException.class, () -> SdCard.open(p, 2));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("in use"), e.getMessage());
        first.close();
        SdCard.open(p, 3).close();
    }
}
