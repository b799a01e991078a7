package visor.soc.boot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only access to the boot partition of an SD card image, the way the Pi firmware finds its files:
 * the first FAT partition of the MBR (types 0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E), or a card formatted
 * without a partition table. FAT12, FAT16 and FAT32 (Microsoft FAT specification, "FAT: General
 * Overview of On-Disk Format"), 8.3 and long file names, case-insensitive paths with '/'.
 */
public final class FatVolume implements AutoCloseable {
    private static final int SECTOR = 512;
    private static final int[] FAT_TYPES = {0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E};

    private final RandomAccessFile file;
    private final long base;
    private final int bytesPerSector;
    private final int clusterBytes;
    private final long fatOffset;
    private final long rootDirOffset;
    private final int rootEntries;
    private final long dataOffset;
    private final int fatBits;
    private final long rootCluster;

    private FatVolume(RandomAccessFile file, long base, ByteBuffer bpb) throws IOException {
        this.file = file;
        this.base = base;
        bytesPerSector = Short.toUnsignedInt(bpb.getShort(11));
        int sectorsPerCluster = Byte.toUnsignedInt(bpb.get(13));
        int reserved = Short.toUnsignedInt(bpb.getShort(14));
        int fats = Byte.toUnsignedInt(bpb.get(16));
        rootEntries = Short.toUnsignedInt(bpb.getShort(17));
        long total = Short.toUnsignedInt(bpb.getShort(19));
        if (total == 0) {
            total = Integer.toUnsignedLong(bpb.getInt(32));
        }
        long fatSize = Short.toUnsignedInt(bpb.getShort(22));
        if (fatSize == 0) {
            fatSize = Integer.toUnsignedLong(bpb.getInt(36));
        }
        if (bytesPerSector < 512 || Integer.bitCount(bytesPerSector) != 1 || sectorsPerCluster == 0 || fats == 0 || fatSize == 0) {
            throw new IOException("no FAT file system in the boot partition (bad BIOS parameter block)");
        }
        clusterBytes = bytesPerSector * sectorsPerCluster;
        long rootDirSectors = ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
        long firstData = reserved + fats * fatSize + rootDirSectors;
        long clusters = (total - firstData) / sectorsPerCluster;
        fatBits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
        fatOffset = base + (long) reserved * bytesPerSector;
        rootDirOffset = fatOffset + fats * fatSize * bytesPerSector;
        dataOffset = base + firstData * bytesPerSector;
        rootCluster = fatBits == 32 ? Integer.toUnsignedLong(bpb.getInt(44)) : 0;
    }

    /**
     * Opens the boot partition of {@code card}.
     *
     * @throws IOException when the image cannot be read or holds no FAT partition
     */
    public static FatVolume open(Path card) throws IOException {
        RandomAccessFile f = new RandomAccessFile(card.toFile(), "r");
        try {
            ByteBuffer mbr = read(f, 0, SECTOR);
            long base = -1;
            if (Short.toUnsignedInt(mbr.getShort(510)) == 0xAA55) {
                if (looksLikeBpb(mbr)) {
                    base = 0;
                } else {
                    for (int i = 0; i < 4 && base < 0; i++) {
                        int type = Byte.toUnsignedInt(mbr.get(446 + 16 * i + 4));
                        for (int t : FAT_TYPES) {
                            if (type == t) {
                                base = Integer.toUnsignedLong(mbr.getInt(446 + 16 * i + 8)) * SECTOR;
                            }
                        }
                    }
                }
            }
            if (base < 0) {
                throw new IOException("no FAT partition in its MBR partition table");
            }
            return new FatVolume(f, base, read(f, base, SECTOR));
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** A boot sector rather than an MBR: a jump instruction and a sane bytes-per-sector. */
    private static boolean looksLikeBpb(ByteBuffer b) {
        int jump = Byte.toUnsignedInt(b.get(0));
        int bps = Short.toUnsignedInt(b.getShort(11));
        return (jump == 0xEB || jump == 0xE9) && (bps == 512 || bps == 1024 || bps == 2048 || bps == 4096)
                && b.get(16) != 0;
    }

    /** The bytes of the file at {@code path} ("config.txt", "overlays/x.dtbo"), or null if there is none. */
    public byte[] read(String path) throws IOException {
        long cluster = rootCluster;
        boolean fixedRoot = fatBits != 32;
        Entry found = null;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (found != null) {
                if (!found.directory) {
                    return null;
                }
                cluster = found.cluster;
                fixedRoot = false;
            }
            found = null;
            for (Entry e : fixedRoot ? entries(read(file, rootDirOffset, rootEntries * 32)) : entries(chain(cluster, -1))) {
                if (e.longName.equalsIgnoreCase(part) || e.shortName.equalsIgnoreCase(part)) {
                    found = e;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
        }
        if (found == null || found.directory) {
            return null;
        }
        if (found.size > Integer.MAX_VALUE - 8) {
            throw new IOException(path + ": " + found.size + " bytes, too large to load");
        }
        ByteBuffer data = chain(found.cluster, found.size);
        byte[] out = new byte[(int) found.size];
        data.get(0, out);
        return out;
    }

    private record Entry(String longName, String shortName, boolean directory, long cluster, long size) {
    }

    private List<Entry> entries(ByteBuffer dir) {
        List<Entry> out = new ArrayList<>();
        char[] lfn = new char[20 * 13];
        int lfnLength = 0;
        for (int at = 0; at + 32 <= dir.limit(); at += 32) {
            int first = Byte.toUnsignedInt(dir.get(at));
            if (first == 0) {
                break;
            }
            int attr = Byte.toUnsignedInt(dir.get(at + 11));
            if (first == 0xE5) {
                lfnLength = 0;
                continue;
            }
            if (attr == 0x0F) {
                int ord = first & 0x1F;
                if (ord == 0 || ord > 20) {
                    continue;
                }
                if ((first & 0x40) != 0) {
                    lfnLength = 0;
                }
                int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
                for (int k = 0; k < 13; k++) {
                    char c = dir.getChar(at + offsets[k]);
                    int pos = (ord - 1) * 13 + k;
                    lfn[pos] = c;
                    if (c != 0 && c != 0xFFFF) {
                        lfnLength = Math.max(lfnLength, pos + 1);
                    }
                }
                continue;
            }
            if ((attr & 0x08) != 0) {
                lfnLength = 0;
                continue;
            }
            byte[] raw = new byte[11];
            dir.get(at, raw);
            String name = new String(raw, 0, 8, StandardCharsets.ISO_8859_1).strip();
            String ext = new String(raw, 8, 3, StandardCharsets.ISO_8859_1).strip();
            String shortName = ext.isEmpty() ? name : name + "." + ext;
            long cluster = (long) Short.toUnsignedInt(dir.getShort(at + 20)) << 16 | Short.toUnsignedInt(dir.getShort(at + 26));
            long size = Integer.toUnsignedLong(dir.getInt(at + 28));
            String longName = lfnLength > 0 ? new String(lfn, 0, lfnLength) : shortName;
            out.add(new Entry(longName, shortName, (attr & 0x10) != 0, cluster, size));
            lfnLength = 0;
        }
        return out;
    }

    /** The clusters from {@code start} on, {@code size} bytes of them (-1: a directory, to the end of its chain). */
    private ByteBuffer chain(long start, long size) throws IOException {
        List<Long> clusters = new ArrayList<>();
        long c = start;
        long limit = size < 0 ? Long.MAX_VALUE : (size + clusterBytes - 1) / clusterBytes;
        // A directory holds at most 65536 entries (FAT specification); a longer chain loops.
        long most = size < 0 ? Math.max(1, 65536L * 32 / clusterBytes) : limit;
        while (c >= 2 && c < endOfChain() && clusters.size() < limit) {
            if (clusters.size() >= most) {
                throw new IOException("FAT chain loops or exceeds its file");
            }
            clusters.add(c);
            c = next(c);
        }
        if (size >= 0 && (long) clusters.size() * clusterBytes < size) {
            throw new IOException("FAT chain shorter than the file");
        }
        ByteBuffer out = ByteBuffer.allocate(clusters.size() * clusterBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < clusters.size(); i++) {
            out.put(i * clusterBytes, read(file, dataOffset + (clusters.get(i) - 2) * clusterBytes, clusterBytes), 0, clusterBytes);
        }
        return out;
    }

    private long endOfChain() {
        return fatBits == 12 ? 0xFF8 : fatBits == 16 ? 0xFFF8 : 0x0FFF_FFF8L;
    }

    private long next(long cluster) throws IOException {
        return switch (fatBits) {
            case 12 -> {
                long off = cluster + cluster / 2;
                int v = Short.toUnsignedInt(read(file, fatOffset + off, 2).getShort(0));
                yield (cluster & 1) != 0 ? v >>> 4 : v & 0xFFF;
            }
            case 16 -> Short.toUnsignedInt(read(file, fatOffset + cluster * 2, 2).getShort(0));
            default -> read(file, fatOffset + cluster * 4, 4).getInt(0) & 0x0FFF_FFFFL;
        };
    }

    private static ByteBuffer read(RandomAccessFile f, long offset, int length) throws IOException {
        byte[] b = new byte[length];
        f.seek(offset);
        f.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
