package visor.cli.boot;

import java.io.IOException;

/**
 * Builds the bare machine with the kernel loaded. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/visor.cli.boot.BareMachineFactory}) so {@code boot}'s own logic does not
 * depend on the SoC model's classes and can be tested with a fake.
 */
public interface BareMachineFactory {
    BareMachine create(BootSpec spec) throws IOException;
}
