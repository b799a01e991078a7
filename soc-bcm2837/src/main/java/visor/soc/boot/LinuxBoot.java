package visor.soc.boot;

import visor.soc.device.Framebuffer;

/**
 * Where a boot loader puts Linux, its device tree and initrd in RAM, following QEMU's hw/arm/boot.c
 * (the reference for {@code -M raspi3b -kernel -dtb -append -initrd}) and the arm64 boot protocol
 * (Documentation/arch/arm64/booting.rst):
 * <ul>
 * <li>an arm64 Image goes to a 2 MiB aligned base + text_offset; QEMU takes base 0 and moves an offset
 *     below 4 KiB (its boot stub's page) up by 2 MiB, so today's text_offset 0 kernels sit at 0x200000;
 *     a raw binary goes to 0x80000 like the Pi firmware's kernel8.img;</li>
 * <li>the initrd at 128 MiB (above the kernel if that is bigger), the DTB after it on the next 2 MiB
 *     boundary: 8-byte aligned, within one 2 MiB block and below 512 MiB as booting.rst asks;</li>
 * <li>the DTB's /memory reg says the ARM's share of RAM (the firmware's split: what the mailbox
 *     reports), /chosen gets bootargs and linux,initrd-start/-end.</li>
 * </ul>
 * Core 0 enters the kernel with x0 = the DTB's address and x1-x3 = 0.
 *
 * @param kernel         the image
 * @param kernelAddress  where the image is loaded and core 0 starts
 * @param dtbAddress     where the patched DTB is loaded (x0), or 0 without one
 * @param dtb            the patched DTB, or null
 * @param initrdAddress  where the initrd is loaded, or 0 without one
 * @param initrd         the initrd, or null
 */
public record LinuxBoot(byte[] kernel, long kernelAddress, byte[] dtb, long dtbAddress, byte[] initrd, long initrdAddress) {
    public static final long RAW_LOAD_ADDRESS = 0x8_0000;
    static final long MiB = 1L << 20;
    static final long INITRD_ADDRESS = 128 * MiB;
    /** booting.rst: the DTB must lie within the first 512 MiB from the kernel's start. */
    static final long DTB_LIMIT = 512 * MiB;
    /** DTBs over 2 MiB are refused by the kernel (booting.rst: "must not exceed 2 megabytes"). */
    static final long DTB_MAX = 2 * MiB;

    /** Which input a refusal is about, so the user is told the file to fix. */
    public enum Part { KERNEL, INITRD, DTB }

    /** A kernel, initrd or device tree that cannot be booted: too big for RAM, malformed. */
    public static final class RefusedException extends IllegalArgumentException {
        private final Part part;

        public RefusedException(Part part, String message) {
            super(message);
            this.part = part;
        }

        public Part part() {
            return part;
        }
    }

    /** A raw binary at 0x80000 with nothing else, as the firmware loads kernel8.img. */
    public static LinuxBoot raw(byte[] image) {
        return new LinuxBoot(image, RAW_LOAD_ADDRESS, null, 0, null, 0);
    }

    /**
     * Lays out {@code kernel} with an optional DTB (patched with {@code bootargs}, the initrd bounds and
     * {@code armMemory} bytes of RAM from 0) and optional initrd in {@code ramBytes} of RAM.
     *
     * @throws RefusedException when something does not fit or the DTB is malformed, naming the part
     */
    public static LinuxBoot plan(byte[] kernel, byte[] dtbBlob, String bootargs, byte[] initrd, long armMemory, long ramBytes) {
        return plan(kernel, dtbBlob, bootargs, initrd, armMemory, ramBytes, null);
    }

    /**
     * As above; with a {@code framebuffer} the firmware's console buffer is allocated and described to
     * the kernel as the firmware does for a kernel without a VideoCore driver: a simple-framebuffer node
     * in /chosen (bindings/display/simple-framebuffer.yaml), outside the ARM's /memory.
     */
    public static LinuxBoot plan(byte[] kernel, byte[] dtbBlob, String bootargs, byte[] initrd, long armMemory, long ramBytes,
                                 Framebuffer framebuffer) {
        Arm64Image header = Arm64Image.of(kernel);
        if (header != null && header.bigEndian()) {
            throw new RefusedException(Part.KERNEL, "big-endian arm64 Image: the machine boots little-endian kernels");
        }
        long kernelAddress = RAW_LOAD_ADDRESS;
        long kernelSize = kernel.length;
        if (header != null && header.imageSize() != 0) {
            kernelAddress = header.textOffset() < 4096 ? header.textOffset() + 2 * MiB : header.textOffset();
            kernelSize = Long.compareUnsigned(header.imageSize(), kernelSize) > 0 ? header.imageSize() : kernelSize;
        }
        if (kernelAddress >= armMemory || Long.compareUnsigned(kernelSize, armMemory - kernelAddress) > 0) {
            throw new RefusedException(Part.KERNEL, "kernel of " + Long.toUnsignedString(kernelSize) + " bytes at 0x" + Long.toHexString(kernelAddress)
                    + " does not fit in " + (armMemory >> 20) + " MiB of RAM");
        }
        if (dtbBlob == null) {
            if (initrd != null || (bootargs != null && !bootargs.isEmpty())) {
                throw new RefusedException(Part.KERNEL, "a command line or initrd reaches Linux through the device tree: give a DTB too");
            }
            return new LinuxBoot(kernel, kernelAddress, null, 0, null, 0);
        }

        long initrdAddress = Math.max(INITRD_ADDRESS, align(kernelAddress + kernelSize, 4096));
        long initrdSize = initrd == null ? 0 : initrd.length;
        if (initrdAddress + initrdSize > armMemory) {
            throw new RefusedException(Part.INITRD, "initrd of " + initrdSize + " bytes at 0x" + Long.toHexString(initrdAddress)
                    + " does not fit in RAM");
        }
        long dtbAddress = align(initrdAddress + initrdSize, 2 * MiB);
        byte[] dtb;
        try {
            dtb = patch(dtbBlob, bootargs, initrd == null ? -1 : initrdAddress, initrdSize, armMemory, framebuffer);
        } catch (RefusedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new RefusedException(Part.DTB, e.getMessage());
        }
        if (dtb.length > DTB_MAX) {
            throw new RefusedException(Part.DTB, "device tree of " + dtb.length + " bytes: Linux takes at most 2 MiB");
        }
        if (dtbAddress + dtb.length > Math.min(armMemory, kernelAddress + DTB_LIMIT)) {
            throw new RefusedException(Part.DTB, "no room for the device tree below 512 MiB after the initrd");
        }
        return new LinuxBoot(kernel, kernelAddress, dtb, dtbAddress, initrd, initrd == null ? 0 : initrdAddress);
    }

    /**
     * The DTB with /memory = {@code armMemory} bytes from 0, /chosen bootargs, the initrd bounds (none when
     * {@code initrdAddress} is -1) and the firmware's framebuffer node, if there is a {@code framebuffer}.
     */
    private static byte[] patch(byte[] dtbBlob, String bootargs, long initrdAddress, long initrdSize, long armMemory,
                                Framebuffer framebuffer) {
        DeviceTree tree = DeviceTree.parse(dtbBlob);
        DeviceTree.Node root = tree.root();
        int addressCells = cellCount(root, "#address-cells", 2);
        int sizeCells = cellCount(root, "#size-cells", 1);
        DeviceTree.Node memory = root.child("memory");
        if (memory == null) {
            memory = root.addChild("memory@0");
            memory.setString("device_type", "memory");
        }
        memory.setProperty("reg", reg(addressCells, sizeCells, 0, armMemory));
        DeviceTree.Node chosen = tree.nodeOrCreate("/chosen");
        if (bootargs != null && !bootargs.isEmpty()) {
            chosen.setString("bootargs", bootargs);
        }
        if (framebuffer != null) {
            framebuffer.allocateForConsole();
            // reg in /chosen is translated 1:1 to a CPU address only with an empty ranges there.
            chosen.setCells("#address-cells", 1, addressCells);
            chosen.setCells("#size-cells", 1, sizeCells);
            chosen.setProperty("ranges", new byte[0]);
            DeviceTree.Node fb = chosen.addChild("framebuffer@" + Long.toHexString(framebuffer.base()));
            fb.setString("compatible", "simple-framebuffer");
            fb.setProperty("reg", reg(addressCells, sizeCells, framebuffer.base(), framebuffer.sizeBytes()));
            fb.setCells("width", 1, framebuffer.width());
            fb.setCells("height", 1, framebuffer.height());
            fb.setCells("stride", 1, framebuffer.pitch());
            fb.setString("format", "a8r8g8b8");
            fb.setString("status", "okay");
        }
        if (initrdAddress >= 0) {
            chosen.setCells("linux,initrd-start", 1, initrdAddress);
            chosen.setCells("linux,initrd-end", 1, initrdAddress + initrdSize);
        }
        return tree.toBytes();
    }

    private static int cellCount(DeviceTree.Node node, String name, int dflt) {
        long[] v = node.cells(name);
        if (v == null || v.length != 1) {
            return dflt;
        }
        if (v[0] != 1 && v[0] != 2) {
            throw new IllegalArgumentException("device tree: " + name + " = " + v[0] + ", expected 1 or 2");
        }
        return (int) v[0];
    }

    /** A reg entry: one address and one size in the parent's cell counts. */
    private static byte[] reg(int addressCells, int sizeCells, long address, long size) {
        byte[] a = DeviceTree.encodeCells(addressCells, address);
        byte[] s = DeviceTree.encodeCells(sizeCells, size);
        byte[] out = new byte[a.length + s.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(s, 0, out, a.length, s.length);
        return out;
    }

    private static long align(long v, long to) {
        return (v + to - 1) & -to;
    }
}
