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
        public long ipaOf(long va, boolean write) {
            return va - DEV_VA + DEV_IPA;
        }
    };

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
        MmioEmulator.emulateInstruction(cpu, insn, faultVa, faultVa - DEV_VA + DEV_IPA, device);
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
}
