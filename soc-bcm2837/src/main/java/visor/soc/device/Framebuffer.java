package visor.soc.device;

import java.util.Arrays;
import visor.mmu.MemoryPort;

/**
 * The firmware's framebuffer as the mailbox property tags 0x4xxxx describe it (raspberrypi/firmware wiki
 * "Mailbox property interface"; QEMU bcm2835_fb for the pixel formats). Get tags read the value in
 * effect, test tags (get + 0x4000) check a value without keeping it, set tags (get + 0x8000) keep a valid
 * value; an invalid value is answered with the one in effect, as the firmware does. Allocate places the
 * buffer 1 MiB into VideoCore memory, above the ARM split, and returns its bus address (0xC0000000
 * alias) and size; until then, and after release, there is no picture.
 *
 * <p>Pixels: 32 bpp is a little-endian word with red in bits 0-7 for pixel order 1 (RGB) and blue there
 * for pixel order 0 (BGR); 24 bpp the same in three bytes; 16 bpp is RGB565 with red in bits 11-15 for
 * RGB; 8 bpp indexes the palette, whose entries read like 32 bpp words.
 */
public final class Framebuffer {
    public static final int ALLOCATE = 0x0004_0001;
    public static final int RELEASE = 0x0004_8001;
    public static final int BLANK = 0x0004_0002;
    public static final int PHYSICAL_SIZE = 0x0004_0003;
    public static final int VIRTUAL_SIZE = 0x0004_0004;
    public static final int DEPTH = 0x0004_0005;
    public static final int PIXEL_ORDER = 0x0004_0006;
    public static final int ALPHA_MODE = 0x0004_0007;
    public static final int PITCH = 0x0004_0008;
    public static final int VIRTUAL_OFFSET = 0x0004_0009;
    public static final int OVERSCAN = 0x0004_000A;
    public static final int PALETTE = 0x0004_000B;
    public static final int NUM_DISPLAYS = 0x0004_0013;
    /** Test tags are get + 0x4000, set tags get + 0x8000. */
    public static final int TEST = 0x4000, SET = 0x8000;

    public static final int ORDER_BGR = 0, ORDER_RGB = 1;
    public static final long OFFSET_IN_VC_MEMORY = 0x10_0000;
    public static final int BUS_ALIAS_UNCACHED = 0xC000_0000;
    public static final int MAX_SIZE = 4096;

    private final long base;
    private final long limit;

    private int width, height, virtualWidth, virtualHeight, depth, pixelOrder, alphaMode;
    private int offsetX, offsetY;
    private final int[] overscan = new int[4];
    private final int[] palette = new int[256];
    private boolean blank;
    private boolean allocated;

    private int[] lastPixels = new int[0];
    private int lastWidth, lastHeight;
    private long generation;

    /** A buffer at {@code base} (an address in the ARM's view of RAM) that must end below {@code limit}. */
    public Framebuffer(long base, long limit) {
        this.base = base;
        this.limit = limit;
        reset();
    }

    public synchronized void reset() {
        width = virtualWidth = 640;
        height = virtualHeight = 480;
        depth = 32;
        pixelOrder = ORDER_RGB;
        alphaMode = 2;
        offsetX = offsetY = 0;
        Arrays.fill(overscan, 0);
        Arrays.fill(palette, 0);
        blank = false;
        allocated = false;
    }

    public long base() {
        return base;
    }

    public synchronized boolean allocated() {
        return allocated;
    }

    /**
     * What the firmware does before it starts a kernel with a display attached: a 32 bpp buffer of the
     * current size, allocated, in BGR order, which Linux's simple-framebuffer calls a8r8g8b8.
     */
    public synchronized void allocateForConsole() {
        depth = 32;
        pixelOrder = ORDER_BGR;
        virtualWidth = width;
        virtualHeight = height;
        offsetX = offsetY = 0;
        allocated = true;
    }

    public synchronized int width() {
        return width;
    }

    public synchronized int height() {
        return height;
    }

    public synchronized long sizeBytes() {
        return size();
    }

    public synchronized int pitch() {
        return virtualWidth * (depth / 8);
    }

    private long size() {
        return (long) pitch() * virtualHeight;
    }

    private static boolean validSize(int w, int h) {
        return w >= 1 && w <= MAX_SIZE && h >= 1 && h <= MAX_SIZE;
    }

    /**
     * The legacy mailbox channel 1 request (the firmware before property tags; still answered by it): a
     * 16-byte aligned block of ten words, physical width/height, virtual width/height, pitch, depth, x/y
     * offset, pointer, size. The firmware reads the sizes, depth and offset, allocates, and writes pitch,
     * pointer (a bus address) and size back. Returns the reply's status: 0 on success, 1 when the request
     * is refused (a size or depth the firmware does not support, or no room), the block then untouched.
     */
    public synchronized int allocateLegacy(MemoryPort memory, long block) {
        int[] w = new int[10];
        for (int i = 0; i < w.length; i++) {
            w[i] = (int) memory.read(block + 4L * i, 4);
        }
        int d = w[5];
        if (!validSize(w[0], w[1]) || !validSize(w[2], w[3]) || !(d == 8 || d == 16 || d == 24 || d == 32)
                || w[6] < 0 || w[7] < 0 || w[6] >= w[2] || w[7] >= w[3]
                || base + (long) w[2] * (d / 8) * w[3] > limit) {
            return 1; // the block is left as it was: a stray write to the mailbox changes no memory
        }
        width = w[0];
        height = w[1];
        virtualWidth = w[2];
        virtualHeight = w[3];
        depth = d;
        offsetX = w[6];
        offsetY = w[7];
        // Channel 1 has no pixel-order field: the current order (the firmware's default, RGB) stays.
        allocated = true;
        memory.write(block + 16, 4, pitch());
        memory.write(block + 32, 4, (BUS_ALIAS_UNCACHED | (int) base) & 0xFFFF_FFFFL);
        memory.write(block + 36, 4, size());
        return 0;
    }

    /** Answers framebuffer tag {@code tag} in {@code v}; returns the response length, or -1 if unknown. */
    public synchronized int answer(int tag, int[] v) {
        int kind = tag & 0xC000;
        int get = tag & ~0xC000;
        boolean set = kind == SET, test = kind == TEST;
        if (kind == 0xC000) {
            return -1;
        }
        switch (get) {
            case ALLOCATE:
                if (tag == RELEASE) {
                    allocated = false;
                    return 0;
                }
                if (test || set) {
                    return -1;
                }
                if (base + size() > limit) {
                    v[0] = 0;
                    v[1] = 0;
                } else {
                    allocated = true;
                    v[0] = BUS_ALIAS_UNCACHED | (int) base;
                    v[1] = (int) size();
                }
                return 8;
            case BLANK:
                if (test) {
                    return -1;
                }
                blank = (v[0] & 1) != 0;
                v[0] = blank ? 1 : 0;
                return 4;
            case PHYSICAL_SIZE:
            case VIRTUAL_SIZE: {
                boolean physical = get == PHYSICAL_SIZE;
                if ((set || test) && validSize(v[0], v[1])) {
                    if (set && physical) {
                        width = v[0];
                        height = v[1];
                    } else if (set) {
                        virtualWidth = v[0];
                        virtualHeight = v[1];
                    }
                    return 8;
                }
                v[0] = physical ? width : virtualWidth;
                v[1] = physical ? height : virtualHeight;
                return 8;
            }
            case DEPTH:
                if ((set || test) && (v[0] == 8 || v[0] == 16 || v[0] == 24 || v[0] == 32)) {
                    if (set) {
                        depth = v[0];
                    }
                    return 4;
                }
                v[0] = depth;
                return 4;
            case PIXEL_ORDER:
                if ((set || test) && (v[0] == ORDER_BGR || v[0] == ORDER_RGB)) {
                    if (set) {
                        pixelOrder = v[0];
                    }
                    return 4;
                }
                v[0] = pixelOrder;
                return 4;
            case ALPHA_MODE:
                if ((set || test) && v[0] >= 0 && v[0] <= 2) {
                    if (set) {
                        alphaMode = v[0];
                    }
                    return 4;
                }
                v[0] = alphaMode;
                return 4;
            case PITCH:
                if (set || test) {
                    return -1;
                }
                v[0] = pitch();
                return 4;
            case VIRTUAL_OFFSET:
                if ((set || test) && v[0] >= 0 && v[1] >= 0 && v[0] < virtualWidth && v[1] < virtualHeight) {
                    if (set) {
                        offsetX = v[0];
                        offsetY = v[1];
                    }
                    return 8;
                }
                v[0] = offsetX;
                v[1] = offsetY;
                return 8;
            case OVERSCAN:
                if (set) {
                    System.arraycopy(v, 0, overscan, 0, 4);
                } else if (!test) {
                    System.arraycopy(overscan, 0, v, 0, 4);
                }
                return 16;
            case PALETTE: {
                if (!set && !test) {
                    System.arraycopy(palette, 0, v, 0, 256);
                    return 1024;
                }
                int first = v[0], length = v[1];
                boolean ok = first >= 0 && first < 256 && length >= 1 && length <= 256 - first;
                if (ok && set) {
                    System.arraycopy(v, 2, palette, first, length);
                }
                v[0] = ok ? 0 : 1;
                return 4;
            }
            case NUM_DISPLAYS:
                if (set || test) {
                    return -1;
                }
                v[0] = 1;
                return 4;
            default:
                return -1;
        }
    }

    /**
     * The visible picture read from {@code memory} now: the physical size's window of the virtual buffer
     * at the virtual offset, as opaque ARGB; null while no buffer is allocated. A blanked screen is black.
     * The generation grows whenever the picture differs from the previous snapshot's, so a display
     * repaints only on change.
     */
    public synchronized Snapshot snapshot(MemoryPort memory) {
        if (!allocated) {
            return null;
        }
        int w = Math.min(width, virtualWidth - offsetX), h = Math.min(height, virtualHeight - offsetY);
        int[] argb = new int[w * h];
        int bytes = depth / 8;
        long pitch = pitch();
        if (!blank) {
            for (int y = 0; y < h; y++) {
                long row = base + (offsetY + y) * pitch + (long) offsetX * bytes;
                for (int x = 0; x < w; x++) {
                    long a = row + (long) x * bytes;
                    argb[y * w + x] = memory.isRam(a) ? decode(bytes == 3
                            ? memory.read(a, 2) | memory.read(a + 2, 1) << 16 : memory.read(a, bytes)) : 0xFF00_0000;
                }
            }
        } else {
            Arrays.fill(argb, 0xFF00_0000);
        }
        if (w != lastWidth || h != lastHeight || !Arrays.equals(argb, lastPixels)) {
            generation++;
            lastWidth = w;
            lastHeight = h;
            lastPixels = argb;
        }
        return new Snapshot(w, h, argb.clone(), generation);
    }

    private int decode(long raw) {
        int r, g, b;
        if (depth == 16) {
            r = (int) (raw >>> 11 & 0x1F) << 3;
            g = (int) (raw >>> 5 & 0x3F) << 2;
            b = (int) (raw & 0x1F) << 3;
        } else {
            int word = depth == 8 ? palette[(int) raw & 0xFF] : (int) raw;
            r = word & 0xFF;
            g = word >>> 8 & 0xFF;
            b = word >>> 16 & 0xFF;
        }
        if (pixelOrder == ORDER_BGR) {
            int t = r;
            r = b;
            b = t;
        }
        return 0xFF00_0000 | r << 16 | g << 8 | b;
    }

    /** A picture: {@code argb[y * width + x]}, and the generation it belongs to. */
    public record Snapshot(int width, int height, int[] argb, long generation) {
    }
}
