package visor.cli.boot;

import visor.cli.trace.TraceLog;
import visor.soc.ClockMode;
import visor.soc.MachineConfig;
import visor.soc.Raspi3Machine;
import visor.soc.boot.ConfigTxt;
import visor.soc.boot.ElfImage;
import visor.soc.boot.LinuxBoot;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

import java.io.IOException;

/**
 * {@code boot} on the SoC model: {@link Raspi3Machine} with the kernel where config.txt puts it (0x80000
 * by default, 0 and every core at EL3 with kernel_old=1), or Linux with its device tree.
 */
public final class Raspi3Boot implements BareMachineFactory {
    /** A raw image where config.txt says, and an initramfs at its address or right after the kernel (followkernel). */
    private static LinuxBoot rawPlan(byte[] kernel, ConfigTxt txt, byte[] initramfs) {
        long at = txt.loadAddress();
        if (initramfs == null) {
            return new LinuxBoot(kernel, at, null, 0, null, 0);
        }
        long initrdAt = txt.initramfsAddress() == ConfigTxt.FOLLOW_KERNEL
                ? (at + kernel.length + 0xFFF) & ~0xFFFL : txt.initramfsAddress();
        return new LinuxBoot(kernel, at, null, 0, initramfs, initrdAt);
    }

    @Override
    public BareMachine create(BootSpec spec) throws IOException {
        MachineConfig config = new MachineConfig(spec.ramBytes(), spec.cores(),
                spec.clock() == BootSpec.Clock.VIRTUAL ? ClockMode.VIRTUAL : ClockMode.REALTIME,
                spec.sdCard(), spec.rngSeed());
        Raspi3Machine machine = new Raspi3Machine(config);
        for (int i = 0; i < spec.cores(); i++) {
            machine.core(i).alignment = spec.alignment();
        }
        ConfigTxt txt = spec.config();
        try {
            machine.setFirmwareOptions(txt.enableUart(), txt.coreFreqMhz() * 1_000_000L);
            boolean custom = txt.kernelOld() || txt.kernelAddress() >= 0;
            if (ElfImage.isElf(spec.kernel())) {
                if (spec.linux() || spec.initrd() != null) {
                    throw new IllegalArgumentException("an ELF image boots without --dtb/--initrd/--append (Linux boots as an Image)");
                }
                if (custom) {
                    throw new IllegalArgumentException("an ELF image loads where its program headers say: kernel_old and kernel_address do not apply");
                }
                machine.loadElf(ElfImage.parse(spec.kernel()));
            } else if (spec.linux() && !custom) {
                machine.loadLinux(spec.kernel(), spec.dtb(), spec.bootargs(), spec.initrd());
            } else if (spec.linux()) {
                throw new IllegalArgumentException("a device tree boots Linux at the address its Image header gives:"
                        + " kernel_old and kernel_address do not apply to it");
            } else {
                machine.load(rawPlan(spec.kernel(), txt, spec.initrd()), txt.kernelOld());
            }
        } catch (RuntimeException e) {
            machine.close();
            throw e;
        }
        return new BareMachine() {
            @Override
            public ConsoleChannel miniUart() {
                return machine.miniUartConsole();
            }

            @Override
            public ConsoleChannel pl011() {
                return machine.pl011Console();
            }

            @Override
            public void run() {
                machine.run();
            }

            @Override
            public void stop() {
                machine.stop();
            }

            @Override
            public void trace(TraceLog trace) {
                for (int i = 0; i < machine.cores(); i++) {
                    machine.core(i).tracer = trace.tracesCores() ? trace : null;
                }
                machine.memory().mmio().trace(trace.tracesBuses() ? trace : null);
            }

            @Override
            public long instructions() {
                return machine.instructions();
            }

            @Override
            public String jitCounters() {
                visor.cpu.jit.Jit jit = machine.codeCache().jit();
                if (jit == null) {
                    return "off";
                }
                long all = machine.instructions();
                return String.format(java.util.Locale.ROOT,
                        "blocks %d, class bytes %d, compile ms %d, instructions compiled %.3f, inlined %.3f",
                        jit.compiledBlocks(), jit.classBytes(), jit.compileMillis(),
                        all == 0 ? 0.0 : (double) machine.compiledInstructions() / all,
                        jit.compiledInstructions() == 0 ? 0.0 : (double) jit.inlinedInstructions() / jit.compiledInstructions());
            }

            @Override
            public String halted() {
                return machine.halted() ? "the guest powered the board off" : null;
            }

            @Override
            public Framebuffer.Snapshot screen() {
                return machine.screen();
            }

            @Override
            public void close() throws IOException {
                machine.close();
            }
        };
    }
}
