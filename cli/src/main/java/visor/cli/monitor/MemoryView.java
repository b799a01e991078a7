package visor.cli.monitor;

import visor.cpu.a64.Disassembler;
import visor.mmu.MmioBus;

import java.util.List;

/** The monitor's memory, disassembly and device views, as text (QEMU's {@code x}, {@code xp}, {@code info mmio}). */
public final class MemoryView {
    /** Largest count one {@code x}/{@code disas} shows. */
    static final int MAX_UNITS = 4096;

    private MemoryView() {
    }

    /** {@code x/Nf} or {@code xp/Nf}: N units of size f (b 1, h 2, w 4, g 8 bytes), default 1 word ({@code x/1w}). */
    public record Format(int count, int size) {
        public static Format parse(String spec) {
            int slash = spec.indexOf('/');
            if (slash < 0) {
                return new Format(1, 4);
            }
            String f = spec.substring(slash + 1);
            int i = 0;
            while (i < f.length() && Character.isDigit(f.charAt(i))) {
                i++;
            }
            int count = i == 0 ? 1 : Integer.parseInt(f.substring(0, i));
            int size = 4;
            for (char c : f.substring(i).toCharArray()) {
                switch (c) {
                    case 'b' -> size = 1;
                    case 'h' -> size = 2;
                    case 'w' -> size = 4;
                    case 'g' -> size = 8;
                    case 'x' -> { }
                    default -> throw new IllegalArgumentException("x/" + f + ": unknown format '" + c
                            + "' (sizes b h w g, format x)");
                }
            }
            if (count < 1 || count > MAX_UNITS) {
                throw new IllegalArgumentException("x/" + f + ": count must be 1-" + MAX_UNITS);
            }
            return new Format(count, size);
        }
    }

    /** Hex dump of memory at {@code address}: 16 bytes a line, units little-endian as the guest reads them. */
    public static String dump(MonitorTarget target, long address, Format format, boolean physical) {
        byte[] bytes = target.read(address, format.count() * format.size(), physical);
        StringBuilder sb = new StringBuilder();
        int perLine = Math.max(1, 16 / format.size());
        for (int u = 0; u < format.count(); u++) {
            if (u % perLine == 0) {
                if (u > 0) {
                    sb.append('\n');
                }
                sb.append(String.format("%016x:", address + (long) u * format.size()));
            }
            long v = 0;
            for (int b = format.size() - 1; b >= 0; b--) {
                v = (v << 8) | (bytes[u * format.size() + b] & 0xFF);
            }
            sb.append(String.format(" 0x%0" + (2 * format.size()) + "x", v));
        }
        return sb.append('\n').toString();
    }

    /** {@code count} instructions from {@code address}, each with its word and text. */
    public static String disassemble(MonitorTarget target, long address, int count) {
        if (count < 1 || count > MAX_UNITS) {
            throw new IllegalArgumentException("disas: count must be 1-" + MAX_UNITS);
        }
        byte[] bytes = target.read(address, 4 * count, false);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int word = (bytes[4 * i] & 0xFF) | (bytes[4 * i + 1] & 0xFF) << 8 | (bytes[4 * i + 2] & 0xFF) << 16
                    | (bytes[4 * i + 3] & 0xFF) << 24;
            long pc = address + 4L * i;
            sb.append(String.format("0x%016x: %08x  %s%n", pc, word, Disassembler.disassemble(pc, word)));
        }
        return sb.toString();
    }

    /** {@code info mmio}: each device's range and the accesses it answered. */
    public static String mmio(List<MmioBus.Mapping> mappings) {
        StringBuilder sb = new StringBuilder(String.format("%-23s  %-24s %10s%n", "range", "device", "accesses"));
        for (MmioBus.Mapping m : mappings) {
            sb.append(String.format("0x%08x-0x%08x  %-24s %10d%n", m.base(), m.end() - 1, m.device().name(), m.accesses()));
        }
        return sb.toString();
    }
}
