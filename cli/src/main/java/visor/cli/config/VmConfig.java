package visor.cli.config;

import java.nio.file.Path;
import visor.cpu.AlignmentPolicy;

/**
 * One {@code [[vm]]} table, validated: addresses lie in guest RAM outside the MMIO window and the image
 * fits in memory at its load address.
 *
 * @param image resolved against the directory of the configuration file
 * @param memory guest RAM in bytes, a multiple of 4 KiB
 * @param dtb    a device tree: the image is a Linux kernel, placed by the arm64 boot protocol (load, entry
 *               and sp unused), or null
 * @param initrd an initial ramdisk for that kernel, or null
 * @param append the kernel command line, or null
 * @param alignment its own {@code alignment}, or null for the {@code [hypervisor]} one
 * @param gdb the TCP port of a gdb server for the VM's vCPU (0: any free port), or -1 for none
 * @param window {@code display = "window"}: a window shows its framebuffer and types into its console
 */
public record VmConfig(String name, Path image, long load, long entry, long sp, long memory, boolean autostart,
                       boolean optional, Path dtb, Path initrd, String append, AlignmentPolicy alignment, int gdb,
                       boolean window) {
    public VmConfig(String name, Path image, long load, long entry, long sp, long memory, boolean autostart,
                    boolean optional, Path dtb, Path initrd, String append) {
        this(name, image, load, entry, sp, memory, autostart, optional, dtb, initrd, append, null, -1, false);
    }

    /** A VM running a raw image. */
    public VmConfig(String name, Path image, long load, long entry, long sp, long memory, boolean autostart,
                    boolean optional) {
        this(name, image, load, entry, sp, memory, autostart, optional, null, null, null);
    }
}
