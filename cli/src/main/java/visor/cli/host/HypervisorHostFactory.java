package visor.cli.host;

import visor.cli.trace.TraceLog;
import visor.cli.config.RunConfig;
import visor.cli.console.VmHost;
import visor.cli.console.VmHostFactory;

/** Registered in META-INF/services: `visor run` gets a real hypervisor. */
public final class HypervisorHostFactory implements VmHostFactory {
    @Override
    public VmHost start(RunConfig config) throws Exception {
        return new HypervisorHost(config, null);
    }

    @Override
    public VmHost start(RunConfig config, TraceLog trace) throws Exception {
        return new HypervisorHost(config, trace);
    }
}
