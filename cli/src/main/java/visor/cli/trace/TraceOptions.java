package visor.cli.trace;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/** {@code --trace}, {@code --trace-file}, {@code --trace-range}: QEMU's {@code -d}, {@code -D}, {@code -dfilter}. */
public final class TraceOptions {
    @Option(names = "--trace", paramLabel = "ITEMS", split = ",",
            description = "Log what happens inside the machine, as QEMU's -d: int (exceptions taken), exec (blocks "
                    + "run), in_asm (blocks decoded, disassembled), mmu (translation faults), guest_errors "
                    + "(accesses to unmapped addresses), unimp (unmodelled registers), mmio (device accesses), hv "
                    + "(exits to the hypervisor). Comma-separated. Cores with tracing on run slower.")
    List<String> items = List.of();

    @Option(names = "--trace-file", paramLabel = "FILE", description = "Write the trace to FILE (default: stderr).")
    public Path file;

    @Option(names = "--trace-range", paramLabel = "ADDR-ADDR",
            description = "Only trace code (and, for mmio, device addresses) in this inclusive range, e.g. 0x80000-0x80fff.")
    String range;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * The trace log these options ask for, writing to --trace-file or to {@code err}; null when tracing is
     * off. A file that cannot be created is a usage error.
     */
    public TraceLog open(java.io.PrintStream err) {
        EnumSet<TraceCategory> categories = categories();
        if (categories.isEmpty()) {
            return null;
        }
        long[] bounds = range();
        if (file == null) {
            return new TraceLog(categories, bounds, new java.io.PrintWriter(err, true), false);
        }
        try {
            return new TraceLog(categories, bounds, new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(file)), true);
        } catch (java.io.IOException e) {
            throw new ParameterException(command.commandLine(), "--trace-file " + file + ": cannot write: " + e.getMessage());
        }
    }

    /** The categories asked for; empty when tracing is off. */
    public EnumSet<TraceCategory> categories() {
        EnumSet<TraceCategory> set = EnumSet.noneOf(TraceCategory.class);
        for (String item : items) {
            TraceCategory c = TraceCategory.named(item.trim());
            if (c == null) {
                throw new ParameterException(command.commandLine(), "--trace " + item + ": unknown item; known: "
                        + Arrays.stream(TraceCategory.values()).map(TraceCategory::spelling).collect(Collectors.joining(",")));
            }
            set.add(c);
        }
        if (set.isEmpty() && (file != null || range != null)) {
            throw new ParameterException(command.commandLine(),
                    (file != null ? "--trace-file" : "--trace-range") + " needs --trace");
        }
        return set;
    }

    /** {@code [low, high]} of --trace-range, or the whole address space. */
    public long[] range() {
        if (range == null) {
            return new long[] {0, -1L};
        }
        int dash = range.indexOf('-', 1);
        try {
            if (dash < 0) {
                throw new NumberFormatException();
            }
            long low = Long.decode(range.substring(0, dash).trim());
            long high = Long.decode(range.substring(dash + 1).trim());
            if (Long.compareUnsigned(low, high) > 0) {
                throw new ParameterException(command.commandLine(), "--trace-range " + range + ": the start is above the end");
            }
            return new long[] {low, high};
        } catch (NumberFormatException e) {
            throw new ParameterException(command.commandLine(), "--trace-range " + range
                    + ": expected ADDR-ADDR, e.g. 0x80000-0x80fff");
        }
    }
}
