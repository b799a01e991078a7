package visor.soc.device;

/**
 * The BCM2835 legacy ARM interrupt controller (ARM Peripherals manual ch. 7), mapped at 0x3F00B000 with
 * its registers at 0x200. 64 GPU sources (system timer 0-3, AUX 29, GPIO 49-52, PL011 57) and 8 ARM
 * sources (ARM timer 0, ARM mailbox 1, doorbells, ...). Like QEMU's bcm2835_ic the pending registers
 * show sources that are both asserted and enabled, which is what Linux's irq-bcm2835 expects.
 */
public final class InterruptController extends RegisterDevice {
    public static final int IRQ_BASIC_PENDING = 0x200;
    public static final int IRQ_PENDING_1 = 0x204;
    public static final int IRQ_PENDING_2 = 0x208;
    public static final int FIQ_CONTROL = 0x20C;
    public static final int ENABLE_IRQS_1 = 0x210;
    public static final int ENABLE_IRQS_2 = 0x214;
    public static final int ENABLE_BASIC_IRQS = 0x218;
    public static final int DISABLE_IRQS_1 = 0x21C;
    public static final int DISABLE_IRQS_2 = 0x220;
    public static final int DISABLE_BASIC_IRQS = 0x224;
    public static final int SIZE = 0x400;

    public static final int ARM_IRQ_MAILBOX = 1;
    public static final int FIQ_ENABLE = 1 << 7;
    /** FIQ source numbers 64-71 select ARM sources 0-7 (manual 7.5, FIQ register). */
    public static final int FIQ_ARM_BASE = 64;

    /** GPU IRQs duplicated into basic pending bits 10-20, in bit order (manual table 7.5). */
    private static final int[] BASIC_SHORTCUTS = {7, 9, 10, 18, 19, 53, 54, 55, 56, 57, 62};

    private long gpuLevel, gpuEnable;
    private int armLevel, armEnable;
    private int fiqControl;
    private boolean irqOut, fiqOut;
    private Runnable outputListener = () -> { };

    /** Called whenever the IRQ or FIQ output changes level. */
    public void setOutputListener(Runnable listener) {
        this.outputListener = listener;
    }

    public IrqLine gpuLine(int irq) {
        if (irq < 0 || irq > 63) {
            throw new IllegalArgumentException("GPU IRQ " + irq);
        }
        return level -> setGpu(irq, level);
    }

    public IrqLine armLine(int irq) {
        if (irq < 0 || irq > 7) {
            throw new IllegalArgumentException("ARM IRQ " + irq);
        }
        return level -> setArm(irq, level);
    }

    public void setGpu(int irq, boolean level) {
        gpuLevel = level ? gpuLevel | (1L << irq) : gpuLevel & ~(1L << irq);
        update();
    }

    public void setArm(int irq, boolean level) {
        armLevel = level ? armLevel | (1 << irq) : armLevel & ~(1 << irq);
        update();
    }

    public boolean irq() {
        return irqOut;
    }

    public boolean fiq() {
        return fiqOut;
    }

    public void reset() {
        gpuEnable = 0;
        armEnable = 0;
        fiqControl = 0;
        update();
    }

    private void update() {
        boolean irq = (gpuLevel & gpuEnable) != 0 || (armLevel & armEnable) != 0;
        boolean fiq = false;
        if ((fiqControl & FIQ_ENABLE) != 0) {
            int source = fiqControl & 0x7F;
            // The FIQ source bypasses the IRQ enables: it is selected in FIQ_CONTROL instead (manual 7.3).
            fiq = source < FIQ_ARM_BASE ? (gpuLevel & (1L << source)) != 0
                    : source < FIQ_ARM_BASE + 8 && (armLevel & (1 << (source - FIQ_ARM_BASE))) != 0;
        }
        if (irq != irqOut || fiq != fiqOut) {
            irqOut = irq;
            fiqOut = fiq;
            outputListener.run();
        }
    }

    @Override
    protected int readRegister(int offset) {
        long pending = gpuLevel & gpuEnable;
        return switch (offset) {
            case IRQ_BASIC_PENDING -> basicPending(pending);
            case IRQ_PENDING_1 -> (int) pending;
            case IRQ_PENDING_2 -> (int) (pending >>> 32);
            case FIQ_CONTROL -> fiqControl;
            case ENABLE_IRQS_1 -> (int) gpuEnable;
            case ENABLE_IRQS_2 -> (int) (gpuEnable >>> 32);
            case ENABLE_BASIC_IRQS -> armEnable;
            case DISABLE_IRQS_1 -> (int) ~gpuEnable;
            case DISABLE_IRQS_2 -> (int) (~gpuEnable >>> 32);
            case DISABLE_BASIC_IRQS -> ~armEnable & 0xFF;
            default -> unimplementedRead(offset);
        };
    }

    private int basicPending(long pending) {
        int value = armLevel & armEnable;
        if ((int) pending != 0) {
            value |= 1 << 8;
        }
        if ((pending >>> 32) != 0) {
            value |= 1 << 9;
        }
        for (int i = 0; i < BASIC_SHORTCUTS.length; i++) {
            if ((pending & (1L << BASIC_SHORTCUTS[i])) != 0) {
                value |= 1 << (10 + i);
            }
        }
        return value;
    }

    @Override
    protected void writeRegister(int offset, int value) {
        long v = value & 0xFFFF_FFFFL;
        switch (offset) {
            case FIQ_CONTROL -> fiqControl = value & 0xFF;
            // Enable and disable registers are set-only and clear-only: writing 0 bits changes nothing.
            case ENABLE_IRQS_1 -> gpuEnable |= v;
            case ENABLE_IRQS_2 -> gpuEnable |= v << 32;
            case ENABLE_BASIC_IRQS -> armEnable |= value & 0xFF;
            case DISABLE_IRQS_1 -> gpuEnable &= ~v;
            case DISABLE_IRQS_2 -> gpuEnable &= ~(v << 32);
            case DISABLE_BASIC_IRQS -> armEnable &= ~value & 0xFF;
            case IRQ_BASIC_PENDING, IRQ_PENDING_1, IRQ_PENDING_2 -> { }
            default -> unimplementedWrite(offset, value);
        }
        update();
    }
}
