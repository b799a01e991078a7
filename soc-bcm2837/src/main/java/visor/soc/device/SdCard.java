package visor.soc.device;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SDHC/SDXC memory card (SD Physical Layer Simplified Specification 3.01) backed by a raw image:
 * the card state machine (idle, ready, ident, stby, tran, data, rcv), R1/R2/R3/R6/R7 responses, CID,
 * CSD version 2.0, SCR, switch-function and SD status blocks, and 512-byte block reads and writes that
 * go straight to the file. The capacity is the image size rounded up to the CSD's 512 KiB unit; reads
 * past the end of the image return zeros and writes there are dropped. An open card holds an exclusive
 * host file lock on its image until {@link #close}.
 */
public final class SdCard implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(SdCard.class);

    public static final int BLOCK = 512;
    public enum State { IDLE, READY, IDENT, STBY, TRAN, DATA, RCV, PRG, DIS }

    /** Card status bits (spec 4.10.1). */
    public static final int OUT_OF_RANGE = 1 << 31, ADDRESS_ERROR = 1 << 30, ILLEGAL_COMMAND = 1 << 22;
    public static final int READY_FOR_DATA = 1 << 8, APP_CMD = 1 << 5;
    /** OCR: 2.7-3.6 V window, CCS (bit 30) and power-up done (bit 31). */
    public static final int OCR_VOLTAGES = 0x00FF_8000, OCR_CCS = 1 << 30, OCR_READY = 1 << 31;

    /** A response: {@code kind} 48 (R1/R3/R6/R7, value in {@code value}) or 136 (R2, {@code wide}). */
    public record Response(int kind, int value, byte[] wide, boolean busy) {
        static Response r48(int value) {
            return new Response(48, value, null, false);
        }

        static Response r1b(int value) {
            return new Response(48, value, null, true);
        }

        static Response r2(byte[] reg) {
            return new Response(136, 0, reg, false);
        }
    }

    private final Path path;
    private final RandomAccessFile file;
    private final long imageBytes;
    private final long capacityBytes;
    private final byte[] cid, csd, scr;

    private State state = State.IDLE;
    private int rca;
    private boolean appCmd;
    private int pendingErrors;
    private int busWidth;
    private int highSpeed;

    private byte[] payload;
    private long position;
    private boolean multi;

    private SdCard(Path path, RandomAccessFile file, long size, long serial) {
        this.path = path;
        this.file = file;
        this.imageBytes = size;
        long units = Math.max(1, (size + (512 * 1024) - 1) / (512 * 1024));
        long cSize = Math.min(units - 1, 0x3F_FFFFL);
        this.capacityBytes = (cSize + 1) * 512 * 1024;
        this.cid = makeCid(serial);
        this.csd = makeCsd((int) cSize);
        this.scr = new byte[] {0x02, 0x35, (byte) 0x80, 0x00, 0, 0, 0, 0};
    }

    /** Opens an image for reading and writing; a missing or read-only file is an error naming the path. */
    public static SdCard open(Path image, long serial) throws IOException {
        if (!Files.isRegularFile(image)) {
            throw new NoSuchFileException(image.toString(), null, "SD card image not found");
        }
        if (!Files.isWritable(image)) {
            throw new AccessDeniedException(image.toString(), null, "SD card image is not writable");
        }
        RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw");
        // One writer per image, across processes and within this one: two machines on one card would
        // each cache its file system and corrupt it.
        FileLock lock;
        try {
            lock = f.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            f.close();
            throw new CardInUseException(image);
        }
        return new SdCard(image, f, f.length(), serial);
    }

    /** The image is already attached to another machine or VM (it holds the host file lock). */
    public static final class CardInUseException extends IOException {
        CardInUseException(Path image) {
            super("SD card image " + image + " is in use by another machine or VM (host file lock held)");
        }
    }

    public Path path() {
        return path;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public State state() {
        return state;
    }

    public int rca() {
        return rca;
    }

    /** Power cycle: back to idle; the image is untouched. */
    public void powerCycle() {
        state = State.IDLE;
        rca = 0;
        appCmd = false;
        pendingErrors = 0;
        busWidth = 0;
        highSpeed = 0;
        payload = null;
    }

    public byte[] cid() {
        return cid.clone();
    }

    public byte[] csd() {
        return csd.clone();
    }

    private static byte[] makeCid(long serial) {
        byte[] c = new byte[16];
        c[0] = 0x56;                                  // MID
        c[1] = 'V';                                   // OID
        c[2] = 'S';
        byte[] name = {'V', 'I', 'S', 'O', 'R'};      // PNM
        System.arraycopy(name, 0, c, 3, 5);
        c[8] = 0x10;                                  // PRV 1.0
        c[9] = (byte) (serial >>> 24);                // PSN
        c[10] = (byte) (serial >>> 16);
        c[11] = (byte) (serial >>> 8);
        c[12] = (byte) serial;
        c[13] = 0x01;                                 // MDT: 2024-01 -> year offset 0x18, month 1
        c[14] = (byte) 0x81;
        c[15] = (byte) ((crc7(c, 15) << 1) | 1);
        return c;
    }

    private static byte[] makeCsd(int cSize) {
        byte[] c = new byte[16];
        c[0] = 0x40;                                  // CSD_STRUCTURE 1: version 2.0 (SDHC/SDXC)
        c[1] = 0x0E;                                  // TAAC 1 ms
        c[2] = 0x00;                                  // NSAC
        c[3] = 0x32;                                  // TRAN_SPEED 25 MHz
        c[4] = 0x5B;                                  // CCC 0x5B5: classes 0, 2, 4, 5, 7, 8, 10
        c[5] = 0x59;                                  // CCC low nibble, READ_BL_LEN 9 (512)
        c[6] = 0x00;
        c[7] = (byte) ((cSize >>> 16) & 0x3F);        // C_SIZE [69:48]
        c[8] = (byte) (cSize >>> 8);
        c[9] = (byte) cSize;
        c[10] = 0x7F;                                 // ERASE_BLK_EN, SECTOR_SIZE 0x7F
        c[11] = (byte) 0x80;
        c[12] = 0x0A;                                 // R2W_FACTOR 2, WRITE_BL_LEN 9 (high bits)
        c[13] = 0x40;                                 // WRITE_BL_LEN low bits
        c[14] = 0x00;
        c[15] = (byte) ((crc7(c, 15) << 1) | 1);
        return c;
    }

    /** CRC7 with polynomial x^7 + x^3 + 1 (spec 4.5). */
    static int crc7(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                int in = (data[i] >>> bit) & 1;
                int top = (crc >>> 6) & 1;
                crc = (crc << 1) & 0x7F;
                if ((in ^ top) != 0) {
                    crc ^= 0x09;
                }
            }
        }
        return crc;
    }

    private int status() {
        return pendingErrors | (state.ordinal() << 9) | (state == State.TRAN || state == State.RCV ? READY_FOR_DATA : 0)
                | (appCmd ? APP_CMD : 0);
    }

    /** R1 carries the status as it was when the command arrived; reported errors then clear. */
    private Response r1(int status) {
        pendingErrors = 0;
        return Response.r48(status);
    }

    private Response illegal() {
        pendingErrors |= ILLEGAL_COMMAND;
        appCmd = false;
        return null;
    }

    /** Executes a command; null means the card does not answer (the host sees a command timeout). */
    public Response command(int index, int arg) {
        boolean app = appCmd;
        appCmd = false;
        int status = status() & ~APP_CMD;
        if (app) {
            Response r = appCommand(index, arg, status);
            if (r != APP_FALLTHROUGH) {
                return r;
            }
        }
        switch (index) {
            case 0:
                powerCycle();
                return null;
            case 2:
                if (state != State.READY) {
                    return illegal();
                }
                state = State.IDENT;
                return Response.r2(cid);
            case 3: {
                if (state != State.IDENT && state != State.STBY) {
                    return illegal();
                }
                rca = 0xB368;
                state = State.STBY;
                // R6: RCA, then status bits 23, 22, 19 and 12:0 (spec 4.9.5).
                int s = status();
                int r6 = (rca << 16) | ((s >>> 8) & 0x8000) | ((s >>> 8) & 0x4000) | ((s >>> 6) & 0x2000) | (s & 0x1FFF);
                pendingErrors = 0;
                return Response.r48(r6);
            }
            case 6:
                if (state != State.TRAN) {
                    return illegal();
                }
                payload = switchFunction(arg);
                state = State.DATA;
                return r1(status);
            case 7:
                if ((arg >>> 16) == rca && rca != 0) {
                    if (state != State.STBY && state != State.TRAN) {
                        return illegal();
                    }
                    state = State.TRAN;
                    return Response.r1b(status);
                }
                if (state == State.TRAN || state == State.DATA) {
                    state = State.STBY; // deselected by another address: no response
                }
                return null;
            case 8:
                if (state != State.IDLE || ((arg >>> 8) & 0xF) != 1) {
                    return null;
                }
                return Response.r48(arg & 0xFFF);
            case 9:
            case 10:
                if (state != State.STBY || (arg >>> 16) != rca) {
                    return state == State.STBY ? null : illegal();
                }
                return Response.r2(index == 9 ? csd : cid);
            case 12:
                if (state != State.DATA && state != State.RCV) {
                    return illegal();
                }
                state = State.TRAN;
                payload = null;
                return Response.r1b(status);
            case 13:
                if ((arg >>> 16) != rca || state.ordinal() < State.STBY.ordinal()) {
                    return null;
                }
                return r1(status);
            case 16:
            case 23:
                if (state != State.TRAN) {
                    return illegal();
                }
                return r1(status);
            case 17:
            case 18:
            case 24:
            case 25: {
                if (state != State.TRAN) {
                    return illegal();
                }
                long address = (arg & 0xFFFF_FFFFL) * BLOCK; // SDHC/SDXC: block addressing
                if (address >= capacityBytes) {
                    return r1(status | OUT_OF_RANGE);
                }
                position = address;
                payload = null;
                multi = index == 18 || index == 25;
                state = index <= 18 ? State.DATA : State.RCV;
                return r1(status);
            }
            case 55:
                appCmd = true;
                return r1(status | APP_CMD);
            default:
                return illegal();
        }
    }

    private static final Response APP_FALLTHROUGH = new Response(0, 0, null, false);

    private Response appCommand(int index, int arg, int status) {
        status |= APP_CMD;
        switch (index) {
            case 6:
                if (state != State.TRAN) {
                    return illegal();
                }
                busWidth = arg & 3;
                return r1(status);
            case 13:
                if (state != State.TRAN) {
                    return illegal();
                }
                payload = new byte[64];
                payload[0] = (byte) (busWidth == 2 ? 0x80 : 0x00); // DAT_BUS_WIDTH
                state = State.DATA;
                return r1(status);
            case 41: {
                if (state != State.IDLE) {
                    return illegal();
                }
                if ((arg & OCR_VOLTAGES) == 0) {
                    return Response.r48(OCR_VOLTAGES); // inquiry: report the window, stay idle
                }
                if ((arg & OCR_CCS) == 0) {
                    // A high-capacity card stays busy for hosts that do not announce HCS (spec 4.2.3.1).
                    return Response.r48(OCR_VOLTAGES);
                }
                state = State.READY;
                return Response.r48(OCR_READY | OCR_CCS | OCR_VOLTAGES);
            }
            case 42:
            case 23:
                if (state != State.TRAN) {
                    return illegal();
                }
                return r1(status);
            case 51:
                if (state != State.TRAN) {
                    return illegal();
                }
                payload = scr.clone();
                state = State.DATA;
                return r1(status);
            default:
                return APP_FALLTHROUGH;
        }
    }

    /** CMD6 status block (spec 4.3.10): only group 1 has a second function, high speed. */
    private byte[] switchFunction(int arg) {
        byte[] s = new byte[64];
        s[0] = 0x00;
        s[1] = 0x64;                                   // 100 mA
        for (int g = 6; g >= 2; g--) {
            int at = 2 + (6 - g) * 2;
            s[at] = (byte) 0x80;
            s[at + 1] = 0x01;
        }
        s[12] = (byte) 0x80;
        s[13] = 0x03;                                  // group 1: default and high speed
        boolean doSwitch = arg < 0;
        int result1 = arg & 0xF;
        if (result1 == 0xF) {
            result1 = highSpeed;
        } else if (result1 > 1) {
            result1 = 0xF;
        }
        int[] others = new int[6];
        boolean ok = result1 != 0xF;
        for (int g = 2; g <= 6; g++) {
            int f = (arg >>> ((g - 1) * 4)) & 0xF;
            others[g - 1] = f == 0xF || f == 0 ? 0 : 0xF;
            ok &= others[g - 1] != 0xF;
        }
        if (doSwitch && ok) {
            highSpeed = result1;
        }
        s[14] = (byte) ((others[5] << 4) | others[4]);
        s[15] = (byte) ((others[3] << 4) | others[2]);
        s[16] = (byte) ((others[1] << 4) | result1);
        return s;
    }

    /**
     * Fills {@code buf[0..length)} with the next data the card sends in state DATA. A failing image file
     * is fatal to the machine ({@link UncheckedIOException} naming the image).
     */
    public void readData(byte[] buf, int length) {
        if (payload != null) {
            java.util.Arrays.fill(buf, 0, length, (byte) 0);
            System.arraycopy(payload, 0, buf, 0, Math.min(length, payload.length));
            return;
        }
        java.util.Arrays.fill(buf, 0, length, (byte) 0);
        if (position < imageBytes) {
            int n = (int) Math.min(length, imageBytes - position);
            try {
                file.seek(position);
                file.readFully(buf, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException("SD card image " + path, e);
            }
        }
        position += length;
    }

    /** Stores a block the host sent in state RCV (image failures as in {@link #readData}). */
    public void writeData(byte[] buf, int length) {
        if (position + length <= imageBytes) {
            try {
                file.seek(position);
                file.write(buf, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException("SD card image " + path, e);
            }
        } else {
            log.warn("SD card {}: write at byte 0x{} beyond the image dropped", path, Long.toHexString(position));
        }
        position += length;
    }

    /** Whether the current command moves more than one block (CMD18/CMD25 until CMD12). */
    public boolean multiBlock() {
        return payload == null && multi;
    }

    /** The host finished the data phase of a single-block command: the card returns to tran. */
    public void dataDone() {
        if (state == State.DATA || state == State.RCV) {
            state = State.TRAN;
        }
        payload = null;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
