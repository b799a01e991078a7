package visor.cli.console;

import visor.cli.trace.TraceLog;
import visor.cli.config.RunConfig;

/**
 * Creates the hypervisor for a configuration and starts its autostart VMs. Found with
 * {@link java.util.ServiceLoader} so the console code never names the hypervisor's classes: the adapter
 * written together with the hypervisor registers itself in
 * {@code META-INF/services/visor.cli.console.VmHostFactory}, and tests pass their own factory.
 */
public interface VmHostFactory {
    VmHost start(RunConfig config) throws Exception;

    /** {@link #start(RunConfig)} with the trace log on (null: off) from the first instruction. */
    default VmHost start(RunConfig config, TraceLog trace) throws Exception {
        if (trace != null) {
            throw new UnsupportedOperationException("this hypervisor cannot trace");
        }
        return start(config);
    }
}
