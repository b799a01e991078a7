package visor.cli.console;

import visor.cli.config.RunConfig;

/**
 * Creates the hypervisor for a configuration and starts its autostart VMs. Found with
 * {@link java.util.ServiceLoader} so the console code never names the hypervisor's classes: the adapter
 * written together with the hypervisor registers itself in
 * {@code META-INF/services/visor.cli.console.VmHostFactory}, and tests pass their own factory.
 */
public interface VmHostFactory {
    VmHost start(RunConfig config) throws Exception;
}
