package visor.hv;

import java.util.List;

/**
 * What a VM is made from: its image (loaded at {@code load} into fresh guest RAM), further blobs loaded
 * beside it ({@code extras}: a Linux device tree and initrd), where the vCPU starts (EL1h, MMU off,
 * x0 = {@code x0}, x1-x2 = 0, SP = {@code sp}) and how much RAM it may touch (IPA 0 up to {@code memory}).
 * With {@code consoleFramebuffer} the VM's firmware framebuffer is allocated before the vCPU starts, as
 * the Pi firmware does for a kernel whose device tree it gave a simple-framebuffer node.
 */
public record VmSpec(String name, String imageName, byte[] image, long load, long entry, long sp, long memory,
                     List<Segment> extras, long x0, boolean consoleFramebuffer) {
    /** Bytes loaded at guest address {@code ipa} before the vCPU starts. */
    public record Segment(long ipa, byte[] bytes) {
    }

    /** A VM made from one image, entered with x0 = 0. */
    public VmSpec(String name, String imageName, byte[] image, long load, long entry, long sp, long memory) {
        this(name, imageName, image, load, entry, sp, memory, List.of(), 0, false);
    }

    /**
     * A VM made from an ELF image: its first PT_LOAD segment as the image, the others as extras, each at
     * its p_paddr (an IPA here) with its p_memsz zero-filled; the vCPU starts at the ELF entry point.
     */
    public static VmSpec ofElf(String name, String imageName, visor.soc.boot.ElfImage elf, long sp, long memory) {
        List<Segment> segments = new java.util.ArrayList<>();
        for (visor.soc.boot.ElfImage.Segment s : elf.segments()) {
            if (Long.compareUnsigned(s.memSize(), memory) > 0) {
                throw new IllegalArgumentException(String.format("%s: ELF segment at 0x%x (0x%x bytes) does not fit in 0x%x bytes of RAM",
                        name, s.address(), s.memSize(), memory));
            }
            segments.add(new Segment(s.address(), java.util.Arrays.copyOf(s.bytes(), (int) s.memSize())));
        }
        Segment first = segments.remove(0);
        return new VmSpec(name, imageName, first.bytes(), first.ipa(), elf.entry(), sp, memory, segments, 0, false);
    }

    /** Top of the IPA range that can be RAM: the MMIO window starts at 0x3F000000 (design.md §3). */
    public static final long RAM_LIMIT = 0x3F00_0000L;
    public static final long MMIO_BASE = 0x3F00_0000L;
    public static final long MMIO_END = 0x4004_0000L;
    /**
     * The VideoCore's memory as a Pi 3B's firmware reports it (mailbox tag 0x10006): a VM with less RAM
     * still finds its framebuffer here, so this window is guest memory too, backed on demand.
     */
    public static final long VC_MEMORY_BASE = visor.soc.device.PropertyTags.VC_MEMORY_BASE;

    /** True if {@code ipa} is this VM's memory: its RAM or the VideoCore window below the peripherals. */
    public boolean isMemory(long ipa) {
        return (ipa >= 0 && ipa < memory) || (ipa >= VC_MEMORY_BASE && ipa < RAM_LIMIT);
    }

    public VmSpec {
        if (memory <= 0 || memory > RAM_LIMIT || (memory & 0xFFF) != 0) {
            throw new IllegalArgumentException(String.format("%s: memory 0x%x must be a multiple of 4 KiB up to 0x%x",
                    name, memory, RAM_LIMIT));
        }
        if (load < 0 || load + image.length > memory) {
            throw new IllegalArgumentException(String.format("%s: image of %d bytes at 0x%x does not fit in 0x%x bytes of RAM",
                    name, image.length, load, memory));
        }
        extras = List.copyOf(extras);
        for (Segment seg : extras) {
            if (seg.ipa() < 0 || seg.ipa() + seg.bytes().length > memory) {
                throw new IllegalArgumentException(String.format("%s: %d bytes at 0x%x do not fit in 0x%x bytes of RAM",
                        name, seg.bytes().length, seg.ipa(), memory));
            }
        }
        if (entry < 0 || entry >= memory) {
            throw new IllegalArgumentException(String.format("%s: entry 0x%x is outside its RAM", name, entry));
        }
    }
}
