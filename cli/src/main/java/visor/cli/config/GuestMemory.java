package visor.cli.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Guest physical layout facts and the parsing of memory sizes and addresses. */
public final class GuestMemory {
    /** Guest RAM is IPA 0 up to the peripherals, as on the board. */
    public static final long RAM_LIMIT = 0x3F00_0000L;
    public static final long MMIO_BASE = 0x3F00_0000L;
    /** Last byte of the ARM local peripherals, the end of the window the virtual SoC answers. */
    public static final long MMIO_LAST = 0x4003_FFFFL;
    public static final long PAGE = 4096;

    private static final Pattern SIZE = Pattern.compile("(0[xX][0-9a-fA-F_]+|[0-9_]+)\\s*([kKmMgG])?(i?[bB])?");

    private GuestMemory() {
    }

    public static boolean inMmioWindow(long address) {
        return address >= MMIO_BASE && address <= MMIO_LAST;
    }

    /**
     * What is wrong with {@code v} as a guest address (load, entry or sp), or null if nothing: inside the
     * MMIO window, outside guest RAM or the VM's memory, or not {@code alignment}-byte aligned. The config
     * and {@code vmld} check the same rules.
     *
     * @param memory the VM's memory size, or -1 when it is itself invalid
     * @param topInclusive true for sp: a full descending stack may start at the very end of RAM
     */
    public static String addressProblem(long v, long memory, int alignment, boolean topInclusive) {
        if (v < 0) {
            return v + " is negative";
        } else if (topInclusive && v == memory && v % alignment == 0) {
            // An empty full descending stack at the end of RAM; the first push lands below the MMIO window.
            return null;
        } else if (inMmioWindow(v)) {
            return hex(v) + " is inside the MMIO window " + hex(MMIO_BASE) + "-" + hex(MMIO_LAST);
        } else if (v > RAM_LIMIT || v == RAM_LIMIT && !topInclusive) {
            return hex(v) + " is outside guest RAM " + hex(0) + "-" + hex(RAM_LIMIT - 1);
        } else if (memory >= 0 && (v > memory || v == memory && !topInclusive)) {
            return hex(v) + " is outside the VM's memory " + hex(0) + "-" + hex(memory - 1) + " (memory = " + formatSize(memory) + ")";
        } else if (v % alignment != 0) {
            return hex(v) + " is not " + alignment + "-byte aligned";
        }
        return null;
    }

    /**
     * Parses a size written as an integer ({@code 65536}, {@code 0x10000}) optionally followed by a binary
     * unit K, M or G ({@code "512M"}, {@code "1G"}, {@code "64KiB"}).
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: \"512M\", \"1G\", \"65536\", 0x100000)");
        }
        long value = parseNumber(m.group(1));
        long unit = m.group(2) == null ? 1 : switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            default -> 1L << 30;
        };
        try {
            return Math.multiplyExact(value, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /**
     * Parses a decimal or {@code 0x} hexadecimal non-negative integer; underscores are allowed as in TOML.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static long parseNumber(String text) {
        String t = text.trim().replace("_", "");
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number (decimal or 0x hex)");
        }
    }

    /** Formats a size the way a user would write it in the configuration. */
    public static String formatSize(long bytes) {
        if (bytes % (1L << 30) == 0 && bytes != 0) {
            return bytes / (1L << 30) + "G";
        }
        if (bytes % (1L << 20) == 0 && bytes != 0) {
            return bytes / (1L << 20) + "M";
        }
        if (bytes % (1L << 10) == 0 && bytes != 0) {
            return bytes / (1L << 10) + "K";
        }
        return Long.toString(bytes);
    }

    public static String hex(long v) {
        return String.format("0x%X", v);
    }
}
