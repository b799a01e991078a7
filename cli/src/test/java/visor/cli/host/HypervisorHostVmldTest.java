package visor.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.cli.config.HypervisorConfig;
import visor.cli.config.RunConfig;
import visor.cli.console.VmHostException;
import visor.cpu.AlignmentPolicy;

/** {@code vmld} on the real hypervisor: what it refuses, and that a VM it makes is set up before it runs. */
class HypervisorHostVmldTest {
    @TempDir
    Path dir;
    private HypervisorHost host;

    private HypervisorHost host(AlignmentPolicy alignment, long memoryLimit) throws Exception {
        Files.createDirectories(dir.resolve("configs"));
        RunConfig config = new RunConfig(dir.resolve("configs/run.toml"),
                new HypervisorConfig(10, HypervisorConfig.Clock.VIRTUAL, visor.cli.console.EscapeKey.CTRL_A, alignment,
                        memoryLimit), List.of(), List.of());
        host = new HypervisorHost(config, null);
        return host;
    }

    @AfterEach
    void shutdown() {
        if (host != null) {
            host.shutdown();
        }
    }

    private static byte[] words(int... insns) {
        ByteBuffer b = ByteBuffer.allocate(4 * insns.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int insn : insns) {
            b.putInt(insn);
        }
        return b.array();
    }

    private String refusal(String image, long load, long entry) {
        return assertThrows(VmHostException.class, () -> host.load(image, load, entry)).getMessage();
    }

    @Test
    void loadsOnlyImagesFromTheDirectoryLsLists() throws Exception {
        host(AlignmentPolicy.WARN, HypervisorConfig.DEFAULT_MEMORY_LIMIT);
        Files.write(dir.resolve("outside.bin"), words(0x14000000));
        Files.write(dir.resolve("configs/notes.txt"), words(0x14000000));
        assertTrue(refusal("../outside.bin", 0, 0).startsWith("no image ../outside.bin in "));
        assertTrue(refusal(dir.resolve("outside.bin").toString(), 0, 0).startsWith("no image "));
        assertTrue(refusal("notes.txt", 0, 0).contains("'ls' lists what vmld can load"));
        assertTrue(host.list().isEmpty());
    }

    @Test
    void checksTheImageAndAddressesAsTheConfigurationDoes() throws Exception {
        host(AlignmentPolicy.WARN, HypervisorConfig.DEFAULT_MEMORY_LIMIT);
        Files.write(dir.resolve("configs/empty.bin"), new byte[0]);
        Files.write(dir.resolve("configs/spin.bin"), words(0x14000000));
        assertEquals("empty.bin is empty", refusal("empty.bin", 0, 0));
        assertEquals("entry 0x2 is not 4-byte aligned", refusal("spin.bin", 0, 2));
        assertEquals("load 0x3F000000 is inside the MMIO window 0x3F000000-0x4003FFFF", refusal("spin.bin", 0x3F00_0000L, 0));
        assertEquals("entry 0x20000000 is outside the VM's memory 0x0-0x1FFFFFFF (memory = 512M)", refusal("spin.bin", 0, 0x2000_0000L));
        assertTrue(host.list().isEmpty(), "nothing half-made is left: " + host.list());
        assertEquals(1, host.load("spin.bin", 0x80000, 0x80000));
    }

    @Test
    void aVmThatCannotStartLeavesNothingInVml() throws Exception {
        host(AlignmentPolicy.WARN, 256 * 1024);
        Files.write(dir.resolve("configs/big.bin"), new byte[1 << 20]);
        String why = refusal("big.bin", 0, 0);
        assertTrue(why.contains("could not be started: host memory exhausted"), why);
        assertTrue(host.list().isEmpty(), "no zombie VM: " + host.list());
    }

    @Test
    void theAlignmentRuleHoldsFromTheFirstInstruction() throws Exception {
        host(AlignmentPolicy.LENIENT, HypervisorConfig.DEFAULT_MEMORY_LIMIT);
        // SP = 8, then a load through it: an SP alignment fault unless the VM is lenient when it starts.
        Files.write(dir.resolve("configs/sp8.bin"), words(
                0xd2800100, // mov x0, #8
                0x9100001f, // mov sp, x0
                0xf94003e1, // ldr x1, [sp]
                0x14000000)); // b .
        int id = host.load("sp8.bin", 0, 0);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!host.info(id).contains("PC  000000000000000c") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String info = host.info(id);
        assertTrue(info.contains("PC  000000000000000c"), "ran past the load to its branch-to-self: " + info);
        assertTrue(info.contains("ESR_EL1 00000000"), "took no exception: " + info);
    }
}
