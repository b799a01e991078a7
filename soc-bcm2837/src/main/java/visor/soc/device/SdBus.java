package visor.soc.device;

/**
 * The card side of an SD host controller: the card its CMD/DAT lines reach right now, or null when none
 * does (empty slot, or the Pi's one slot is routed to the other controller).
 */
@FunctionalInterface
public interface SdBus {
    SdBus EMPTY = () -> null;

    SdCard card();

    /** A bus with {@code card} (may be null) always attached. */
    static SdBus of(SdCard card) {
        return () -> card;
    }
}
