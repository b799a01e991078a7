package visor.cpu.jit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import visor.cpu.Block;
import visor.cpu.a64.A64Decoder;
import visor.cpu.a64.Branches;
import visor.cpu.a64.Row;
import visor.mmu.PhysicalMemory;

/**
 * A hot block and the decoded blocks of its page that direct branches (B, B.cond, CBZ/CBNZ, TBZ/TBNZ) and
 * fall-through reach from it: the unit {@link BlockTranslator} compiles into one method, so loops whose
 * bodies span several blocks run without returning to the run loop. Calls, returns and indirect branches
 * leave the region. Being in one 4 KiB page, the blocks keep the virtual-to-physical offset of the entry,
 * so a block's address is the entry's plus the difference of their physical addresses.
 */
final class Region {
    /** Bounds keeping the method well under HotSpot's HugeMethodLimit (8000 bytes of bytecode). */
    static final int MAX_BLOCKS = 24;
    static final int MAX_INSTRUCTIONS = 256;

    final List<Block> blocks;

    private Region(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Just the block itself. */
    static Region single(Block entry) {
        return new Region(List.of(entry));
    }

    /**
     * The blocks reachable from {@code entry} in breadth-first order, of those already decoded
     * ({@code decoded} returns null for the others), within the bounds.
     */
    static Region discover(Block entry, LongFunction<Block> decoded, int maxBlocks, int maxInstructions) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(entry);
        int instructions = entry.length();
        long page = entry.pa() & ~(long) PhysicalMemory.PAGE_MASK;
        for (int k = 0; k < blocks.size() && blocks.size() < maxBlocks; k++) {
            for (long target : successors(blocks.get(k))) {
                if (target < page || target >= page + PhysicalMemory.PAGE_SIZE || indexOf(blocks, target) >= 0) {
                    continue;
                }
                Block b = decoded.apply(target);
                if (b == null || instructions + b.length() > maxInstructions || blocks.size() >= maxBlocks) {
                    continue;
                }
                blocks.add(b);
                instructions += b.length();
            }
        }
        return new Region(cycleThroughEntry(blocks));
    }

    /**
     * Of the blocks found, the entry and those that lead back to it: the loops through the entry. A block
     * that can only leave is not worth its cost: every register the unit uses is loaded when it is entered
     * and written back when it is left, which pays off only for code that goes round.
     */
    private static List<Block> cycleThroughEntry(List<Block> blocks) {
        int n = blocks.size();
        boolean[] back = new boolean[n];
        back[0] = true;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int k = 0; k < n; k++) {
                if (back[k]) {
                    continue;
                }
                for (long target : successors(blocks.get(k))) {
                    int j = indexOf(blocks, target);
                    if (j >= 0 && back[j]) {
                        back[k] = true;
                        changed = true;
                        break;
                    }
                }
            }
        }
        List<Block> kept = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (back[k]) {
                kept.add(blocks.get(k));
            }
        }
        return List.copyOf(kept);
    }

    /** The physical addresses a block continues at without an indirect branch or a call (none, one or two). */
    static long[] successors(Block b) {
        int n = b.length();
        int w = b.word(n - 1);
        long last = b.pa() + 4L * (n - 1);
        if (!A64Decoder.endsBlock(w)) {
            // The block ended at its size limit or the page end.
            return new long[] {last + 4};
        }
        Row row = A64Decoder.row(w);
        long offset = row == null ? NONE : branchOffset(row.name(), w);
        if (offset == NONE) {
            return new long[0];
        }
        return row.name().equals("B") ? new long[] {last + offset} : new long[] {last + offset, last + 4};
    }

    static final long NONE = Long.MIN_VALUE;

    /** The offset of a direct branch's target from the branch (B, B.cond, CBZ/CBNZ, TBZ/TBNZ), else {@link #NONE}. */
    static long branchOffset(String name, int w) {
        return switch (name) {
            case "B" -> Branches.offset26(w);
            case "B.cond", "CBZ", "CBNZ" -> Branches.offset19(w);
            case "TBZ", "TBNZ" -> Branches.offset14(w);
            default -> NONE;
        };
    }

    /** The index of the block starting at physical address {@code pa}, or -1. */
    int indexOf(long pa) {
        return indexOf(blocks, pa);
    }

    private static int indexOf(List<Block> blocks, long pa) {
        for (int k = 0; k < blocks.size(); k++) {
            if (blocks.get(k).pa() == pa) {
                return k;
            }
        }
        return -1;
    }

    /** Whether some block continues at a block of the region: the method then has internal edges. */
    boolean hasInternalEdges() {
        for (Block b : blocks) {
            for (long target : successors(b)) {
                if (indexOf(target) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    int instructions() {
        int n = 0;
        for (Block b : blocks) {
            n += b.length();
        }
        return n;
    }

    /**
     * The first {@code count} blocks, again only those that lead back to the entry (a smaller region when
     * the method came out too big: cutting may remove the block that closed a loop).
     */
    Region prefix(int count) {
        return new Region(cycleThroughEntry(blocks.subList(0, count)));
    }
}
