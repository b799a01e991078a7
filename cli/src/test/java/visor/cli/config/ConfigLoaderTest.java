package visor.cli.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.cli.testing.Cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void images() throws IOException {
        Files.createDirectories(dir.resolve("guests"));
        Files.write(dir.resolve("guests/echo.bin"), new byte[4096]);
        Files.write(dir.resolve("guests/big.bin"), new byte[3 * 4096]);
    }

    private Path write(String toml) throws IOException {
        Path file = dir.resolve("demo.toml");
        Files.writeString(file, toml);
        return file;
    }

    private List<String> errors(String toml) throws IOException {
        Path file = write(toml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).errors();
    }

    @Test
    void theEscapeKeyDefaultsToCtrlAAndCanBeAt() throws Exception {
        assertEquals(0x01, ConfigLoader.load(write(vm("echo", ""))).hypervisor().escape().code());
        assertEquals('@', ConfigLoader.load(write("[hypervisor]\nescape = \"@\"\n" + vm("echo", ""))).hypervisor().escape().code());
        assertEquals(0x02, ConfigLoader.load(write("[hypervisor]\nescape = \"ctrl-b\"\n" + vm("echo", ""))).hypervisor().escape().code());
        List<String> errors = errors("[hypervisor]\nescape = \"x\"\n" + vm("echo", ""));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).endsWith(":2: [hypervisor]: key 'escape': \"x\" is not an escape key: ctrl-a .. ctrl-z, or one "
                + "punctuation character such as \"@\""), errors.get(0));
    }

    private static String vm(String name, String extra) {
        return "[[vm]]\nname = \"" + name + "\"\nimage = \"guests/echo.bin\"\n" + extra;
    }

    @Test
    void readsAValidConfigurationWithDefaults() throws Exception {
        RunConfig config = ConfigLoader.load(write("""
                [hypervisor]
                quantum_ms = 20
                clock = "virtual"

                [[vm]]
                name = "lrtos"
                image = "guests/echo.bin"
                load = 0x0
                entry = 0x0
                sp = 0x100000
                memory = "512M"
                autostart = false

                [[vm]]
                name = "uboot"
                image = "guests/echo.bin"
                """));
        assertEquals(new HypervisorConfig(20, HypervisorConfig.Clock.VIRTUAL), config.hypervisor());
        assertEquals(new VmConfig("lrtos", dir.resolve("guests/echo.bin").toAbsolutePath().normalize(), 0, 0, 0x100000,
                512L << 20, false, false), config.vms().get(0));
        VmConfig uboot = config.vms().get(1);
        assertEquals(0x80000, uboot.load());
        assertEquals(0x80000, uboot.entry());
        assertEquals(0, uboot.sp());
        assertEquals(ConfigLoader.DEFAULT_MEMORY, uboot.memory());
        assertTrue(uboot.autostart());
        assertTrue(config.notes().isEmpty());
    }

    @Test
    void emptyFileMeansDefaultsAndNoVmsWithAWarning() throws Exception {
        Path file = write("");
        RunConfig config = ConfigLoader.load(file);
        assertEquals(HypervisorConfig.defaults(), config.hypervisor());
        assertTrue(config.vms().isEmpty());
        assertEquals(List.of(file + ": warning: the configuration is empty: the console starts with no VMs, 'vmld' loads one"
                + " (a VM in the file is a [[vm]] table with at least 'name' and 'image'); with --headless this is an error"),
                config.notes());
        Path noVm = write("[hypervisor]\nquantum_ms = 5\n");
        assertEquals(List.of(noVm + ": warning: no [[vm]] table: the console starts with no VMs, 'vmld' loads one"
                + " (a VM in the file is a [[vm]] table with at least 'name' and 'image'); with --headless this is an error"),
                ConfigLoader.load(noVm).notes());
        Cli cli = Cli.run("run", "--headless", noVm.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("visor: " + noVm + ": no VM to run headless: the configuration has no [[vm]] table"
                + " (without --headless the console starts empty and 'vmld' loads VMs)"), cli.err);
    }

    @Test
    void displayWindowIsPerVm() throws Exception {
        RunConfig config = ConfigLoader.load(write(vm("a", "display = \"window\"\n") + vm("b", "display = \"none\"\n")
                + vm("c", "")));
        assertEquals(List.of(true, false, false), config.vms().stream().map(VmConfig::window).toList());
        List<String> errors = errors(vm("a", "display = \"hdmi\"\n"));
        assertTrue(errors.get(0).endsWith(":4: [[vm]] #1 \"a\": key 'display': \"hdmi\" is not one of \"window\", \"none\""),
                errors.toString());
    }

    @Test
    void overcommittedMemoryIsAWarningNamingTheTotal() throws Exception {
        RunConfig config = ConfigLoader.load(write(vm("a", "memory = \"512M\"\n") + vm("b", "memory = \"512M\"\n")));
        assertEquals(2, config.vms().size());
        assertEquals(List.of(dir.resolve("demo.toml") + ": warning: the VMs' memory totals 1G (2 VMs), more than the 944M"
                + " of host RAM they share (the emulated Pi 3 has 1G; the hypervisor keeps the rest); pages are backed when"
                + " first touched, and a VM that finds none left is crashed"), config.notes());
        assertTrue(ConfigLoader.load(write(vm("a", "memory = \"512M\"\n") + vm("b", "memory = \"256M\"\n"))).notes().isEmpty());
    }

    @Test
    void memoryLimitCapsTheHostRamOfAllVms() throws Exception {
        RunConfig config = ConfigLoader.load(write("[hypervisor]\nmemory_limit = \"64M\"\n" + vm("a", "memory = \"128M\"\n")));
        assertEquals(64L << 20, config.hypervisor().memoryLimit());
        assertTrue(config.notes().get(0).contains("memory totals 128M (1 VMs), more than the 64M of host RAM they share (memory_limit)"),
                config.notes().toString());
        assertEquals(HypervisorConfig.DEFAULT_MEMORY_LIMIT, ConfigLoader.load(write(vm("a", ""))).hypervisor().memoryLimit());
        List<String> errors = errors("[hypervisor]\nmemory_limit = \"2G\"\n" + vm("a", ""));
        assertTrue(errors.get(0).endsWith(":2: [hypervisor]: key 'memory_limit': \"2G\" is more than the 944M of host RAM"
                + " the emulated Pi 3 has for VMs"), errors.toString());
        errors = errors("[hypervisor]\nmemory_limit = 1000\n" + vm("a", ""));
        assertTrue(errors.get(0).endsWith("key 'memory_limit': 1000 is not a multiple of 4K"), errors.toString());
    }

    @Test
    void binaryGarbageIsNamedAsNotUtf8Toml() throws Exception {
        Path file = dir.resolve("demo.toml");
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, (byte) 0xC3, 0x28});
        assertEquals(List.of(file + ": not a TOML configuration: the file is not UTF-8 text"),
                assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).errors());
    }

    @Test
    void aFifoOrADirectoryIsRefusedWithoutReadingIt() throws Exception {
        Path fifo = dir.resolve("fifo.toml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(List.of(fifo + ": is not a regular file (a device, FIFO or socket)"),
                assertThrows(ConfigException.class, () -> ConfigLoader.load(fifo)).errors());
        assertEquals(List.of(dir + ": is a directory, not a file"),
                assertThrows(ConfigException.class, () -> ConfigLoader.load(dir)).errors());
    }

    @Test
    void entryDefaultingToAnUnalignedLoadIsAnError() throws Exception {
        List<String> errors = errors("[[vm]]\nname = \"a\"\nimage = \"guests/echo.bin\"\nload = 0x1002\n");
        assertEquals(List.of(dir.resolve("demo.toml") + ":4: [[vm]] #1 \"a\": key 'load': 0x1002 is not 4-byte aligned,"
                + " and 'entry' defaults to 'load'; give an aligned 'entry' or align 'load'"), errors);
        assertEquals(0x1004, ConfigLoader.load(write("[[vm]]\nname = \"a\"\nimage = \"guests/echo.bin\"\nload = 0x1002\n"
                + "entry = 0x1004\n")).vms().get(0).entry());
    }

    @Test
    void entryOutsideTheImageIsAWarning() throws Exception {
        Path file = write("[[vm]]\nname = \"a\"\nimage = \"guests/echo.bin\"\nload = 0x0\nentry = 0x2000\n");
        RunConfig config = ConfigLoader.load(file);
        assertEquals(0x2000, config.vms().get(0).entry());
        assertEquals(List.of(file + ":5: [[vm]] #1 \"a\": warning: key 'entry': 0x2000 is outside the image, loaded at"
                + " 0x0-0xFFF; the VM starts in zeroed memory"), config.notes());
    }

    @Test
    void spMayBeTheEndOfMemoryWhenMemoryReachesTheMmioWindow() throws Exception {
        RunConfig config = ConfigLoader.load(write("[[vm]]\nname = \"a\"\nimage = \"guests/echo.bin\"\nload = 0\n"
                + "memory = \"1008M\"\nsp = 0x3F000000\n"));
        assertEquals(0x3F00_0000L, config.vms().get(0).sp());
        List<String> errors = errors("[[vm]]\nname = \"a\"\nimage = \"guests/echo.bin\"\nload = 0\n"
                + "memory = \"1008M\"\nsp = 0x3F000010\n");
        assertEquals(List.of(dir.resolve("demo.toml") + ":6: [[vm]] #1 \"a\": key 'sp': 0x3F000010 is inside the MMIO window"
                + " 0x3F000000-0x4003FFFF"), errors);
    }

    @Test
    void entryInsideTheMmioWindowNamesFileLineVmAndKey() throws Exception {
        List<String> errors = errors(vm("echo", "") + "\n" + vm("lrtos", "entry = 0x3F000010\n"));
        String file = dir.resolve("demo.toml").toString();
        assertEquals(List.of(file + ":8: [[vm]] #2 \"lrtos\": key 'entry': 0x3F000010 is inside the MMIO window 0x3F000000-0x4003FFFF"),
                errors);
    }

    @Test
    void unknownKeysInEveryTable() throws Exception {
        List<String> errors = errors("""
                [hypervisor]
                quantum = 5

                [[vm]]
                name = "echo"
                image = "guests/echo.bin"
                entyr = 0

                [extra]
                x = 1
                """);
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).endsWith(":2: [hypervisor]: unknown key 'quantum' (known: alignment, clock, escape, memory_limit, quantum_ms)"), errors.get(0));
        assertTrue(errors.get(1).contains(":7: [[vm]] #1 \"echo\": unknown key 'entyr'"), errors.get(1));
        assertTrue(errors.get(2).contains(":9: unknown key 'extra'"), errors.get(2));
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() throws Exception {
        List<String> errors = errors("[[vm]]\nname = \"echo\"\nload = = 3\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(dir.resolve("demo.toml") + ":3:8: syntax error: "), errors.get(0));
    }

    @Test
    void missingImageIsAnErrorUnlessOptional() throws Exception {
        List<String> errors = errors("[[vm]]\nname = \"a\"\nimage = \"guests/nope.bin\"\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains(":3: [[vm]] #1 \"a\": key 'image': guests/nope.bin not found"), errors.get(0));

        RunConfig config = ConfigLoader.load(write(vm("echo", "") + """
                [[vm]]
                name = "uboot"
                image = "guests/u-boot.bin"
                optional = true
                """));
        assertEquals(List.of("echo"), config.vms().stream().map(VmConfig::name).toList());
        assertEquals(1, config.notes().size());
        assertTrue(config.notes().get(0).contains(":6: [[vm]] #2 \"uboot\": key 'image': guests/u-boot.bin not found; optional VM skipped"),
                config.notes().get(0));
    }

    @Test
    void missingRequiredKeysPointAtTheTable() throws Exception {
        List<String> errors = errors("[[vm]]\nload = 0\n");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).endsWith(":1: [[vm]] #1: missing key 'name'"), errors.get(0));
        assertTrue(errors.get(1).endsWith(":1: [[vm]] #1: missing key 'image'"), errors.get(1));
    }

    @Test
    void imageLargerThanMemoryAtItsLoadAddress() throws Exception {
        List<String> errors = errors("[[vm]]\nname = \"a\"\nimage = \"guests/big.bin\"\nmemory = 8192\nload = 0\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(":3: [[vm]] #1 \"a\": key 'image': guests/big.bin (12288 bytes) loaded at 0x0 ends at 0x2FFF, "
                + "beyond the VM's memory of 8K"), errors.get(0));
    }

    @Test
    void addressesOutsideRamOrMemoryOrMisaligned() throws Exception {
        List<String> errors = errors(vm("a", """
                memory = "1M"
                load = 0x200000
                entry = 0x40040000
                sp = 0x100008
                """));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(":5: [[vm]] #1 \"a\": key 'load': 0x200000 is outside the VM's memory 0x0-0xFFFFF (memory = 1M)"), errors.get(0));
        assertTrue(errors.get(1).contains(":6: [[vm]] #1 \"a\": key 'entry': 0x40040000 is outside guest RAM 0x0-0x3EFFFFFF"), errors.get(1));
        assertTrue(errors.get(2).contains(":7: [[vm]] #1 \"a\": key 'sp': 0x100008 is outside the VM's memory"), errors.get(2));

        errors = errors(vm("b", "entry = 0x80002\nsp = 0x1008\nload = 0x3F000000\n"));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("key 'entry': 0x80002 is not 4-byte aligned"), errors.get(0));
        assertTrue(errors.get(1).contains("key 'sp': 0x1008 is not 16-byte aligned"), errors.get(1));
        assertTrue(errors.get(2).contains("key 'load': 0x3F000000 is inside the MMIO window"), errors.get(2));
    }

    @Test
    void spMayBeTheTopOfMemory() throws Exception {
        RunConfig config = ConfigLoader.load(write(vm("a", "memory = \"1M\"\nsp = 0x100000\nload = 0\n")));
        assertEquals(0x100000, config.vms().get(0).sp());
    }

    @Test
    void duplicateNamesAndInvalidNames() throws Exception {
        List<String> errors = errors(vm("echo", "") + vm("echo", "") + vm("7", "") + vm("a=b", ""));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(":5: [[vm]] #2 \"echo\": key 'name': duplicate name \"echo\" (already used by [[vm]] #1)"), errors.get(0));
        assertTrue(errors.get(1).contains("[[vm]] #3 \"7\": key 'name': \"7\" is not a valid name"), errors.get(1));
        assertTrue(errors.get(2).contains("[[vm]] #4 \"a=b\": key 'name'"), errors.get(2));
    }

    @Test
    void badSizes() throws Exception {
        List<String> errors = errors(vm("a", "memory = 0\n") + vm("b", "memory = \"12345\"\n") + vm("c", "memory = \"2G\"\n")
                + vm("d", "memory = \"lots\"\n") + vm("e", "memory = true\n") + vm("f", "memory = \"1009M\"\n"));
        assertEquals(6, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("[[vm]] #1 \"a\": key 'memory': 0 is not a valid size: must be at least 4K"), errors.get(0));
        assertTrue(errors.get(1).contains("key 'memory': \"12345\" is not a multiple of 4K"), errors.get(1));
        assertTrue(errors.get(2).contains("key 'memory': \"2G\" is larger than the guest RAM limit of 1008M"), errors.get(2));
        assertTrue(errors.get(3).contains("key 'memory': 'lots' is not a size"), errors.get(3));
        assertTrue(errors.get(4).contains("key 'memory': expected a size such as \"512M\" or an integer, got a boolean (true)"), errors.get(4));
        assertTrue(errors.get(5).contains("\"1009M\" is larger than the guest RAM limit"), errors.get(5));
    }

    @Test
    void goodSizes() {
        assertEquals(512L << 20, GuestMemory.parseSize("512M"));
        assertEquals(1L << 30, GuestMemory.parseSize("1G"));
        assertEquals(65536, GuestMemory.parseSize("65536"));
        assertEquals(0x100000, GuestMemory.parseSize("0x100000"));
        assertEquals(64 << 10, GuestMemory.parseSize("64KiB"));
        assertEquals(0x3F000000L, GuestMemory.parseSize("1008M"));
    }

    @Test
    void alignmentDefaultsToWarnAndAVmMayOverrideIt() throws Exception {
        RunConfig config = ConfigLoader.load(write("[hypervisor]\nalignment = \"lenient\"\n\n"
                + vm("a", "") + "\n" + vm("b", "alignment = \"strict\"\n")));
        assertEquals(visor.cpu.AlignmentPolicy.LENIENT, config.hypervisor().alignment());
        assertEquals(null, config.vms().get(0).alignment(), "a takes the [hypervisor] rule");
        assertEquals(visor.cpu.AlignmentPolicy.STRICT, config.vms().get(1).alignment());
        assertEquals(visor.cpu.AlignmentPolicy.WARN, ConfigLoader.load(write(vm("a", ""))).hypervisor().alignment());
    }

    @Test
    void unknownAlignmentIsAnError() throws Exception {
        List<String> errors = errors(vm("a", "alignment = \"loose\"\n"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(":4: [[vm]] #1 \"a\": key 'alignment': \"loose\" is not one of \"warn\", \"strict\", \"lenient\""),
                errors.get(0));
    }

    @Test
    void wrongTypes() throws Exception {
        List<String> errors = errors("""
                [hypervisor]
                quantum_ms = "10"
                clock = "wallclock"

                [[vm]]
                name = "a"
                image = "guests/echo.bin"
                load = "0x80000"
                autostart = "yes"
                """);
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(":2: [hypervisor]: key 'quantum_ms': expected an integer, got a string (\"10\")"), errors.get(0));
        assertTrue(errors.get(1).contains(":3: [hypervisor]: key 'clock': \"wallclock\" is not one of \"realtime\", \"virtual\""), errors.get(1));
        assertTrue(errors.get(2).contains(":8: [[vm]] #1 \"a\": key 'load': expected an integer, got a string (\"0x80000\")"), errors.get(2));
        assertTrue(errors.get(3).contains(":9: [[vm]] #1 \"a\": key 'autostart': expected true or false, got a string (\"yes\")"), errors.get(3));
    }

    @Test
    void quantumRange() throws Exception {
        List<String> errors = errors("[hypervisor]\nquantum_ms = 0\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains(":2: [hypervisor]: key 'quantum_ms': 0 is out of range 1-1000"), errors.get(0));
    }

    @Test
    void runReportsEveryErrorOnStderrWithExitCode2AndStartsNothing() throws Exception {
        Path file = write(vm("echo", "entry = 0x3F000010\n") + vm("echo", "bogus = 1\n"));
        boolean[] started = {false};
        Cli cli = Cli.run(config -> {
            started[0] = true;
            throw new AssertionError("must not start");
        }, "", "run", file.toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertFalse(started[0]);
        List<String> lines = cli.err.lines().toList();
        assertEquals(3, lines.size(), cli.err);
        assertEquals(file + ":4: [[vm]] #1 \"echo\": key 'entry': 0x3F000010 is inside the MMIO window 0x3F000000-0x4003FFFF", lines.get(0));
        assertTrue(lines.get(1).startsWith(file + ":6: [[vm]] #2 \"echo\": key 'name': duplicate name"), lines.get(1));
        assertTrue(lines.get(2).startsWith(file + ":8: [[vm]] #2 \"echo\": unknown key 'bogus'"), lines.get(2));
    }

    @Test
    void missingConfigFileIsExit2() {
        Cli cli = Cli.run(config -> null, "", "run", dir.resolve("absent.toml").toString());
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("absent.toml: no such file"), cli.err);
    }

    /** The [[vm]] keys that make a Linux VM: dtb, initrd, append (docs/config.md, "Linux VMs"). */
    @Nested
    class LinuxVms {
        @BeforeEach
        void files() throws IOException {
            Files.write(dir.resolve("Image"), new byte[4096]);
            Files.write(dir.resolve("pi3.dtb"), new byte[64]);
            Files.write(dir.resolve("initrd.gz"), new byte[64]);
        }

        @Test
        void readsTheKernelsDeviceTreeInitrdAndCommandLine() throws Exception {
            VmConfig vm = ConfigLoader.load(write("""
                    [[vm]]
                    name = "linux"
                    image = "Image"
                    dtb = "pi3.dtb"
                    initrd = "initrd.gz"
                    append = "console=ttyS1,115200 rdinit=/init"
                    """)).vms().get(0);
            assertEquals(dir.resolve("pi3.dtb").toAbsolutePath().normalize(), vm.dtb());
            assertEquals(dir.resolve("initrd.gz").toAbsolutePath().normalize(), vm.initrd());
            assertEquals("console=ttyS1,115200 rdinit=/init", vm.append());
        }

        @Test
        void aRawImageHasNoDeviceTree() throws Exception {
            VmConfig vm = ConfigLoader.load(write("[[vm]]\nname = \"echo\"\nimage = \"Image\"\n")).vms().get(0);
            assertNull(vm.dtb());
            assertNull(vm.initrd());
            assertNull(vm.append());
        }

        @Test
        void initrdAndAppendNeedADeviceTree() throws Exception {
            List<String> e = errors("[[vm]]\nname = \"linux\"\nimage = \"Image\"\ninitrd = \"initrd.gz\"\nappend = \"quiet\"\n");
            assertEquals(2, e.size(), e.toString());
            assertTrue(e.get(0).contains("key 'initrd': reaches the kernel through the device tree: give 'dtb' too"), e.toString());
            assertTrue(e.get(1).contains("key 'append'"), e.toString());
        }

        @Test
        void theBootProtocolPlacesALinuxKernel() throws Exception {
            List<String> e = errors("[[vm]]\nname = \"linux\"\nimage = \"Image\"\ndtb = \"pi3.dtb\"\nload = 0x80000\n");
            assertEquals(1, e.size(), e.toString());
            assertTrue(e.get(0).contains("key 'load': a VM with 'dtb' boots Linux"), e.toString());
        }

        @Test
        void aMissingDeviceTreeIsAnErrorOrSkipsAnOptionalVm() throws Exception {
            List<String> e = errors("[[vm]]\nname = \"linux\"\nimage = \"Image\"\ndtb = \"none.dtb\"\n");
            assertTrue(e.get(0).contains("key 'dtb': none.dtb not found"), e.toString());
            RunConfig config = ConfigLoader.load(write("[[vm]]\nname = \"linux\"\nimage = \"Image\"\ndtb = \"none.dtb\"\noptional = true\n"));
            assertTrue(config.vms().isEmpty());
            assertTrue(config.notes().get(0).contains("none.dtb not found; optional VM skipped"), config.notes().toString());
        }
    }
}
