package visor.e2e.bare;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a guests/tests kernel's mini-UART transcript on QEMU raspi3b with the one on visor, line by
 * line. Lines may differ only where an {@link Allowed} entry names both lines and says why: values QEMU
 * 7.2 does not model the way the Pi 3 Model B firmware and silicon give them (guests/tests/README.md,
 * "What QEMU 7.2 raspi3b does not model"; design.md section 1 for the Pi values).
 */
final class Transcripts {
    /** One permitted difference: on {@code kernel}, QEMU prints {@code qemu} where visor prints {@code visor}. */
    record Allowed(String kernel, String qemu, String visor, String reason) {
    }

    static final List<Allowed> ALLOWED = List.of(
            new Allowed("gentimer", "gentimer: CNTFRQ_EL0 62500000", "gentimer: CNTFRQ_EL0 19200000",
                    "QEMU leaves CNTFRQ_EL0 at its 62.5 MHz default; the Pi 3 firmware programs 19.2 MHz"),
            new Allowed("mailbox", "tag MAC address: 52:54:00:12:34:57", "tag MAC address: b8:27:eb:00:00:00",
                    "QEMU answers its NIC's default MAC; a Pi has a Raspberry Pi OUI (b8:27:eb) address"),
            new Allowed("mailbox", "tag board serial: 0x0000000000000000", "tag board serial: 0x0000000010000000",
                    "QEMU answers serial 0; visor gives a non-zero serial derived from the machine's seed"),
            new Allowed("mailbox", "tag UART clock: 3000000 Hz", "tag UART clock: 48000000 Hz",
                    "QEMU's fixed UART clock is 3 MHz; the Pi 3 firmware runs the PL011 at 48 MHz"),
            new Allowed("mailbox", "tag EMMC clock: 50000000 Hz", "tag EMMC clock: 250000000 Hz",
                    "QEMU's fixed EMMC clock is 50 MHz; the Pi 3 firmware's EMMC clock is 250 MHz"),
            new Allowed("mailbox", "tag ARM clock: 700000000 Hz", "tag ARM clock: 1200000000 Hz",
                    "QEMU's fixed ARM clock is 700 MHz; a Pi 3 Model B runs its A53s at 1.2 GHz"),
            new Allowed("mailbox", "tag temperature: 25000 mC", "tag temperature: 45000 mC",
                    "QEMU answers a constant 25.000 C; visor answers a typical idle Pi 3 SoC temperature"),
            new Allowed("watchdog", "watchdog: PM_RSTS 0x00001000", "watchdog: PM_RSTS 0x00000020",
                    "QEMU's PM_RSTS after a watchdog reset lacks the 'had watchdog full reset' bit (0x20)"),
            new Allowed("sdcard", "sdcard: card ready, SDSC (byte addressed)",
                    "sdcard: card ready, SDHC/SDXC (block addressed)",
                    "QEMU makes cards up to 2 GiB standard capacity; visor's card is always SDHC "
                            + "(CSD version 2.0, block addressing)"));

    static final String TEST_DONE = "TEST DONE";

    private Transcripts() {
    }

    /** The lines up to and including "TEST DONE", carriage returns and trailing blanks removed. */
    static List<String> lines(String output) {
        return lines(output, TEST_DONE);
    }

    /** The lines up to the first that starts with {@code end}, which is kept but cut after {@code end}. */
    static List<String> lines(String output, String end) {
        List<String> lines = new ArrayList<>();
        for (String line : output.replace("\r", "").split("\n", -1)) {
            if (line.strip().startsWith(end)) {
                lines.add(end);
                return lines;
            }
            lines.add(line.stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** The differences that no {@link Allowed} entry covers, one message each; empty when the runs agree. */
    static List<String> unexplained(String kernel, List<String> qemu, List<String> visor) {
        List<String> problems = new ArrayList<>();
        int n = Math.max(qemu.size(), visor.size());
        for (int i = 0; i < n; i++) {
            String q = i < qemu.size() ? qemu.get(i) : "<no line>";
            String v = i < visor.size() ? visor.get(i) : "<no line>";
            if (!q.equals(v) && !allowed(kernel, q, v)) {
                problems.add("line " + (i + 1) + ": qemu '" + q + "', visor '" + v + "'");
            }
        }
        return problems;
    }

    private static boolean allowed(String kernel, String qemu, String visor) {
        for (Allowed a : ALLOWED) {
            if (a.kernel.equals(kernel) && a.qemu.equals(qemu) && a.visor.equals(visor)) {
                return true;
            }
        }
        return false;
    }
}
