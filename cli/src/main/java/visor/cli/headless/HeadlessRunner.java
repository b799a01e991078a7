package visor.cli.headless;

import visor.cli.console.ConsoleTap;
import visor.soc.console.ConsoleChannel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plays a headless script. Each console has its own sequence of steps, taken in command-line order: a
 * send fires once the console's preceding expectation matched, and an expectation looks for its text
 * only after the end of the console's previous match. Consoles progress independently.
 */
public final class HeadlessRunner {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int TAIL_LINES = 20;

    /** How often the run's liveness is checked while no output arrives. */
    private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final Duration timeout;
    private final Supplier<String> ended;
    private final PrintStream err;
    private final Object monitor = new Object();
    private final int expectations;

    /** Per-console state: its output so far and where its script stands. */
    private final class Track {
        final HeadlessConsole console;
        final List<Step> steps = new ArrayList<>();
        final List<ConsoleTap> taps = new ArrayList<>();
        byte[] output = new byte[4096];
        int length;
        int next;
        /** End of the previous match: the next expectation must start at or after it. */
        int matchEnd;
        /** Where the pending expectation's search resumes; earlier starts are known not to match. */
        int scanFrom;

        Track(HeadlessConsole console) {
            this.console = console;
        }

        void append(byte[] data, int offset, int len) {
            synchronized (monitor) {
                if (length + len > output.length) {
                    output = Arrays.copyOf(output, Math.max(output.length * 2, length + len));
                }
                System.arraycopy(data, offset, output, length, len);
                length += len;
                monitor.notifyAll();
            }
        }

        boolean done() {
            return next == steps.size();
        }
    }

    /**
     * @param consoles every console steps may name, by the key used in {@link Step#console()}
     * @param ended tells, once the run is over on its own (machine stopped or failed), why; null while running
     */
    public HeadlessRunner(Map<String, HeadlessConsole> consoles, List<Step> steps, Duration timeout,
                          Supplier<String> ended, PrintStream err) {
        consoles.forEach((key, console) -> tracks.put(key, new Track(console)));
        for (Step step : steps) {
            Track track = tracks.get(step.console());
            if (track == null) {
                throw new IllegalArgumentException("no console '" + step.console() + "' for " + step.spelling());
            }
            track.steps.add(step);
        }
        this.expectations = (int) steps.stream().filter(s -> s.kind() == Step.Kind.EXPECT).count();
        this.timeout = timeout;
        this.ended = ended;
        this.err = err;
    }

    /** Runs the script to its end, a timeout or the end of the run; returns the exit code. */
    public int run() {
        for (Track track : tracks.values()) {
            for (ConsoleChannel channel : track.console.outputs()) {
                track.taps.add(ConsoleTap.open(channel, track::append));
            }
        }
        try {
            return play();
        } finally {
            tracks.values().forEach(t -> t.taps.forEach(ConsoleTap::close));
        }
    }

    private int play() {
        long start = System.nanoTime();
        int code = playFrom(start);
        if (code == OK) {
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(java.util.Locale.ROOT, expectations == 0 ? "visor: headless: ran %2$.1f s, no expectations%n"
                    : "visor: headless: all %d expectations met in %.1f s%n", expectations, seconds);
            err.flush();
        }
        return code;
    }

    private int playFrom(long start) {
        long deadline = start + timeout.toNanos();
        while (true) {
            List<Runnable> sends = new ArrayList<>();
            synchronized (monitor) {
                boolean allDone = true;
                for (Track track : tracks.values()) {
                    advance(track, sends);
                    allDone &= track.done();
                }
                if (sends.isEmpty()) {
                    // Without expectations there is nothing to finish early: the run lasts the timeout.
                    if (allDone && expectations > 0) {
                        return OK;
                    }
                    String end = ended.get();
                    if (end != null) {
                        if (allDone) {
                            return OK;
                        }
                        report("the run ended before every expectation was met: " + end);
                        return FAILED;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        if (expectations == 0) {
                            return OK;
                        }
                        report("timed out after " + seconds(timeout));
                        return FAILED;
                    }
                    long wait = Math.min(remaining, POLL_NANOS);
                    try {
                        monitor.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        report("interrupted");
                        return FAILED;
                    }
                }
            }
            // Typed outside the monitor: a guest model may echo synchronously from type(), appending output.
            sends.forEach(Runnable::run);
        }
    }

    /** Matches what the output allows, and collects the sends that become due. */
    private void advance(Track track, List<Runnable> sends) {
        while (!track.done()) {
            Step step = track.steps.get(track.next);
            if (step.kind() == Step.Kind.SEND) {
                ConsoleChannel input = track.console.input();
                byte[] text = step.text();
                sends.add(() -> input.type(text));
                track.next++;
                continue;
            }
            int at = indexOf(track.output, track.length, step.text(), Math.max(track.scanFrom, track.matchEnd));
            if (at < 0) {
                track.scanFrom = Math.max(track.matchEnd, track.length - step.text().length + 1);
                return;
            }
            track.matchEnd = at + step.text().length;
            track.scanFrom = track.matchEnd;
            track.next++;
        }
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void report(String why) {
        StringBuilder sb = new StringBuilder("visor: headless: ").append(why).append('\n');
        for (Track track : tracks.values()) {
            if (track.done()) {
                continue;
            }
            Step step = track.steps.get(track.next);
            int number = 0;
            int total = 0;
            for (int i = 0; i < track.steps.size(); i++) {
                if (track.steps.get(i).kind() == Step.Kind.EXPECT) {
                    total++;
                    if (i <= track.next) {
                        number++;
                    }
                }
            }
            sb.append("visor: console ").append(track.console.name()).append(": expectation ").append(number)
                    .append(" of ").append(total).append(" unmet: ").append(step.spelling()).append('\n');
            sb.append("--- last ").append(TAIL_LINES).append(" lines of ").append(track.console.name()).append(" ---\n");
            for (String line : tail(track)) {
                sb.append(line).append('\n');
            }
            sb.append("--- end of ").append(track.console.name()).append(" ---\n");
        }
        err.print(sb);
        err.flush();
    }

    private static List<String> tail(Track track) {
        String text = new String(track.output, 0, track.length, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()).stream()
                .map(l -> l.replace("\r", "")).toList();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
