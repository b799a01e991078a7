package visor.soc.device;

/**
 * The Pi 3's microSD slot, wired to GPIO 48-53 (CLK, CMD, DAT0-3). Which BCM2837 controller drives it
 * follows those pins' function select, as on the chip (ARM Peripherals manual 6.2, alternative function
 * table: ALT0 = SD0, the SDHOST controller; ALT3 = SD1, the Arasan EMMC) and in QEMU's bcm2835_gpio: the
 * card moves only when all six pins agree, so a driver reprogramming GPFSEL4 and then GPFSEL5 does not
 * unplug it half-way; mixed settings leave it where it is.
 */
public final class SdCardSlot {
    public enum Host { EMMC, SDHOST }

    public static final int FIRST_PIN = 48, LAST_PIN = 53;
    static final int FSEL_ALT0 = 0b100, FSEL_ALT3 = 0b111;

    private final SdCard card;
    private Host host;

    /** {@code card} may be null: an empty slot. */
    public SdCardSlot(SdCard card, Host initial) {
        this.card = card;
        this.host = initial;
    }

    public SdCard card() {
        return card;
    }

    public Host host() {
        return host;
    }

    /** The card as seen from controller {@code h}: present only while the pins route the slot there. */
    public SdBus bus(Host h) {
        return () -> host == h ? card : null;
    }

    /** Re-reads the function select of pins 48-53 (called after every GPFSEL write). */
    public void followPins(Gpio gpio) {
        if (allPins(gpio, FSEL_ALT0)) {
            host = Host.SDHOST;
        } else if (allPins(gpio, FSEL_ALT3)) {
            host = Host.EMMC;
        }
    }

    private static boolean allPins(Gpio gpio, int function) {
        for (int pin = FIRST_PIN; pin <= LAST_PIN; pin++) {
            if (gpio.function(pin) != function) {
                return false;
            }
        }
        return true;
    }
}
