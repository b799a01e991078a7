package visor.cli.bench;

/**
 * One timed run of the benchmark guest.
 *
 * @param seconds host seconds from "bench: start" to "bench: done"
 * @param totalSeconds host seconds from creating the machine (or starting the process) to "bench: done"
 * @param cpuSeconds CPU seconds the emulator used in between: less disturbed than wall time by other load
 *                   on the host
 * @param instructions guest instructions retired in between (0 when the emulator cannot tell)
 * @param checksum the text after "bench: checksum", or null
 */
public record Measurement(double seconds, double totalSeconds, double cpuSeconds, long instructions, String checksum) {
    public double mips() {
        return instructions / seconds / 1e6;
    }

    public double cpuMips() {
        return instructions / cpuSeconds / 1e6;
    }

    static Measurement of(BenchTranscript t, long launchNanos) {
        return new Measurement((t.doneNanos() - t.startNanos()) / 1e9, (t.doneNanos() - launchNanos) / 1e9,
                t.cpuNanos() / 1e9,
                t.instructions(), t.checksum());
    }
}
