package visor.soc.boot;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Raspberry Pi firmware's config.txt, as far as the boot it describes can be modelled: one
 * {@code key=value} per line, {@code #} comments, {@code [filter]} sections of which {@code [all]} and
 * the Pi 3 ones ({@code [pi3]}, {@code [pi3+]}) apply and the other models' are skipped
 * (raspberrypi.com/documentation, "config.txt"). Honoured keys: kernel_old, kernel_address, arm_64bit,
 * enable_uart, core_freq, kernel, initramfs, device_tree, cmdline. A malformed line or value is an error naming
 * the file and line; an unknown key is a warning.
 *
 * @param kernelOld        kernel_old=1: the image at 0, every core entering it at EL3 (no armstub)
 * @param kernelAddress    kernel_address, or -1 for the default (0x80000; 0 with kernel_old)
 * @param enableUart       enable_uart (default 1 here: the console the firmware leaves on the mini-UART)
 * @param coreFreqMhz      core_freq in MHz, or 0 for the default
 * @param kernel           kernel= file name, or null for kernel8.img
 * @param initramfs        initramfs file name, or null
 * @param initramfsAddress its load address, or -1 for {@code followkernel}
 * @param deviceTree       device_tree= file name, or null
 * @param cmdline          cmdline= file name, or null for cmdline.txt: the kernel command line, with a device tree
 */
public record ConfigTxt(boolean kernelOld, long kernelAddress, boolean enableUart, int coreFreqMhz, String kernel,
                        String initramfs, long initramfsAddress, String deviceTree, String cmdline) {
    public static final String DEFAULT_KERNEL = "kernel8.img";
    public static final String DEFAULT_CMDLINE = "cmdline.txt";
    public static final long FOLLOW_KERNEL = -1;

    /** Keys the firmware knows that change nothing in this model (display, GPU memory, ATAG/DT details). */
    private static final Set<String> NO_EFFECT = Set.of("disable_commandline_tags", "gpu_mem", "gpu_mem_256",
            "gpu_mem_512", "gpu_mem_1024", "disable_splash", "boot_delay", "disable_overscan", "hdmi_force_hotplug",
            "hdmi_group", "hdmi_mode", "hdmi_drive", "framebuffer_width", "framebuffer_height", "dtparam",
            "dtoverlay", "start_file", "fixup_file", "avoid_warnings", "force_turbo", "arm_freq", "uart_2ndstage",
            "init_uart_baud", "init_uart_clock", "camera_auto_detect", "display_auto_detect",
            "max_framebuffers", "dtdebug", "device_tree_address", "disable_fw_kms_setup", "arm_boost");
    private static final Set<String> PI3_FILTERS = Set.of("all", "pi3", "pi3+");
    private static final Set<String> OTHER_MODELS = Set.of("none", "pi0", "pi0w", "pi02", "pi1", "pi2", "pi4",
            "pi400", "cm4", "cm4s", "pi5", "cm5", "board-type=0x11");

    /** A malformed config.txt line, with "file:line: " in its message. */
    public static final class Error extends IllegalArgumentException {
        public Error(String message) {
            super(message);
        }
    }

    /** The firmware's defaults: what happens without a config.txt. */
    public static ConfigTxt defaults() {
        return new ConfigTxt(false, -1, true, 0, null, null, FOLLOW_KERNEL, null, null);
    }

    /**
     * Parses {@code text} read from {@code file} (named in messages as given); each ignored line is
     * reported to {@code warnings} as "file:line: ..." as soon as it is read.
     *
     * @throws Error for the first line that cannot be understood
     */
    public static ConfigTxt parse(String file, String text, Consumer<String> warnings) {
        boolean kernelOld = false;
        long kernelAddress = -1;
        boolean enableUart = true;
        int coreFreq = 0;
        String kernel = null;
        String initramfs = null;
        long initramfsAddress = FOLLOW_KERNEL;
        String deviceTree = null;
        String cmdline = null;
        boolean applies = true;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String where = file + ":" + (n + 1) + ": ";
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new Error(where + "section filter '" + line + "' has no closing ']'");
                }
                String filter = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (PI3_FILTERS.contains(filter)) {
                    applies = true;
                } else if (OTHER_MODELS.contains(filter)) {
                    applies = false;
                } else {
                    warnings.accept(where + "filter [" + filter + "] is not modelled; the lines after it apply");
                    applies = true;
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new Error(where + "'" + line + "' is not key=value");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (!applies) {
                continue;
            }
            switch (key) {
                case "kernel_old" -> kernelOld = flag(where, key, value);
                case "kernel_address" -> {
                    kernelAddress = number(where, key, value);
                    if (kernelAddress < 0 || (kernelAddress & 3) != 0) {
                        throw new Error(where + "kernel_address=" + value + ": expected a 4-byte aligned address");
                    }
                }
                case "arm_64bit" -> {
                    if (!flag(where, key, value)) {
                        throw new Error(where + "arm_64bit=0 asks for a 32-bit (AArch32) kernel; the modelled cores run AArch64 only");
                    }
                }
                case "enable_uart" -> enableUart = flag(where, key, value);
                case "core_freq" -> {
                    long mhz = number(where, key, value);
                    if (mhz < 100 || mhz > 1000) {
                        throw new Error(where + "core_freq=" + value + ": expected MHz between 100 and 1000");
                    }
                    coreFreq = (int) mhz;
                }
                case "kernel" -> kernel = fileName(where, key, value);
                case "device_tree" -> deviceTree = value.isEmpty() ? null : fileName(where, key, value);
                case "cmdline" -> cmdline = fileName(where, key, value);
                case "initramfs" -> {
                    String[] parts = value.split("\\s+");
                    if (parts.length > 2 || parts[0].isEmpty()) {
                        throw new Error(where + "initramfs=" + value + ": expected 'FILE [ADDRESS|followkernel]'");
                    }
                    initramfs = fileName(where, key, parts[0]);
                    initramfsAddress = parts.length == 1 || parts[1].equalsIgnoreCase("followkernel")
                            ? FOLLOW_KERNEL : number(where, key, parts[1]);
                }
                default -> {
                    if (!NO_EFFECT.contains(key) && !key.startsWith("hdmi_") && !key.startsWith("dtoverlay")) {
                        warnings.accept(where + "unknown key '" + key + "' ignored");
                    }
                }
            }
        }
        return new ConfigTxt(kernelOld, kernelAddress, enableUart, coreFreq, kernel, initramfs, initramfsAddress,
                deviceTree, cmdline);
    }

    /** The kernel file the firmware loads. */
    public String kernelFile() {
        return kernel != null ? kernel : DEFAULT_KERNEL;
    }

    /** The file holding the kernel command line. */
    public String cmdlineFile() {
        return cmdline != null ? cmdline : DEFAULT_CMDLINE;
    }

    /** Where the kernel goes: 0 with kernel_old, else kernel_address or 0x80000. */
    public long loadAddress() {
        if (kernelOld) {
            return 0;
        }
        return kernelAddress >= 0 ? kernelAddress : LinuxBoot.RAW_LOAD_ADDRESS;
    }

    private static boolean flag(String where, String key, String value) {
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new Error(where + key + "=" + value + ": expected 0 or 1");
        };
    }

    private static long number(String where, String key, String value) {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return Long.parseLong(value.substring(2), 16);
            }
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Error(where + key + "=" + value + ": not a number (decimal or 0x hex)");
        }
    }

    private static String fileName(String where, String key, String value) {
        if (value.isEmpty()) {
            throw new Error(where + key + "= needs a file name");
        }
        return value;
    }
}
