package visor.cli.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated configuration file.
 *
 * @param file the configuration file as given
 * @param vms the VMs to create, in file order (optional VMs whose image is missing are left out)
 * @param notes non-fatal findings, such as skipped optional VMs, formatted like errors
 */
public record RunConfig(Path file, HypervisorConfig hypervisor, List<VmConfig> vms, List<String> notes) {
    public RunConfig {
        vms = List.copyOf(vms);
        notes = List.copyOf(notes);
    }

    /** Directory against which image paths are resolved, and which {@code ls} lists. */
    public Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
