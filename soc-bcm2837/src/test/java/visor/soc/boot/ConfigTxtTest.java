package visor.soc.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTxtTest {
    private final List<String> warnings = new ArrayList<>();

    private ConfigTxt parse(String text) {
        return ConfigTxt.parse("config.txt", text, warnings::add);
    }

    @Test
    void tutorialConfigLoadsAtZeroAtEl3() {
        ConfigTxt c = parse("kernel_old=1\ndisable_commandline_tags=1\n");
        assertTrue(c.kernelOld());
        assertEquals(0, c.loadAddress());
        assertEquals("kernel8.img", c.kernelFile());
        assertEquals(List.of(), warnings, "disable_commandline_tags is known");
    }

    @Test
    void everyHonouredKey() {
        ConfigTxt c = parse("""
                # comment
                kernel=boot/my.img   # trailing comment
                kernel_address=0x200000
                arm_64bit=1
                enable_uart=0
                core_freq=250
                initramfs initrd.gz 0x800000
                device_tree=bcm2710-rpi-3-b.dtb
                """.replace("initramfs initrd", "initramfs=initrd"));
        assertFalse(c.kernelOld());
        assertEquals(0x200000, c.loadAddress());
        assertEquals("boot/my.img", c.kernelFile());
        assertFalse(c.enableUart());
        assertEquals(250, c.coreFreqMhz());
        assertEquals("initrd.gz", c.initramfs());
        assertEquals(0x800000, c.initramfsAddress());
        assertEquals("bcm2710-rpi-3-b.dtb", c.deviceTree());
        assertEquals("cmdline.txt", c.cmdlineFile());
        assertEquals("boot/args.txt", parse("cmdline=boot/args.txt").cmdlineFile());
        assertEquals(ConfigTxt.FOLLOW_KERNEL, parse("initramfs=x followkernel").initramfsAddress());
    }

    @Test
    void defaultsWithoutAFile() {
        ConfigTxt c = ConfigTxt.defaults();
        assertEquals(0x80000, c.loadAddress());
        assertTrue(c.enableUart());
        assertNull(c.deviceTree());
    }

    @Test
    void sectionsForOtherModelsAreSkipped() {
        ConfigTxt c = parse("[pi4]\nkernel_old=1\n[pi3]\ncore_freq=300\n[all]\nenable_uart=1\n");
        assertFalse(c.kernelOld(), "[pi4] does not apply to a Pi 3");
        assertEquals(300, c.coreFreqMhz());
    }

    @Test
    void unknownKeysWarnWithFileAndLine() {
        parse("kernel_old=1\n\nturbo_button=1\n");
        assertEquals(List.of("config.txt:3: unknown key 'turbo_button' ignored"), warnings);
    }

    @Test
    void malformedLinesAreErrorsWithFileAndLine() {
        assertEquals("config.txt:2: 'kernel_old' is not key=value",
                assertThrows(ConfigTxt.Error.class, () -> parse("# x\nkernel_old\n")).getMessage());
        assertEquals("config.txt:1: kernel_old=yes: expected 0 or 1",
                assertThrows(ConfigTxt.Error.class, () -> parse("kernel_old=yes")).getMessage());
        assertEquals("config.txt:1: kernel_address=0x8000g: not a number (decimal or 0x hex)",
                assertThrows(ConfigTxt.Error.class, () -> parse("kernel_address=0x8000g")).getMessage());
        assertTrue(assertThrows(ConfigTxt.Error.class, () -> parse("kernel_address=0x80002")).getMessage()
                .startsWith("config.txt:1: kernel_address=0x80002: expected a 4-byte aligned address"));
        assertTrue(assertThrows(ConfigTxt.Error.class, () -> parse("arm_64bit=0")).getMessage()
                .startsWith("config.txt:1: arm_64bit=0 asks for a 32-bit (AArch32) kernel"));
        assertTrue(assertThrows(ConfigTxt.Error.class, () -> parse("core_freq=5")).getMessage()
                .startsWith("config.txt:1: core_freq=5: expected MHz"));
        assertEquals("config.txt:1: section filter '[pi3' has no closing ']'",
                assertThrows(ConfigTxt.Error.class, () -> parse("[pi3")).getMessage());
    }
}
