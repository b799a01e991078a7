package visor.soc.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import visor.cpu.debug.SymbolTable;

/**
 * An ELF64 little-endian AArch64 executable (System V gABI, "ELF for the Arm 64-bit Architecture"): its
 * PT_LOAD segments at their physical addresses (p_paddr), the entry point (e_entry) and the function and
 * object symbols of .symtab.
 */
public record ElfImage(List<Segment> segments, long entry, SymbolTable symbols) {
    /** p_filesz bytes from the file at {@code address}, followed by {@code memSize - bytes.length} zero bytes. */
    public record Segment(long address, byte[] bytes, long memSize) {
    }

    static final int EM_AARCH64 = 183;
    static final int PT_LOAD = 1;
    static final int SHT_SYMTAB = 2;
    static final int STT_OBJECT = 1, STT_FUNC = 2;

    /** True if {@code image} starts with the ELF magic (0x7F 'E' 'L' 'F'). */
    public static boolean isElf(byte[] image) {
        return image.length >= 4 && image[0] == 0x7F && image[1] == 'E' && image[2] == 'L' && image[3] == 'F';
    }

    /**
     * Parses {@code image}.
     *
     * @throws IllegalArgumentException naming what is wrong: not ELF64, big-endian, another machine, not
     *     an executable, a truncated header or segment
     */
    public static ElfImage parse(byte[] image) {
        if (!isElf(image)) {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (image.length < 64) {
            throw new IllegalArgumentException("ELF header truncated (" + image.length + " bytes)");
        }
        if (image[4] != 2) {
            throw new IllegalArgumentException("ELF32 image: the machine runs AArch64 (ELF64) only");
        }
        if (image[5] != 1) {
            throw new IllegalArgumentException("big-endian ELF: the machine runs little-endian AArch64");
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(16) & 0xFFFF;
        int machine = b.getShort(18) & 0xFFFF;
        if (machine != EM_AARCH64) {
            throw new IllegalArgumentException("ELF for machine " + machine + " (" + machineName(machine)
                    + "), not AArch64 (183)");
        }
        if (type != 2) {
            throw new IllegalArgumentException("ELF type " + type + " is not an executable (ET_EXEC)");
        }
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        long shoff = b.getLong(40);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        int shentsize = b.getShort(58) & 0xFFFF;
        int shnum = b.getShort(60) & 0xFFFF;

        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int ph = checkedOffset(image, phoff + (long) i * phentsize, 56, "program header " + i);
            if (b.getInt(ph) != PT_LOAD) {
                continue;
            }
            long offset = b.getLong(ph + 8);
            long paddr = b.getLong(ph + 24);
            long filesz = b.getLong(ph + 32);
            long memsz = b.getLong(ph + 40);
            if (memsz == 0) {
                continue;
            }
            if (filesz > memsz) {
                throw new IllegalArgumentException("PT_LOAD " + i + ": p_filesz 0x" + Long.toHexString(filesz)
                        + " exceeds p_memsz 0x" + Long.toHexString(memsz));
            }
            int from = checkedOffset(image, offset, filesz, "PT_LOAD " + i);
            byte[] bytes = new byte[(int) filesz];
            System.arraycopy(image, from, bytes, 0, bytes.length);
            segments.add(new Segment(paddr, bytes, memsz));
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("ELF has no PT_LOAD segment");
        }
        return new ElfImage(List.copyOf(segments), entry, symbols(image, b, shoff, shentsize, shnum));
    }

    private static SymbolTable symbols(byte[] image, ByteBuffer b, long shoff, int shentsize, int shnum) {
        List<SymbolTable.Symbol> out = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = checkedOffset(image, shoff + (long) i * shentsize, 64, "section header " + i);
            if (b.getInt(sh + 4) != SHT_SYMTAB) {
                continue;
            }
            int strtab = checkedOffset(image, shoff + (long) b.getInt(sh + 40) * shentsize, 64, "string table header");
            int strOff = checkedOffset(image, b.getLong(strtab + 24), b.getLong(strtab + 32), "string table");
            int strEnd = strOff + (int) b.getLong(strtab + 32);
            long size = b.getLong(sh + 32);
            int entsize = (int) Math.max(24, b.getLong(sh + 56));
            int sym = checkedOffset(image, b.getLong(sh + 24), size, "symbol table");
            for (long s = sym; s + 24 <= sym + size; s += entsize) {
                int at = (int) s;
                int type = image[at + 4] & 0xF;
                int shndx = b.getShort(at + 6) & 0xFFFF;
                if ((type != STT_FUNC && type != STT_OBJECT) || shndx == 0) {
                    continue;
                }
                String name = cString(image, strOff + b.getInt(at), strEnd);
                if (!name.isEmpty()) {
                    out.add(new SymbolTable.Symbol(name, b.getLong(at + 8), b.getLong(at + 16)));
                }
            }
        }
        return new SymbolTable(out);
    }

    private static String cString(byte[] image, int from, int end) {
        int to = from;
        while (to < end && image[to] != 0) {
            to++;
        }
        return new String(image, from, to - from, StandardCharsets.UTF_8);
    }

    private static int checkedOffset(byte[] image, long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset + length > image.length) {
            throw new IllegalArgumentException(what + " lies outside the file (offset 0x" + Long.toHexString(offset)
                    + ", 0x" + Long.toHexString(length) + " bytes, file 0x" + Integer.toHexString(image.length) + ")");
        }
        return (int) offset;
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "x86";
            case 40 -> "ARM (32-bit)";
            case 62 -> "x86-64";
            case 243 -> "RISC-V";
            default -> "unknown";
        };
    }

    /** The lowest address any segment covers. */
    public long lowestAddress() {
        long low = -1;
        for (Segment s : segments) {
            if (Long.compareUnsigned(s.address(), low) < 0) {
                low = s.address();
            }
        }
        return low;
    }
}
