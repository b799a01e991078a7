package visor.cli.config;

import java.nio.file.Path;

/**
 * One {@code [[vm]]} table, validated: addresses lie in guest RAM outside the MMIO window and the image
 * fits in memory at its load address.
 *
 * @param image resolved against the directory of the configuration file
 * @param memory guest RAM in bytes, a multiple of 4 KiB
 */
public record VmConfig(String name, Path image, long load, long entry, long sp, long memory, boolean autostart,
                       boolean optional) {
}
