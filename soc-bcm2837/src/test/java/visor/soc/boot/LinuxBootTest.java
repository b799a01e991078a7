package visor.soc.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LinuxBootTest {
    private static final long MiB = 1L << 20;
    private static final long ARM_MEMORY = 0x3C00_0000L;
    private static final long RAM = 0x3F00_0000L;

    /** An arm64 Image header (booting.rst) in front of {@code length} bytes. */
    private static byte[] image(long textOffset, long imageSize, long flags, int length) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x1400_0010); // code0: b +0x40
        b.putLong(8, textOffset).putLong(16, imageSize).putLong(24, flags);
        b.put(56, (byte) 'A').put(57, (byte) 'R').put(58, (byte) 'M').put(59, (byte) 0x64);
        return b.array();
    }

    /** A Pi-like DTB: two address and one size cell at the root, memory@0 with an empty reg (the firmware fills it). */
    private static byte[] piDtb() {
        DeviceTree t = DeviceTree.empty();
        t.root().setCells("#address-cells", 1, 1);
        t.root().setCells("#size-cells", 1, 1);
        DeviceTree.Node mem = t.nodeOrCreate("/memory@0");
        mem.setString("device_type", "memory");
        mem.setCells("reg", 1, 0, 0);
        t.nodeOrCreate("/chosen");
        return t.toBytes();
    }

    @Test
    void imageWithHeaderLoadsAtTwoMebibytesPlusTextOffsetLikeQemu() {
        assertEquals(2 * MiB, LinuxBoot.plan(image(0, 32 * MiB, 0xA, 4096), piDtb(), null, null, ARM_MEMORY, RAM).kernelAddress());
        // Pre-5.8 kernels carry text_offset 0x80000: base 0 + text_offset (above QEMU's 4 KiB stub page).
        assertEquals(0x80000, LinuxBoot.plan(image(0x80000, 16 * MiB, 0xA, 4096), piDtb(), null, null, ARM_MEMORY, RAM).kernelAddress());
    }

    @Test
    void rawBinaryOrPre317ImageLoadsAt0x80000() {
        assertEquals(0x80000, LinuxBoot.raw(new byte[64]).kernelAddress());
        assertEquals(0x80000, LinuxBoot.plan(new byte[256], null, null, null, ARM_MEMORY, RAM).kernelAddress());
        assertEquals(0x80000, LinuxBoot.plan(image(0x80000, 0, 0, 256), null, null, null, ARM_MEMORY, RAM).kernelAddress(),
                "image_size 0: text_offset unreliable, the old default");
    }

    @Test
    void dtbIsPatchedAndPlacedEightByteAlignedBelow512MiBAfterTheInitrd() {
        byte[] initrd = new byte[3 * (int) MiB + 5];
        LinuxBoot b = LinuxBoot.plan(image(0, 40 * MiB, 0xA, 4096), piDtb(), "console=ttyAMA0 root=/dev/ram0", initrd, ARM_MEMORY, RAM);
        assertEquals(128 * MiB, b.initrdAddress());
        assertEquals(0, b.dtbAddress() % 8);
        assertTrue(b.dtbAddress() >= b.initrdAddress() + initrd.length, "DTB after the initrd");
        assertTrue(b.dtbAddress() + b.dtb().length <= 512 * MiB);
        assertEquals(b.dtbAddress() / (2 * MiB), (b.dtbAddress() + b.dtb().length - 1) / (2 * MiB), "within one 2 MiB block");

        DeviceTree t = DeviceTree.parse(b.dtb());
        assertEquals("console=ttyAMA0 root=/dev/ram0", t.node("/chosen").string("bootargs"));
        assertArrayEquals(new long[] {128 * MiB}, t.node("/chosen").cells("linux,initrd-start"));
        assertArrayEquals(new long[] {128 * MiB + initrd.length}, t.node("/chosen").cells("linux,initrd-end"));
        assertArrayEquals(new long[] {0, ARM_MEMORY}, t.node("/memory").cells("reg"), "the ARM's share of RAM, in the root's cell sizes");
    }

    @Test
    void withoutCommandLineOrInitrdChosenKeepsWhatTheDtbHad() {
        LinuxBoot b = LinuxBoot.plan(image(0, 32 * MiB, 0xA, 4096), piDtb(), "", null, ARM_MEMORY, RAM);
        DeviceTree t = DeviceTree.parse(b.dtb());
        assertNull(t.node("/chosen").string("bootargs"));
        assertNull(t.node("/chosen").property("linux,initrd-start"));
        assertEquals(0, b.initrdAddress());
        assertEquals(128 * MiB, b.dtbAddress(), "no initrd: the DTB takes its place");
    }

    @Test
    void twoCellRootGetsTwoCellMemoryRegAndAMissingMemoryNodeIsCreated() {
        DeviceTree t = DeviceTree.empty();
        t.root().setCells("#address-cells", 1, 2);
        t.root().setCells("#size-cells", 1, 2);
        LinuxBoot b = LinuxBoot.plan(image(0, 32 * MiB, 0xA, 4096), t.toBytes(), "x", null, ARM_MEMORY, RAM);
        DeviceTree out = DeviceTree.parse(b.dtb());
        assertEquals("memory", out.node("/memory").string("device_type"));
        assertArrayEquals(new long[] {0, 0, 0, ARM_MEMORY}, out.node("/memory").cells("reg"));
    }

    @Test
    void refusesWhatCannotBoot() {
        assertThrows(IllegalArgumentException.class,
                () -> LinuxBoot.plan(image(0, 32 * MiB, 0xB, 4096), piDtb(), null, null, ARM_MEMORY, RAM), "big-endian");
        assertThrows(IllegalArgumentException.class,
                () -> LinuxBoot.plan(image(0, 2L << 30, 0xA, 4096), piDtb(), null, null, ARM_MEMORY, RAM), "larger than RAM");
        assertThrows(IllegalArgumentException.class,
                () -> LinuxBoot.plan(image(0, 32 * MiB, 0xA, 4096), null, "console=ttyS1", null, ARM_MEMORY, RAM), "bootargs need a DTB");
        assertThrows(IllegalArgumentException.class,
                () -> LinuxBoot.plan(image(0, 32 * MiB, 0xA, 4096), new byte[64], null, null, ARM_MEMORY, RAM), "not a DTB");
    }
}
