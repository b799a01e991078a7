package visor.hv.mmio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import visor.cpu.Clock;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.mmu.PhysicalMemory;

/** Every load/store form the emulator decodes, against a device register file that records accesses. */
class MmioEmulatorTest {
    static final long DEV_VA = 0xFFFF_0000_0020_0000L;
    static final long DEV_IPA = 0x3F21_5000L;
    static final long SECOND_PAGE_IPA = 0x3F00_3000L;
    static final long X1 = 0x1122_3344_5566_7788L;
    static final long BASE = DEV_VA + 0x100;

    final List<String> log = new ArrayList<>();
    final GuestBus device = new GuestBus() {
        @Override
        public long read(long ipa, int size) {
            log.add(String.format("R%d %x", size, ipa));
            // Each byte reads as the low byte of its own address: distinct and checkable.
            long v = 0;
            for (int i = 0; i < size; i++) {
                v |= ((ipa + i) & 0xFF) << (8 * i);
            }
            return v;
        }

        @Override
        public void write(long ipa, int size, long value) {
            log.add(String.format("W%d %x=%x", size, ipa, value));
        }

        @Override
        public boolean isRam(long ipa) {
            return false;
        }

        /** Stage 1 maps the page after the device page to the system timer page (0x3F003000). */
        @Override
        public long ipaOf(long va, boolean write) {
            long off = va - DEV_VA;
            return off >= 0x1000 ? SECOND_PAGE_IPA + off - 0x1000 : DEV_IPA + off;
        }
    };

    final MmioEmulator emulator = new MmioEmulator();
    Cpu cpu;

    @BeforeEach
    void guestAtEl1() {
        PhysicalMemory memory = new PhysicalMemory(1 << 20);
        Clock clock = () -> 0;
        cpu = new Cpu(0, memory, new CodeCache(memory), clock);
        cpu.reset(0, 2);
        cpu.spsr[2] = 0x3C5; // guest was at EL1h
        cpu.elr[2] = 0x1000;
        cpu.cptrEl2 = 0;
        cpu.updateFpAccess();
    }

    private void emulate(int insn, long faultVa) throws Exception {
        emulator.emulateInstruction(cpu, insn, faultVa, faultVa - DEV_VA + DEV_IPA, device);
    }

    @Test
    void loadPairReadsBothRegistersAndAdvancesElr() throws Exception {
        cpu.x[0] = DEV_VA + 0x40;
        emulate(0xa9400801, DEV_VA + 0x40); // ldp x1, x2, [x0]
        assertEquals(List.of("R8 3f215040", "R8 3f215048"), log);
        assertEquals(0x4746454443424140L, cpu.x[1]);
        assertEquals(0x4F4E4D4C4B4A4948L, cpu.x[2]);
        assertEquals(0x1004, cpu.elr[2]);
    }

    @Test
    void storePairPreIndexWritesBackBase() throws Exception {
        cpu.x[0] = DEV_VA + 0x48;
        cpu.x[3] = 0x1111_2222_3333_4444L;
        cpu.x[4] = 0x5555_6666_7777_8888L;
        emulate(0x29bf1003, DEV_VA + 0x40); // stp w3, w4, [x0, #-8]!
        assertEquals(List.of("W4 3f215040=33334444", "W4 3f215044=77778888"), log);
        assertEquals(DEV_VA + 0x40, cpu.x[0]);
    }

    @Test
    void postIndexLoadUsesOldBaseThenWritesBack() throws Exception {
        cpu.x[0] = DEV_VA + 0x10;
        emulate(0xf8410405, DEV_VA + 0x10); // ldr x5, [x0], #16
        assertEquals(List.of("R8 3f215010"), log);
        assertEquals(DEV_VA + 0x20, cpu.x[0]);
        assertEquals(0x1716151413121110L, cpu.x[5]);
    }

    @Test
    void signExtendingLoadsHonourTheirWidth() throws Exception {
        cpu.x[0] = DEV_VA + 0x80;
        emulate(0x39800c06, DEV_VA + 0x83); // ldrsb x6, [x0, #3]
        assertEquals(0xFFFF_FFFF_FFFF_FF83L, cpu.x[6]);
        cpu.x[9] = 0x4;
        emulate(0x78e97807, DEV_VA + 0x88); // ldrsh w7, [x0, x9, lsl #1]
        assertEquals(0xFFFF_8988L, cpu.x[7], "32-bit destination is zero-extended");
    }

    @Test
    void simdQuadStoreWritesBothHalves() throws Exception {
        cpu.x[0] = DEV_VA;
        cpu.vreg[0] = 0x0102030405060708L;
        cpu.vreg[1] = 0x1112131415161718L;
        emulate(0x3d800800, DEV_VA + 0x20); // str q0, [x0, #32]
        assertEquals(List.of("W8 3f215020=102030405060708", "W8 3f215028=1112131415161718"), log);
    }

    @Test
    void stackPointerBaseIsTheGuestsBankedSp() throws Exception {
        cpu.setSpEl(1, DEV_VA + 0x100);
        emulate(0xb94007e8, DEV_VA + 0x104); // ldr w8, [sp, #4]
        assertEquals(List.of("R4 3f215104"), log);
    }

    @Test
    void preIndexStoreAndLoadPairSignedWord() throws Exception {
        cpu.x[0] = DEV_VA;
        cpu.x[10] = 0xAB;
        emulate(0xf8008c0a, DEV_VA + 8); // str x10, [x0, #8]!
        assertEquals(DEV_VA + 8, cpu.x[0]);
        emulate(0x6941300b, DEV_VA + 0x10); // ldpsw x11, x12, [x0, #8]
        assertEquals(0x13121110L, cpu.x[11]);
        assertEquals(0x17161514L, cpu.x[12]);
    }

    @Test
    void syndromePathUsesSrtSizeAndSignExtension() {
        // ISV=1, SAS=byte (0), SSE=1, SRT=3, SF=1, read.
        long esr = (1L << 24) | (1L << 21) | (3L << 16) | (1L << 15);
        MmioEmulator.emulateSyndrome(cpu, esr, DEV_IPA + 0x90, device);
        assertEquals(0xFFFF_FFFF_FFFF_FF90L, cpu.x[3]);
        // ISV=1, SAS=word (2), SRT=31 (wzr), write.
        MmioEmulator.emulateSyndrome(cpu, (1L << 24) | (2L << 22) | (31L << 16) | (1 << 6), DEV_IPA + 0x40, device);
        assertEquals("W4 3f215040=0", log.get(1));
    }

    @Test
    void exclusiveAccessToADeviceIsReportedNotGuessed() {
        assertThrows(MmioEmulator.Unsupported.class, () -> emulate(0xc85f7c01, DEV_VA));
    }

    /**
     * One load/store form: its encoding, the device accesses it must make (in order), and the base
     * register (x0, starting at {@link #BASE}) and destination (x2/x4 or v0/v1) afterwards. x1 = {@link #X1},
     * x3 = the index, x5 = 0x55, v0 = 0x0102030405060708 / 0x1112131415161718, v1 = 0x2122...28 / 0x3132...38.
     */
    record Form(int insn, String asm, long x3, List<String> accesses, long x0After, long x2, long x4, long v0lo, long v0hi) {
    }

    static final long KEEP = 0xDEAD_BEEF_DEAD_BEEFL;
    static final long V0LO = 0x0102030405060708L, V0HI = 0x1112131415161718L;
    static final long V1LO = 0x2122232425262728L, V1HI = 0x3132333435363738L;

    static List<Form> forms() {
        return List.of(
            // Load/store register (unsigned immediate), every size and sign extension.
            new Form(0x39000401, "strb w1, [x0, #1]", 0, List.of("W1 3f215101=88"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0x79000401, "strh w1, [x0, #2]", 0, List.of("W2 3f215102=7788"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0xb9000401, "str w1, [x0, #4]", 0, List.of("W4 3f215104=55667788"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0xf9000401, "str x1, [x0, #8]", 0, List.of("W8 3f215108=1122334455667788"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0x39400402, "ldrb w2, [x0, #1]", 0, List.of("R1 3f215101"), BASE, 0x01, KEEP, V0LO, V0HI),
            new Form(0x79400402, "ldrh w2, [x0, #2]", 0, List.of("R2 3f215102"), BASE, 0x0302, KEEP, V0LO, V0HI),
            new Form(0xb9400402, "ldr w2, [x0, #4]", 0, List.of("R4 3f215104"), BASE, 0x07060504L, KEEP, V0LO, V0HI),
            new Form(0xf9400402, "ldr x2, [x0, #8]", 0, List.of("R8 3f215108"), BASE, 0x0f0e0d0c0b0a0908L, KEEP, V0LO, V0HI),
            new Form(0x39c20402, "ldrsb w2, [x0, #129]", 0, List.of("R1 3f215181"), BASE, 0xFFFF_FF81L, KEEP, V0LO, V0HI),
            new Form(0x79810402, "ldrsh x2, [x0, #130]", 0, List.of("R2 3f215182"), BASE, 0xFFFF_FFFF_FFFF_8382L, KEEP, V0LO, V0HI),
            new Form(0xb9808402, "ldrsw x2, [x0, #132]", 0, List.of("R4 3f215184"), BASE, 0xFFFF_FFFF_8786_8584L, KEEP, V0LO, V0HI),
            new Form(0xf900041f, "str xzr, [x0, #8]", 0, List.of("W8 3f215108=0"), BASE, KEEP, KEEP, V0LO, V0HI),
            // Unscaled, unprivileged, post- and pre-index.
            new Form(0xb81fc001, "stur w1, [x0, #-4]", 0, List.of("W4 3f2150fc=55667788"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0xf85f8002, "ldur x2, [x0, #-8]", 0, List.of("R8 3f2150f8"), BASE, 0xfffefdfcfbfaf9f8L, KEEP, V0LO, V0HI),
            new Form(0xb8004801, "sttr w1, [x0, #4]", 0, List.of("W4 3f215104=55667788"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0xb8404802, "ldtr w2, [x0, #4]", 0, List.of("R4 3f215104"), BASE, 0x07060504L, KEEP, V0LO, V0HI),
            new Form(0x38401402, "ldrb w2, [x0], #1", 0, List.of("R1 3f215100"), BASE + 1, 0, KEEP, V0LO, V0HI),
            new Form(0x781fec01, "strh w1, [x0, #-2]!", 0, List.of("W2 3f2150fe=7788"), BASE - 2, KEEP, KEEP, V0LO, V0HI),
            // Register offset: UXTW and SXTW ignore Xm's upper half, LSL/SXTX scale by the size.
            new Form(0xb8634802, "ldr w2, [x0, w3, uxtw]", 0xFFFF_FFFF_0000_0010L, List.of("R4 3f215110"), BASE, 0x13121110L, KEEP, V0LO, V0HI),
            new Form(0xb863d802, "ldr w2, [x0, w3, sxtw #2]", 0x1234_5678_FFFF_FFFCL, List.of("R4 3f2150f0"), BASE, 0xf3f2f1f0L, KEEP, V0LO, V0HI),
            new Form(0xf823f801, "str x1, [x0, x3, sxtx #3]", -2, List.of("W8 3f2150f0=1122334455667788"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0x78636802, "ldrh w2, [x0, x3]", 6, List.of("R2 3f215106"), BASE, 0x0706, KEEP, V0LO, V0HI),
            // Pairs: non-temporal, post- and pre-index, 32 and 64 bits.
            new Form(0x28411002, "ldnp w2, w4, [x0, #8]", 0, List.of("R4 3f215108", "R4 3f21510c"), BASE, 0x0b0a0908L, 0x0f0e0d0cL, V0LO, V0HI),
            new Form(0xa8bf1401, "stp x1, x5, [x0], #-16", 0, List.of("W8 3f215100=1122334455667788", "W8 3f215108=55"), BASE - 16, KEEP, KEEP, V0LO, V0HI),
            new Form(0x29ff1002, "ldp w2, w4, [x0, #-8]!", 0, List.of("R4 3f2150f8", "R4 3f2150fc"), BASE - 8, 0xfbfaf9f8L, 0xfffefdfcL, V0LO, V0HI),
            // SIMD&FP: B/H/S/D/Q singles (a load zeroes the rest of the register), S/D/Q pairs.
            new Form(0x3d000c00, "str b0, [x0, #3]", 0, List.of("W1 3f215103=8"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0x7d400400, "ldr h0, [x0, #2]", 0, List.of("R2 3f215102"), BASE, KEEP, KEEP, 0x0302, 0),
            new Form(0xbd400400, "ldr s0, [x0, #4]", 0, List.of("R4 3f215104"), BASE, KEEP, KEEP, 0x07060504L, 0),
            new Form(0xfd000400, "str d0, [x0, #8]", 0, List.of("W8 3f215108=102030405060708"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0x3dc00400, "ldr q0, [x0, #16]", 0, List.of("R8 3f215110", "R8 3f215118"), BASE, KEEP, KEEP, 0x1716151413121110L, 0x1f1e1d1c1b1a1918L),
            new Form(0x2d010400, "stp s0, s1, [x0, #8]", 0, List.of("W4 3f215108=5060708", "W4 3f21510c=25262728"), BASE, KEEP, KEEP, V0LO, V0HI),
            new Form(0x6cc10400, "ldp d0, d1, [x0], #16", 0, List.of("R8 3f215100", "R8 3f215108"), BASE + 16, KEEP, KEEP, 0x0706050403020100L, 0),
            new Form(0xadbf0400, "stp q0, q1, [x0, #-32]!", 0, List.of("W8 3f2150e0=102030405060708", "W8 3f2150e8=1112131415161718",
                    "W8 3f2150f0=2122232425262728", "W8 3f2150f8=3132333435363738"), BASE - 32, KEEP, KEEP, V0LO, V0HI));
    }

    @Test
    void everyDecodedFormMakesItsAccessesAndWritesBack() throws Exception {
        for (Form f : forms()) {
            log.clear();
            cpu.elr[2] = 0x1000;
            cpu.x[0] = BASE;
            cpu.x[1] = X1;
            cpu.x[2] = KEEP;
            cpu.x[3] = f.x3();
            cpu.x[4] = KEEP;
            cpu.x[5] = 0x55;
            cpu.vreg[0] = V0LO;
            cpu.vreg[1] = V0HI;
            cpu.vreg[2] = V1LO;
            cpu.vreg[3] = V1HI;
            long first = Long.parseLong(f.accesses().get(0).substring(3).split("=")[0], 16);
            emulator.emulateInstruction(cpu, f.insn(), first - DEV_IPA + DEV_VA, first, device);
            assertEquals(f.accesses(), log, f.asm());
            assertEquals(f.x0After(), cpu.x[0], f.asm() + ": base");
            assertEquals(f.x2(), cpu.x[2], f.asm() + ": x2");
            assertEquals(f.x4(), cpu.x[4], f.asm() + ": x4");
            assertEquals(f.v0lo(), cpu.vreg[0], f.asm() + ": v0 low");
            assertEquals(f.v0hi(), cpu.vreg[1], f.asm() + ": v0 high");
            assertEquals(0x1004, cpu.elr[2], f.asm() + ": ELR_EL2 past the instruction");
        }
    }

    @Test
    void aPairCrossingIntoAnotherPageTranslatesItsSecondHalf() throws Exception {
        cpu.x[0] = DEV_VA + 0xFF8;
        emulate(0xa9401002, DEV_VA + 0xFF8); // ldp x2, x4, [x0]
        assertEquals(List.of("R8 3f215ff8", "R8 3f003000"), log, "the next VA page maps elsewhere");
    }

    @Test
    void loadIntoWzrDiscardsTheValue() throws Exception {
        cpu.x[0] = BASE;
        cpu.setSpEl(1, 0x8000);
        emulate(0xb940041f, BASE + 4); // ldr wzr, [x0, #4]
        assertEquals(List.of("R4 3f215104"), log);
        assertEquals(0x8000, cpu.spEl(1), "register 31 is WZR here, not SP");
    }

    @Test
    void formsWithoutADeviceMeaningAreRefused() {
        for (int insn : new int[] {
            0xf9800000, // prfm pldl1keep, [x0]
            0x885f7c02, // ldxr w2, [x0]
            0x18000002, // ldr w2, <literal>
            0xb8210002, // ldadd w1, w2, [x0]
            0x69801002, // store pair with opc 01 (the store twin of LDPSW): unallocated in ARMv8.0
        }) {
            assertThrows(MmioEmulator.Unsupported.class, () -> emulate(insn, BASE), Integer.toHexString(insn));
        }
    }

    /** ESR_EL2 with ISV = 1: SAS (23:22), SSE (21), SRT (20:16), SF (15), WnR (6) (ARM ARM D13.2.39). */
    private static long syndrome(int sas, boolean sse, int srt, boolean sf, boolean write) {
        return (1L << 24) | ((long) sas << 22) | (sse ? 1L << 21 : 0) | ((long) srt << 16) | (sf ? 1L << 15 : 0)
                | (write ? 1L << 6 : 0);
    }

    @Test
    void syndromePathCoversEverySizeAndDestinationWidth() {
        cpu.x[7] = KEEP;
        MmioEmulator.emulateSyndrome(cpu, syndrome(1, true, 7, false, false), DEV_IPA + 0x82, device); // ldrsh w7
        assertEquals(0xFFFF_8382L, cpu.x[7], "sign-extended to 32 bits, then zero-extended");
        MmioEmulator.emulateSyndrome(cpu, syndrome(2, true, 7, true, false), DEV_IPA + 0x84, device); // ldrsw x7
        assertEquals(0xFFFF_FFFF_8786_8584L, cpu.x[7]);
        MmioEmulator.emulateSyndrome(cpu, syndrome(3, false, 7, true, false), DEV_IPA + 0x08, device); // ldr x7
        assertEquals(0x0f0e0d0c0b0a0908L, cpu.x[7]);
        cpu.x[8] = X1;
        MmioEmulator.emulateSyndrome(cpu, syndrome(3, false, 8, true, true), DEV_IPA + 0x10, device); // str x8
        MmioEmulator.emulateSyndrome(cpu, syndrome(1, false, 8, false, true), DEV_IPA + 0x18, device); // strh w8
        assertEquals(List.of("R2 3f215082", "R4 3f215084", "R8 3f215008", "W8 3f215010=1122334455667788",
                "W2 3f215018=7788"), log);
    }
}
