package visor.soc.device;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.mmu.MemoryPort;

/**
 * The ARM side of the VideoCore mailboxes at 0x3F00B880 (ARM Peripherals manual 1.2 and the firmware
 * wiki "Mailboxes"; QEMU bcm2835_mbox). Mailbox 0 (offsets 0x00-0x1C) carries VideoCore to ARM
 * messages, mailbox 1 (0x20-0x3C) ARM to VideoCore. The firmware is modelled as answering at once: a
 * word written to WRITE with channel 8 is a property buffer, processed by {@link PropertyTags}, and the
 * same word is posted back for READ. Each mailbox holds 8 words; the data-available interrupt
 * (CONFIG bit 0) is ARM IRQ 1 of the legacy controller.
 */
public final class Mailbox extends RegisterDevice {
    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    public static final int READ = 0x00;
    public static final int PEEK = 0x10;
    public static final int SENDER = 0x14;
    public static final int STATUS = 0x18;
    public static final int CONFIG = 0x1C;
    public static final int WRITE = 0x20;
    public static final int MB1_PEEK = 0x30;
    public static final int MB1_SENDER = 0x34;
    public static final int MB1_STATUS = 0x38;
    public static final int MB1_CONFIG = 0x3C;
    public static final int SIZE = 0x40;

    public static final int STATUS_FULL = 1 << 31;
    public static final int STATUS_EMPTY = 1 << 30;
    public static final int CONFIG_DATA_IRQ = 1;
    public static final int DEPTH = 8;
    public static final int CHANNEL_FRAMEBUFFER = 1;
    public static final int CHANNEL_PROPERTY = 8;

    private final MemoryPort memory;
    private final PropertyTags tags;
    private final IrqLine irq;
    private final ArrayDeque<Integer> toArm = new ArrayDeque<>();
    private int config;
    private boolean irqOut;

    public Mailbox(MemoryPort memory, PropertyTags tags, IrqLine irq) {
        this.memory = memory;
        this.tags = tags;
        this.irq = irq;
    }

    public void reset() {
        toArm.clear();
        config = 0;
        updateIrq();
    }

    private void updateIrq() {
        boolean level = (config & CONFIG_DATA_IRQ) != 0 && !toArm.isEmpty();
        if (level != irqOut) {
            irqOut = level;
            irq.set(level);
        }
    }

    private static int status(int count) {
        return (count >= DEPTH ? STATUS_FULL : 0) | (count == 0 ? STATUS_EMPTY : 0) | count;
    }

    @Override
    protected int readRegister(int offset) {
        return switch (offset) {
            case READ -> {
                Integer v = toArm.poll();
                updateIrq();
                yield v == null ? 0 : v;
            }
            case PEEK -> toArm.isEmpty() ? 0 : toArm.peek();
            case SENDER -> 0;
            case STATUS -> status(toArm.size());
            case CONFIG -> config;
            // Requests are consumed as soon as they are written, so mailbox 1 is always empty.
            case MB1_STATUS -> status(0);
            case MB1_PEEK, MB1_SENDER, MB1_CONFIG -> 0;
            default -> unimplementedRead(offset);
        };
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case WRITE -> request(value);
            case CONFIG -> {
                config = value & 0xF;
                updateIrq();
            }
            case READ, PEEK, SENDER, STATUS, MB1_STATUS, MB1_PEEK, MB1_SENDER, MB1_CONFIG -> { }
            default -> unimplementedWrite(offset, value);
        }
    }

    private void request(int value) {
        int channel = value & 0xF;
        switch (channel) {
            case CHANNEL_PROPERTY -> {
                tags.process(memory, value & ~0xF);
                post(value);
            }
            case CHANNEL_FRAMEBUFFER -> {
                long block = value & 0x3FFF_FFF0L; // strip the bus alias, as for property buffers
                int status = 1;
                if (memory.isRam(block) && memory.isRam(block + 39)) {
                    status = tags.framebuffer().allocateLegacy(memory, block);
                } else {
                    log.warn("mailbox: framebuffer request at 0x{} is outside RAM; refused", Integer.toHexString(value));
                }
                post((status << 4) | CHANNEL_FRAMEBUFFER);
            }
            default -> log.warn("mailbox: message 0x{} on channel {} ignored", Integer.toHexString(value), channel);
        }
    }

    private void post(int value) {
        if (toArm.size() < DEPTH) {
            toArm.add(value);
        } else {
            log.warn("mailbox 0 full: reply 0x{} dropped", Integer.toHexString(value));
        }
        updateIrq();
    }
}
