package visor.cli.boot;

import java.nio.file.Path;
import visor.cpu.AlignmentPolicy;
import visor.soc.boot.ConfigTxt;

/**
 * What {@code boot} asks of the bare machine.
 *
 * @param kernel   the image's bytes: a raw binary goes to 0x80000 as the firmware loads it, an arm64
 *                 Linux Image where its header says (booting.rst)
 * @param sdCard   a raw SD card image, or null for no card
 * @param dtb      a device tree blob handed to the kernel in x0, or null
 * @param bootargs kernel command line written to the DTB's /chosen/bootargs, or null
 * @param initrd   an initial ramdisk whose bounds go to /chosen, or null
 * @param config   the firmware's config.txt settings (kernel_old, kernel_address, enable_uart, core_freq,
 *                 initramfs address); {@link ConfigTxt#defaults()} without one
 */
public record BootSpec(Path image, byte[] kernel, Path sdCard, int cores, Clock clock, long ramBytes, long rngSeed,
                       byte[] dtb, String bootargs, byte[] initrd, AlignmentPolicy alignment, ConfigTxt config) {
    public enum Clock { REALTIME, VIRTUAL }

    /** The board's 1 GiB; the machine itself reports the VideoCore split to the guest. */
    public static final long DEFAULT_RAM = 1L << 30;

    /** A plain image, no device tree. */
    public BootSpec(Path image, byte[] kernel, Path sdCard, int cores, Clock clock, long ramBytes, long rngSeed) {
        this(image, kernel, sdCard, cores, clock, ramBytes, rngSeed, null, null, null, AlignmentPolicy.WARN,
                ConfigTxt.defaults());
    }

    /** True when the image boots as Linux does: with a device tree (and maybe a command line and initrd). */
    public boolean linux() {
        return dtb != null;
    }
}
