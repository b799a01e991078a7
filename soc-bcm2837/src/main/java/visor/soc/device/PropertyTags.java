package visor.soc.device;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.mmu.MemoryPort;

/**
 * The firmware's answers on mailbox channel 8 (raspberrypi/firmware wiki "Mailbox property interface"),
 * with the values a Raspberry Pi 3 Model B reports. A buffer is {size, code, tags..., 0}; each tag is
 * {id, value-buffer size, request/response code, value...}. An answered tag gets bit 31 plus the
 * response length in its code word (the value is truncated to the buffer, the length is not); unknown
 * tags are left untouched; the buffer code becomes 0x80000000 (0x80000001 if the buffer is malformed).
 *
 * <p>Framebuffer tags (0x4xxxx) go to the {@link Framebuffer}.
 */
public final class PropertyTags {
    private static final Logger log = LoggerFactory.getLogger(PropertyTags.class);

    public static final int RESPONSE_OK = 0x8000_0000;
    public static final int RESPONSE_ERROR = 0x8000_0001;
    public static final int TAG_RESPONSE = 0x8000_0000;

    public static final int FIRMWARE_REVISION = 0x0000_0001;
    public static final int BOARD_MODEL = 0x0001_0001;
    public static final int BOARD_REVISION = 0x0001_0002;
    public static final int BOARD_MAC = 0x0001_0003;
    public static final int BOARD_SERIAL = 0x0001_0004;
    public static final int ARM_MEMORY = 0x0001_0005;
    public static final int VC_MEMORY = 0x0001_0006;
    public static final int CLOCKS = 0x0001_0007;
    public static final int GET_POWER_STATE = 0x0002_0001;
    public static final int GET_TIMING = 0x0002_0002;
    public static final int SET_POWER_STATE = 0x0002_8001;
    public static final int GET_CLOCK_STATE = 0x0003_0001;
    public static final int SET_CLOCK_STATE = 0x0003_8001;
    public static final int GET_CLOCK_RATE = 0x0003_0002;
    public static final int GET_MEASURED_CLOCK_RATE = 0x0003_0047;
    public static final int SET_CLOCK_RATE = 0x0003_8002;
    public static final int GET_MAX_CLOCK_RATE = 0x0003_0004;
    public static final int GET_MIN_CLOCK_RATE = 0x0003_0007;
    public static final int GET_TURBO = 0x0003_0009;
    public static final int SET_TURBO = 0x0003_8009;
    public static final int GET_VOLTAGE = 0x0003_0003;
    public static final int SET_VOLTAGE = 0x0003_8003;
    public static final int GET_MAX_VOLTAGE = 0x0003_0005;
    public static final int GET_MIN_VOLTAGE = 0x0003_0008;
    public static final int GET_TEMPERATURE = 0x0003_0006;
    public static final int GET_MAX_TEMPERATURE = 0x0003_000A;
    public static final int GET_THROTTLED = 0x0003_0046;
    public static final int GET_GPIO_STATE = 0x0003_0041;
    public static final int SET_GPIO_STATE = 0x0003_8041;
    public static final int GET_DMA_CHANNELS = 0x0006_0001;
    public static final int GET_COMMAND_LINE = 0x0005_0001;
    public static final int FB_GET_GPIOVIRTBUF = 0x0004_0010;
    public static final int FB_SET_GPIOVIRTBUF = 0x0004_8020;

    public static final int PI3B_REVISION = 0xA0_2082;
    public static final int FIRMWARE_REVISION_VALUE = 346337;
    public static final long VC_MEMORY_BASE = 0x3C00_0000L;
    public static final long VC_MEMORY_SIZE = 0x0400_0000L;
    public static final int TEMPERATURE_MILLI_C = 45_000;
    public static final int MAX_TEMPERATURE_MILLI_C = 85_000;
    public static final int DMA_CHANNEL_MASK = 0x7F35;
    public static final int POWER_DEVICES = 9;

    public static final int CLOCK_EMMC = 1, CLOCK_UART = 2, CLOCK_ARM = 3, CLOCK_CORE = 4, CLOCK_V3D = 5,
            CLOCK_H264 = 6, CLOCK_ISP = 7, CLOCK_SDRAM = 8, CLOCK_PIXEL = 9, CLOCK_PWM = 10;
    /**
     * Pi 3B rates by clock id as the firmware leaves them with enable_uart=1 (init_uart_clock 48 MHz,
     * arm_freq 1200, core_freq fixed at 250 so the mini-UART's baud rate holds); the same clock tree as
     * the clock manager's registers (Firmware.CLOCK_SETUP) and the mini-UART's divisor.
     */
    private static final long[] DEFAULT_RATE = {0, 250_000_000, 48_000_000, 1_200_000_000, 250_000_000,
        300_000_000, 300_000_000, 300_000_000, 450_000_000, 75_000_000, 100_000_000};
    private static final long[] MIN_RATE = {0, 250_000_000, 48_000_000, 600_000_000, 250_000_000,
        250_000_000, 250_000_000, 250_000_000, 400_000_000, 75_000_000, 100_000_000};
    private static final long[] MAX_RATE = DEFAULT_RATE;
    public static final int VOLTAGE_MICROVOLTS = 1_200_000, MAX_VOLTAGE_MICROVOLTS = 1_350_000;

    private final long ramBytes;
    private final long armMemorySize;
    private final long serial;
    private final Set<Integer> unknownLogged = new HashSet<>();

    private final long[] rate = new long[DEFAULT_RATE.length];
    /** config.txt core_freq in Hz, or 0: the firmware then fixes the core clock (min = max = rate). */
    private long fixedCoreClock;
    private final boolean[] clockOn = new boolean[DEFAULT_RATE.length];
    private final int[] turbo = new int[DEFAULT_RATE.length];
    private final boolean[] powerOn = new boolean[POWER_DEVICES];
    private final int[] voltage = new int[5];

    private final Framebuffer framebuffer;
    private int gpioVirtBuf;

    /** {@code ramBytes}: RAM below the peripherals; the ARM is told min(RAM, VC memory base). */
    public PropertyTags(long ramBytes, long serial) {
        this(Math.min(ramBytes, VC_MEMORY_BASE), ramBytes, serial);
    }

    /**
     * The ARM is told {@code armMemory} bytes from 0, while memory up to {@code ramBytes} is reachable:
     * a hypervisor's VM whose RAM is smaller than the board's still has the VideoCore's memory (and so
     * the framebuffer) at {@link #VC_MEMORY_BASE}.
     */
    public PropertyTags(long armMemory, long ramBytes, long serial) {
        this.ramBytes = ramBytes;
        this.armMemorySize = armMemory;
        this.serial = serial;
        this.framebuffer = new Framebuffer(VC_MEMORY_BASE + Framebuffer.OFFSET_IN_VC_MEMORY,
                Math.min(ramBytes, VC_MEMORY_BASE + VC_MEMORY_SIZE));
        reset();
    }

    /** Fixes the core (VPU) clock at {@code hz}, as config.txt's core_freq does; 0 restores the defaults. */
    public void setCoreClock(long hz) {
        fixedCoreClock = hz;
        rate[CLOCK_CORE] = hz != 0 ? hz : DEFAULT_RATE[CLOCK_CORE];
    }

    /** The core clock's rate now: the mini-UART's baud clock. */
    public long coreClock() {
        return rate[CLOCK_CORE];
    }

    private long maxRate(int id) {
        return id == CLOCK_CORE && fixedCoreClock != 0 ? fixedCoreClock : MAX_RATE[id];
    }

    private long minRate(int id) {
        return id == CLOCK_CORE && fixedCoreClock != 0 ? fixedCoreClock : MIN_RATE[id];
    }

    public void reset() {
        System.arraycopy(DEFAULT_RATE, 0, rate, 0, rate.length);
        if (fixedCoreClock != 0) {
            rate[CLOCK_CORE] = fixedCoreClock;
        }
        java.util.Arrays.fill(clockOn, true);
        java.util.Arrays.fill(turbo, 0);
        java.util.Arrays.fill(powerOn, true);
        java.util.Arrays.fill(voltage, VOLTAGE_MICROVOLTS);
        framebuffer.reset();
        gpioVirtBuf = 0;
    }

    public Framebuffer framebuffer() {
        return framebuffer;
    }

    public long serial() {
        return serial;
    }

    /** The six MAC bytes: the Raspberry Pi OUI b8:27:eb and the low 24 bits of the serial. */
    public byte[] mac() {
        return new byte[] {(byte) 0xB8, 0x27, (byte) 0xEB, (byte) (serial >>> 16), (byte) (serial >>> 8), (byte) serial};
    }

    /** Processes the property buffer at {@code address} (bus or ARM form) in place. */
    public void process(MemoryPort memory, int address) {
        long base = address & 0x3FFF_FFF0L; // strip the bus alias (0x40000000 / 0xC0000000)
        if (!memory.isRam(base) || !memory.isRam(base + 7)) {
            log.warn("property buffer at 0x{} is outside RAM; ignored", Integer.toHexString(address));
            return;
        }
        long size = memory.read(base, 4);
        if (size < 12 || size > 0x10_0000 || (size & 3) != 0 || !memory.isRam(base + size - 1)) {
            memory.write(base + 4, 4, RESPONSE_ERROR);
            return;
        }
        long end = base + size;
        long p = base + 8;
        while (p + 4 <= end) {
            int tag = (int) memory.read(p, 4);
            if (tag == 0) {
                break;
            }
            if (p + 12 > end) {
                memory.write(base + 4, 4, RESPONSE_ERROR);
                return;
            }
            int bufSize = (int) memory.read(p + 4, 4);
            if (bufSize < 0 || p + 12 + bufSize > end) {
                memory.write(base + 4, 4, RESPONSE_ERROR);
                return;
            }
            int words = bufSize / 4;
            int[] v = new int[Math.max(words, 260)];
            for (int i = 0; i < words; i++) {
                v[i] = (int) memory.read(p + 12 + 4L * i, 4);
            }
            int length = answer(tag, v, words);
            if (length >= 0) {
                int out = Math.min((length + 3) / 4, words);
                for (int i = 0; i < out; i++) {
                    memory.write(p + 12 + 4L * i, 4, v[i] & 0xFFFF_FFFFL);
                }
                memory.write(p + 8, 4, (TAG_RESPONSE | length) & 0xFFFF_FFFFL);
            } else if (unknownLogged.add(tag)) {
                log.info("property tag 0x{} not supported; left unanswered", Integer.toHexString(tag));
            }
            p += 12 + ((bufSize + 3) & ~3);
        }
        memory.write(base + 4, 4, RESPONSE_OK & 0xFFFF_FFFFL);
    }

    private static boolean clockExists(int id) {
        return id >= 1 && id < DEFAULT_RATE.length;
    }

    /** Fills the value words; returns the response length in bytes, or -1 for an unknown tag. */
    private int answer(int tag, int[] v, int words) {
        int id = v[0];
        switch (tag) {
            case FIRMWARE_REVISION:
                v[0] = FIRMWARE_REVISION_VALUE;
                return 4;
            case BOARD_MODEL:
                v[0] = 0;
                return 4;
            case BOARD_REVISION:
                v[0] = PI3B_REVISION;
                return 4;
            case BOARD_MAC: {
                byte[] m = mac();
                v[0] = (m[0] & 0xFF) | (m[1] & 0xFF) << 8 | (m[2] & 0xFF) << 16 | (m[3] & 0xFF) << 24;
                v[1] = (m[4] & 0xFF) | (m[5] & 0xFF) << 8;
                return 6;
            }
            case BOARD_SERIAL:
                v[0] = (int) serial;
                v[1] = (int) (serial >>> 32);
                return 8;
            case ARM_MEMORY:
                v[0] = 0;
                v[1] = (int) armMemorySize;
                return 8;
            case VC_MEMORY:
                v[0] = (int) VC_MEMORY_BASE;
                v[1] = (int) VC_MEMORY_SIZE;
                return 8;
            case CLOCKS:
                for (int c = 1; c <= CLOCK_PWM; c++) {
                    v[2 * (c - 1)] = 0; // parent: none
                    v[2 * (c - 1) + 1] = c;
                }
                return 8 * CLOCK_PWM;
            case GET_POWER_STATE:
                // Bit 0: on; bit 1: no such device.
                v[1] = id >= 0 && id < POWER_DEVICES ? (powerOn[id] ? 1 : 0) : 2;
                return 8;
            case GET_TIMING:
                v[1] = 0; // power-on wait in microseconds: devices come up instantly
                return 8;
            case SET_POWER_STATE:
                if (id >= 0 && id < POWER_DEVICES) {
                    powerOn[id] = (v[1] & 1) != 0;
                    v[1] = powerOn[id] ? 1 : 0;
                } else {
                    v[1] = 2;
                }
                return 8;
            case GET_CLOCK_STATE:
                v[1] = clockExists(id) ? (clockOn[id] ? 1 : 0) : 2;
                return 8;
            case SET_CLOCK_STATE:
                if (clockExists(id)) {
                    clockOn[id] = (v[1] & 1) != 0;
                    v[1] = clockOn[id] ? 1 : 0;
                } else {
                    v[1] = 2;
                }
                return 8;
            case GET_CLOCK_RATE:
            case GET_MEASURED_CLOCK_RATE:
                v[1] = clockExists(id) ? (int) rate[id] : 0;
                return 8;
            case GET_MAX_CLOCK_RATE:
                v[1] = clockExists(id) ? (int) maxRate(id) : 0;
                return 8;
            case GET_MIN_CLOCK_RATE:
                v[1] = clockExists(id) ? (int) minRate(id) : 0;
                return 8;
            case SET_CLOCK_RATE:
                if (clockExists(id)) {
                    long want = v[1] & 0xFFFF_FFFFL;
                    rate[id] = Math.max(minRate(id), Math.min(maxRate(id), want));
                    v[1] = (int) rate[id];
                } else {
                    v[1] = 0;
                }
                return 8;
            case GET_TURBO:
                v[1] = clockExists(id) ? turbo[id] : 0;
                return 8;
            case SET_TURBO:
                if (clockExists(id)) {
                    turbo[id] = v[1] != 0 ? 1 : 0;
                    v[1] = turbo[id];
                }
                return 8;
            case GET_VOLTAGE:
                v[1] = id >= 1 && id < voltage.length ? voltage[id] : 0;
                return 8;
            case SET_VOLTAGE:
                if (id >= 1 && id < voltage.length) {
                    voltage[id] = Math.max(VOLTAGE_MICROVOLTS, Math.min(MAX_VOLTAGE_MICROVOLTS, v[1]));
                    v[1] = voltage[id];
                } else {
                    v[1] = 0;
                }
                return 8;
            case GET_MAX_VOLTAGE:
                v[1] = MAX_VOLTAGE_MICROVOLTS;
                return 8;
            case GET_MIN_VOLTAGE:
                v[1] = VOLTAGE_MICROVOLTS;
                return 8;
            case GET_TEMPERATURE:
                v[1] = TEMPERATURE_MILLI_C;
                return 8;
            case GET_MAX_TEMPERATURE:
                v[1] = MAX_TEMPERATURE_MILLI_C;
                return 8;
            case GET_THROTTLED:
                v[0] = 0;
                return 4;
            case GET_GPIO_STATE:
                v[1] = 0;
                return 8;
            case SET_GPIO_STATE:
                return 8;
            case GET_DMA_CHANNELS:
                v[0] = DMA_CHANNEL_MASK;
                return 4;
            case GET_COMMAND_LINE:
                return 0; // empty command line; the firmware writes no terminator
            case FB_GET_GPIOVIRTBUF:
                v[0] = gpioVirtBuf;
                return 4;
            case FB_SET_GPIOVIRTBUF:
                gpioVirtBuf = v[0];
                return 4;
            default:
                return (tag >>> 16) == 4 ? framebuffer.answer(tag, v) : -1;
        }
    }
}
