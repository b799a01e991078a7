package visor.mmu;

/**
 * The result of one full translation (named after the ARM ARM pseudocode TLBRecord): what the TLB
 * caches and what AT reports. One instance per {@link Mmu} is reused for every walk.
 */
final class TlbRecord {
    /** Output of stage 1 (the IPA when stage 2 follows, else the PA) for the accessed byte. */
    long ipa;
    /** Final physical address of the accessed byte. */
    long pa;
    /** Lookup level of the stage 1 leaf (0 when stage 1 is off) and of the stage 2 leaf. */
    int s1Level, s2Level;
    /** log2 of the VA range the stage 1 leaf covers: what TLBI by VA must match. */
    int blockShift;
    /** {@link AccessPermissions} bits of both stages. */
    int perms;
    /** MAIR-format attributes for data accesses and for instruction fetches. */
    int attrData, attrFetch;
    /** Shareability as the SH field encodes it (00 NSH, 10 OSH, 11 ISH). */
    int sh;
    /** nG == 0: the entry matches any ASID. */
    boolean global;
}
