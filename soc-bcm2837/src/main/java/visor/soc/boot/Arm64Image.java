package visor.soc.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 64-byte header at the start of a Linux arm64 Image (Documentation/arch/arm64/booting.rst,
 * "Call the kernel image"): code0/code1, text_offset at 8, image_size at 16, flags at 24 (all
 * little-endian), magic "ARM\x64" at 56.
 *
 * @param textOffset image load offset from a 2 MiB aligned base
 * @param imageSize  bytes the kernel occupies from its load address, bss included (0: pre-3.17 kernel)
 * @param flags      bit 0 big-endian, bits 1-2 page size, bit 3 placement anywhere in memory
 */
public record Arm64Image(long textOffset, long imageSize, long flags) {
    static final int MAGIC = 0x644D_5241; // "ARM\x64" read little-endian
    static final int MAGIC_OFFSET = 56;

    /** The header of {@code image}, or null when it is not an arm64 Image (a raw binary). */
    public static Arm64Image of(byte[] image) {
        if (image.length < 64) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(MAGIC_OFFSET) != MAGIC) {
            return null;
        }
        return new Arm64Image(b.getLong(8), b.getLong(16), b.getLong(24));
    }

    public boolean bigEndian() {
        return (flags & 1) != 0;
    }
}
