package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's U-Boot for the Pi 3 (guests/uboot/u-boot.bin, fetched by scripts/fetch-guests.sh) on
 * {@code visor boot}: it reaches its prompt and its commands see the machine as on a Pi 3 Model B (board
 * revision and ARM memory from the mailbox) and the SD card through the SDHOST controller (mmc 0).
 * Autoboot is stopped with a key at its countdown, as a user at the console would. The clock is the
 * realtime one: U-Boot's USB bring-up waits about a second of guest time (core resets, the root port's
 * connect timeout), which the virtual clock (1 ns per instruction) turns into 10^9 instructions.
 */
class UBootTest {
    private static final String PROMPT = "U-Boot> ";

    @TempDir
    Path dir;

    private Path uboot;

    @BeforeEach
    void needsUBoot() {
        uboot = Prerequisites.file("guests/uboot/u-boot.bin", "run scripts/fetch-guests.sh");
    }

    private Visor.Script boot(String... options) {
        Visor.Script s = new Visor.Script("boot", uboot.toString(), "--clock", "realtime", "--headless",
                "--timeout", "60");
        for (String o : options) {
            s.args().add(o);
        }
        return s.expect("Hit any key to stop autoboot").send(" ").expect(PROMPT);
    }

    /** What U-Boot printed in answer to {@code command}: from its echo to the next prompt. */
    private static String answer(Visor run, String command) {
        String echo = PROMPT + command + "\n";
        int at = run.out.indexOf(echo);
        assertTrue(at >= 0, "no '" + command + "' at a prompt in:\n" + run.out);
        int from = at + echo.length();
        int end = run.out.indexOf(PROMPT, from);
        return run.out.substring(from, end < 0 ? run.out.length() : end);
    }

    private static void contains(String text, String part, String what) {
        assertTrue(text.contains(part), what + ": expected '" + part + "' in:\n" + text);
    }

    @Test
    void commandsAnswerWithTheSdCardOnMmc0() throws Exception {
        CardImage card = CardImage.create(dir);
        Visor.Script s = boot("--sd", card.path.toString());
        String[][] session = {
            {"version", "GNU ld"},
            {"bdinfo", "DRAM bank"},
            {"printenv", "bootcmd="},
            {"mmc dev 0", "mmc0 is current device"},
            {"mmc info", "Capacity"},
            {"fatls mmc 0:1", "file(s)"},
            {"fatload mmc 0:1 0x1000000 HELLO.TXT", "bytes read"},
            {"md.b 0x1000000 0x1f", "0100001"},
            {"fatwrite mmc 0:1 0x1000000 COPY.TXT 0x1f", "bytes written"},
        };
        for (String[] step : session) {
            s.send(step[0] + "\\r").expect(step[1]).expect(PROMPT);
        }
        Visor run = Visor.run(s.args());
        assertEquals(0, run.exitCode, run.toString());

        assertTrue(Pattern.compile("(?m)^U-Boot 20\\d\\d\\.\\d\\d").matcher(answer(run, "version")).find(),
                run.out);
        String bdinfo = answer(run, "bdinfo");
        // The ARM's share of the 1 GiB as the firmware's mailbox reports it: base 0, 0x3C000000 bytes.
        contains(bdinfo, "DRAM bank   = 0x0000000000000000", "bdinfo");
        contains(bdinfo, "-> size     = 0x000000003c000000", "bdinfo");
        String env = answer(run, "printenv");
        contains(env, "bootcmd=", "printenv");
        contains(env, "board_revision=0xA02082", "printenv (Pi 3 Model B revision from the mailbox)");
        String info = answer(run, "mmc info");
        contains(info, "Device: mmc@7e202000", "mmc info (the SDHOST controller has the card)");
        contains(info, "Capacity: 64 MiB", "mmc info (the image's size)");
        assertTrue(Pattern.compile("(?m)^\\s+31\\s+HELLO\\.TXT$").matcher(answer(run, "fatls mmc 0:1")).find(),
                "fatls lists HELLO.TXT with its 31 bytes:\n" + run.out);
        contains(answer(run, "fatload mmc 0:1 0x1000000 HELLO.TXT"), "31 bytes read", "fatload");
        contains(answer(run, "md.b 0x1000000 0x1f"), "Hello from the v", "md.b shows the file's bytes");
        contains(answer(run, "fatwrite mmc 0:1 0x1000000 COPY.TXT 0x1f"), "31 bytes written", "fatwrite");
        assertEquals(CardImage.HELLO_TEXT, card.fileText("COPY.TXT"), "the file U-Boot wrote, read by mtools");
    }

    /**
     * The slot follows GPIO 48-53 at any time: with the pins switched to ALT3 (as sdhci-iproc's pinctrl
     * does), U-Boot's sdhci driver on mmc@7e300000 finds the card (SDHCI: present state, clock stable,
     * PIO data port) and reads its FAT partition, and the SDHOST (mmc 0) no longer sees it.
     */
    @Test
    void theCardMovesToTheArasanControllerWhenGpio48To53SelectAlt3() throws Exception {
        CardImage card = CardImage.create(dir);
        Visor.Script s = boot("--sd", card.path.toString());
        String[][] session = {
            {"mw.l 0x3f200010 0x3f000000", ""},   // GPFSEL4: pins 48, 49 ALT3 (SD1 CLK, CMD)
            {"mw.l 0x3f200014 0x00000fff", ""},   // GPFSEL5: pins 50-53 ALT3 (SD1 DAT0-3)
            {"mmc dev 1", "mmc1 is current device"},
            {"mmc info", "Capacity"},
            {"fatload mmc 1:1 0x1000000 HELLO.TXT", "bytes read"},
            {"md.b 0x1000000 0x1f", "0100001"},
            {"fatwrite mmc 1:1 0x1000000 EMMC.TXT 0x1f", "bytes written"},
            {"mmc dev 0", ""},
        };
        for (String[] step : session) {
            s.send(step[0] + "\\r");
            if (!step[1].isEmpty()) {
                s.expect(step[1]);
            }
            s.expect(PROMPT);
        }
        Visor run = Visor.run(s.args());
        assertEquals(0, run.exitCode, run.toString());
        String info = answer(run, "mmc info");
        contains(info, "Device: mmc@7e300000", "mmc info (the Arasan controller has the card)");
        contains(info, "Capacity: 64 MiB", "mmc info (the image's size)");
        contains(info, "Bus Width: 4-bit", "mmc info (ACMD6 switched the card to 4 bits)");
        contains(answer(run, "fatload mmc 1:1 0x1000000 HELLO.TXT"), "31 bytes read", "fatload");
        contains(answer(run, "md.b 0x1000000 0x1f"), "Hello from the v", "md.b shows the file's bytes");
        contains(answer(run, "fatwrite mmc 1:1 0x1000000 EMMC.TXT 0x1f"), "31 bytes written", "fatwrite");
        assertTrue(!answer(run, "mmc dev 0").contains("is current device"), "the SDHOST lost the card:\n" + run.out);
        assertEquals(CardImage.HELLO_TEXT, card.fileText("EMMC.TXT"), "the file U-Boot wrote, read by mtools");
    }

    @Test
    void withoutACardBothControllersSayNoCardAtOnce() {
        Visor.Script s = boot()
                .send("mmc dev 0\\r").expect(PROMPT)
                .send("mmc dev 1\\r").expect(PROMPT)
                .send("version\\r").expect("U-Boot 20").expect(PROMPT);
        Visor run = Visor.run(s.args());
        assertEquals(0, run.exitCode, run.toString());
        contains(run.out, "MMC:   mmc@7e202000: 0, mmc@7e300000: 1", "both controllers probed");
        contains(run.out, "Bus usb@7e980000: USB DWC2", "the DWC2 USB host controller is found");
        contains(run.out, "1 USB Device(s) found", "only the root hub: nothing is plugged in");
        assertTrue(!answer(run, "mmc dev 0").contains("is current device"), "no card on mmc 0:\n" + run.out);
        contains(answer(run, "mmc dev 1"), "no card present", "mmc dev 1");
    }
}
