package visor.soc.device;

/** A level-sensitive interrupt wire from a device to an interrupt controller input. */
@FunctionalInterface
public interface IrqLine {
    IrqLine NONE = level -> { };

    void set(boolean level);
}
