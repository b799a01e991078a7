package visor.cli.boot;

import java.nio.file.Path;

/**
 * What {@code boot} asks of the bare machine.
 *
 * @param kernel the image's bytes, loaded at 0x80000 as the firmware does
 * @param sdCard a raw SD card image, or null for no card
 */
public record BootSpec(Path image, byte[] kernel, Path sdCard, int cores, Clock clock, long ramBytes, long rngSeed) {
    public enum Clock { REALTIME, VIRTUAL }

    /** The board's 1 GiB; the machine itself reports the VideoCore split to the guest. */
    public static final long DEFAULT_RAM = 1L << 30;
}
