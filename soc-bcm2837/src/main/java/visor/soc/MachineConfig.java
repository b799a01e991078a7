package visor.soc;

import java.nio.file.Path;

/**
 * What {@link Raspi3Machine} is built from.
 *
 * @param ramBytes RAM of the board; the ARM sees at most 0x3F000000 below the peripherals
 * @param cores    cores that can run, 1..4
 * @param clock    guest time source
 * @param sdCard   raw SD card image, or null for an empty slot
 * @param rngSeed  seed of the hardware RNG and of the board serial number
 */
public record MachineConfig(long ramBytes, int cores, ClockMode clock, Path sdCard, long rngSeed) {
    public static final long DEFAULT_RAM = 1L << 30;

    public MachineConfig {
        if (ramBytes <= 0 || (ramBytes & 0xFFF) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + ramBytes);
        }
        if (cores < 1 || cores > 4) {
            throw new IllegalArgumentException("cores must be 1..4: " + cores);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock mode missing");
        }
    }

    /** 1 GiB, four cores, real time, no SD card, seed 0. */
    public static MachineConfig defaults() {
        return new MachineConfig(DEFAULT_RAM, 4, ClockMode.REALTIME, null, 0);
    }

    public MachineConfig withRam(long bytes) {
        return new MachineConfig(bytes, cores, clock, sdCard, rngSeed);
    }

    public MachineConfig withCores(int n) {
        return new MachineConfig(ramBytes, n, clock, sdCard, rngSeed);
    }

    public MachineConfig withClock(ClockMode mode) {
        return new MachineConfig(ramBytes, cores, mode, sdCard, rngSeed);
    }

    public MachineConfig withSdCard(Path image) {
        return new MachineConfig(ramBytes, cores, clock, image, rngSeed);
    }

    public MachineConfig withRngSeed(long seed) {
        return new MachineConfig(ramBytes, cores, clock, sdCard, seed);
    }
}
