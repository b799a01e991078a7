package visor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import visor.cli.bench.BenchFailure;
import visor.cli.bench.Measurement;
import visor.cli.bench.QemuBench;
import visor.cli.bench.VisorBench;
import visor.cli.boot.BareMachineFactory;
import visor.cli.boot.BootSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code visor bench [IMAGE]}: guest MIPS of a CPU-bound kernel on the bare machine and, in the same run,
 * the time {@code qemu-system-aarch64 -M raspi3b} needs for it. Output is one {@code key: value} per line.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Time a benchmark kernel (one that prints \"bench: start\", \"bench: checksum ...\" and "
                + "\"bench: done\") on the bare machine, then on qemu-system-aarch64 -M raspi3b.",
                "Seconds are host wall time between the start and done lines; MIPS is the instructions visor "
                        + "retired in between over that time. Figures are medians over --runs runs."},
        footer = {"", "Exit codes: 0 success, 1 a run failed or the checksums differ, 2 usage error."})
public final class BenchCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..1", description = "Kernel image (default: ${DEFAULT-VALUE}).",
            defaultValue = "guests/bench/bench.bin")
    Path image;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Runs on each emulator (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--qemu", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time QEMU (default: on; --no-qemu skips it).")
    boolean qemu;

    @Option(names = "--qemu-binary", paramLabel = "PATH", defaultValue = QemuBench.DEFAULT_BINARY,
            description = "QEMU to run (default: ${DEFAULT-VALUE} on PATH).")
    String qemuBinary;

    @Option(names = "--clock", paramLabel = "MODE", defaultValue = "realtime",
            description = "visor's clock: realtime or virtual (default: ${DEFAULT-VALUE}).")
    BootSpec.Clock clock;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up on a run after this long (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    BenchCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs " + runs + ": at least one run");
        }
        if (!Files.isRegularFile(image)) {
            throw new ParameterException(spec.commandLine(), image + ": no such file");
        }
        Optional<BareMachineFactory> factory = env.machineFactory();
        if (factory.isEmpty()) {
            env.err().println("visor: this build has no Raspberry Pi machine (no visor.cli.boot.BareMachineFactory registered)");
            return ExitCodes.FAILED;
        }
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        PrintStream out = env.out();
        out.println("image: " + image);
        out.println("host: " + Runtime.getRuntime().availableProcessors() + " cpus, " + System.getProperty("os.arch")
                + ", java " + System.getProperty("java.version"));
        out.println("runs: " + runs);

        VisorBench visorBench = new VisorBench(factory.get(), image, Files.readAllBytes(image), clock);
        List<Measurement> visor = runAll(visorBench::run, timeout, "visor");
        if (visor == null) {
            return ExitCodes.FAILED;
        }
        out.println("visor_clock: " + clock.name().toLowerCase(Locale.ROOT));
        out.println("visor_run_seconds: " + list(visor, Measurement::seconds));
        out.println("visor_run_mips: " + list(visor, Measurement::mips));
        out.println("visor_instructions: " + visor.get(0).instructions());
        double visorSeconds = median(visor, Measurement::seconds);
        out.println("visor_seconds: " + format(visorSeconds));
        out.println("visor_mips: " + format(median(visor, Measurement::mips)));
        double visorCpu = median(visor, Measurement::cpuSeconds);
        out.println("visor_cpu_seconds: " + format(visorCpu));
        out.println("visor_cpu_mips: " + format(median(visor, Measurement::cpuMips)));
        String checksum = visor.get(0).checksum();
        out.println("visor_checksum: " + checksum);
        for (Measurement m : visor) {
            if (!java.util.Objects.equals(m.checksum(), checksum)) {
                out.println("visor_error: checksum " + m.checksum() + " in a later run differs from " + checksum);
                return ExitCodes.FAILED;
            }
        }
        if (!qemu) {
            out.println("qemu: skipped (--no-qemu)");
            return ExitCodes.OK;
        }
        Optional<String> binary = QemuBench.locate(qemuBinary);
        if (binary.isEmpty()) {
            out.println("qemu: not found (" + qemuBinary + (qemuBinary.contains("/") ? "" : " is not on PATH") + ")");
            return ExitCodes.OK;
        }
        QemuBench qemuBench = new QemuBench(binary.get(), image);
        out.println("qemu: " + String.join(" ", qemuBench.commandLine()));
        List<Measurement> qemuRuns = runAll(qemuBench::run, timeout, "qemu");
        if (qemuRuns == null) {
            return ExitCodes.FAILED;
        }
        double qemuSeconds = median(qemuRuns, Measurement::seconds);
        out.println("qemu_run_seconds: " + list(qemuRuns, Measurement::seconds));
        out.println("qemu_seconds: " + format(qemuSeconds));
        // From process start, so QEMU's own start-up (and the guest's set-up before "start") is included.
        out.println("qemu_total_seconds: " + format(median(qemuRuns, Measurement::totalSeconds)));
        // QEMU does not report retired instructions: the same program retires the same count on both.
        out.println("qemu_mips: " + format(visor.get(0).instructions() / qemuSeconds / 1e6));
        String qemuChecksum = qemuRuns.get(0).checksum();
        out.println("qemu_checksum: " + qemuChecksum);
        double qemuCpu = median(qemuRuns, Measurement::cpuSeconds);
        out.println("qemu_cpu_seconds: " + format(qemuCpu));
        out.println("ratio: " + format(visorSeconds / qemuSeconds));
        out.println("cpu_ratio: " + format(visorCpu / qemuCpu));
        boolean same = checksum != null && qemuRuns.stream().allMatch(m -> checksum.equals(m.checksum()));
        out.println("checksums_match: " + same);
        return same ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One timed run of the guest on an emulator. */
    @FunctionalInterface
    private interface Run {
        Measurement run(Duration timeout) throws Exception;
    }

    /** --runs runs of {@code run}; null (the failure printed as {@code <key>_error}) if one fails. */
    private List<Measurement> runAll(Run run, Duration timeout, String key) throws Exception {
        List<Measurement> all = new ArrayList<>();
        try {
            for (int r = 0; r < runs; r++) {
                // Progress on stderr, so stdout stays the key: value report scripts parse.
                env.err().printf(Locale.ROOT, "visor: bench: %s run %d of %d...", key, r + 1, runs);
                env.err().flush();
                Measurement m = run.run(timeout);
                env.err().printf(Locale.ROOT, " %s s%n", format(m.seconds()));
                all.add(m);
            }
        } catch (BenchFailure e) {
            env.out().println(key + "_error: " + e.getMessage());
            return null;
        }
        return all;
    }

    private static String list(List<Measurement> runs, ToDoubleFunction<Measurement> f) {
        return String.join(" ", runs.stream().map(m -> format(f.applyAsDouble(m))).toList());
    }

    private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
