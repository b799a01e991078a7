package visor.cli.bench;

import visor.cli.boot.BareMachine;
import visor.cli.boot.BareMachineFactory;
import visor.cli.boot.BootSpec;
import visor.cli.console.ConsoleTap;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Times the benchmark guest on visor's bare machine, in this JVM (so later runs find the JIT warm). */
public final class VisorBench {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final BareMachineFactory factory;
    private final Path image;
    private final byte[] kernel;
    private final BootSpec.Clock clock;

    public VisorBench(BareMachineFactory factory, Path image, byte[] kernel, BootSpec.Clock clock) {
        this.factory = factory;
        this.image = image;
        this.kernel = kernel;
        this.clock = clock;
    }

    /** The last run's {@link BareMachine#jitCounters()}, or null. */
    public String lastJitCounters() {
        return lastJitCounters;
    }

    private String lastJitCounters;

    public Measurement run(Duration timeout) throws IOException, InterruptedException, BenchFailure {
        long launch = System.nanoTime();
        BareMachine machine = factory.create(new BootSpec(image, kernel, null, 4, clock, BootSpec.DEFAULT_RAM, 0));
        BenchTranscript transcript = new BenchTranscript(machine::instructions,
                // The console taps call back on the machine thread, whose CPU time this is.
                ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime);
        List<ConsoleTap> taps = List.of(ConsoleTap.open(machine.miniUart(), transcript::accept),
                ConsoleTap.open(machine.pl011(), transcript::accept));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                machine.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "machine");
        runner.start();
        try {
            boolean finished = transcript.awaitDone(timeout.toNanos());
            if (failure.get() != null) {
                throw new BenchFailure("the machine failed: " + failure.get());
            }
            if (!finished) {
                throw new BenchFailure((transcript.started() ? "no \"" + BenchTranscript.DONE + "\"" : "no \""
                        + BenchTranscript.START + "\"") + " within " + timeout.toSeconds() + " s");
            }
            return Measurement.of(transcript, launch);
        } finally {
            lastJitCounters = machine.jitCounters();
            machine.stop();
            runner.join(STOP_GRACE.toMillis());
            taps.forEach(ConsoleTap::close);
            if (!runner.isAlive()) {
                machine.close();
            }
        }
    }
}
