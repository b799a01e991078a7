package visor.hv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.hv.mmio.MmioEmulator;

/**
 * The EL2 exception handler: what the hypervisor's vector table would do, in Java. It reads only what EL2
 * software can read (the vector taken, ESR_EL2, FAR_EL2, HPFAR_EL2, ELR_EL2, SPSR_EL2, guest registers and
 * guest memory through stage 2), dispatches on the exception class, and says what the scheduler does next.
 */
final class ExitHandler {
    private static final Logger log = LoggerFactory.getLogger(ExitHandler.class);

    /** What the scheduler does with the VM after its exit was handled. */
    enum Next {
        RESUME,
        /** The scheduler's timer fired: the quantum may be over. */
        TICK,
        YIELD,
        BLOCK,
        STOP,
        RESET,
        /** The vCPU's debugger stopped it (breakpoint, watchpoint, step): the VM pauses until resumed. */
        HALT
    }

    /** Consecutive empty UART status polls after which a guest counts as idle (see VirtualPlatform). */
    static final int IDLE_POLLS = 64;
    /** How long an idle-polling guest sleeps when no input arrives, in host nanoseconds. */
    static final long POLL_SLEEP_NANOS = 5_000_000L;

    private final HostPlatform host;
    private final long[] hvcRegs = new long[4];
    private final MmioEmulator mmio = new MmioEmulator();

    ExitHandler(HostPlatform host) {
        this.host = host;
    }

    /** Handles the exception {@code vm}'s vCPU just took to EL2; the caller ERETs if the VM stays runnable. */
    Next handle(Vm vm) {
        Cpu cpu = vm.vcpu;
        int vector = (int) (cpu.pc - cpu.vbar[2]);
        return switch (vector) {
            case 0x400 -> synchronous(vm, cpu);
            case 0x480, 0x500 -> physicalInterrupt(vm, cpu);
            case 0x580 -> crash(vm, "SError from the guest");
            default -> crash(vm, String.format("exception at EL2 vector offset 0x%x", vector));
        };
    }

    private Next synchronous(Vm vm, Cpu cpu) {
        long esr = cpu.esr[2];
        int ec = (int) (esr >>> 26) & 0x3F;
        return switch (ec) {
            case ExceptionClass.WFX -> waitForInterrupt(vm, cpu, esr);
            case ExceptionClass.HVC64 -> hypercall(vm, cpu);
            case ExceptionClass.SMC64 -> secureMonitorCall(vm, cpu);
            case ExceptionClass.SYSREG -> systemRegister(vm, cpu, esr);
            case ExceptionClass.DATA_ABORT_LOWER -> dataAbort(vm, cpu, esr);
            case ExceptionClass.INSN_ABORT_LOWER -> instructionAbort(vm, cpu, esr);
            default -> crash(vm, String.format("unhandled exception class 0x%02x (ESR_EL2 %08x)", ec, esr));
        };
    }

    /** WFI/WFE trapped by HCR_EL2.TWI/TWE: the vCPU yields, and WFI blocks until an interrupt is pending. */
    private Next waitForInterrupt(Vm vm, Cpu cpu, long esr) {
        vm.wfx++;
        cpu.elr[2] += 4;
        boolean wfe = (esr & 1) != 0;
        if (wfe) {
            return Next.YIELD;
        }
        vm.platform.update();
        if (vm.platform.irqPending() || vm.platform.fiqPending() || timerFiring(vm)) {
            return Next.RESUME;
        }
        return Next.BLOCK;
    }

    private Next hypercall(Vm vm, Cpu cpu) {
        vm.hvc++;
        return smccc(vm, cpu);
    }

    /** SMC trapped by HCR_EL2.TSC: handled as an SMCCC call (PSCI conduit "smc"); ELR points at the SMC. */
    private Next secureMonitorCall(Vm vm, Cpu cpu) {
        vm.hvc++;
        cpu.elr[2] += 4;
        return smccc(vm, cpu);
    }

    private Next smccc(Vm vm, Cpu cpu) {
        System.arraycopy(cpu.x, 0, hvcRegs, 0, 4);
        Hypercalls.Action action = Hypercalls.call(hvcRegs, vm.id(), vm.putc);
        System.arraycopy(hvcRegs, 0, cpu.x, 0, 4);
        return switch (action) {
            case CONTINUE -> Next.RESUME;
            case YIELD -> Next.YIELD;
            case POWER_OFF -> Next.STOP;
            case RESET -> Next.RESET;
        };
    }

    /**
     * System register accesses trapped by HCR_EL2.TACR (ACTLR_EL1) and TSW (DC ISW/CSW/CISW): set/way
     * maintenance has no meaning for a VM whose caches are not its own, so it completes as a no-op, and
     * ACTLR_EL1 reads as zero with writes ignored, as KVM presents them.
     */
    private Next systemRegister(Vm vm, Cpu cpu, long esr) {
        vm.sysreg++;
        boolean read = (esr & 1) != 0;
        int rt = (int) (esr >>> 5) & 31;
        if (read) {
            cpu.setX(rt, 0);
        }
        cpu.elr[2] += 4;
        return Next.RESUME;
    }

    /** Stage-2 data abort: back a RAM page on demand, or emulate the device access in the MMIO window. */
    private Next dataAbort(Vm vm, Cpu cpu, long esr) {
        long ipa = faultIpa(cpu);
        int dfsc = (int) esr & 0x3F;
        boolean translation = (dfsc & 0x3C) == 0x04;
        if (translation && vm.spec().isMemory(ipa)) {
            return pageIn(vm, ipa);
        }
        boolean s1ptw = (esr & (1 << 7)) != 0;
        if (ipa >= VmSpec.MMIO_BASE && ipa < VmSpec.MMIO_END && !s1ptw) {
            return emulateMmio(vm, cpu, esr, ipa);
        }
        return crash(vm, String.format("data abort outside its memory: IPA 0x%x, VA 0x%x, ESR_EL2 %08x",
                ipa, cpu.far[2], esr));
    }

    private Next emulateMmio(Vm vm, Cpu cpu, long esr, long ipa) {
        vm.mmio++;
        if ((esr & (1L << 24)) != 0) {
            MmioEmulator.emulateSyndrome(cpu, esr, ipa, vm);
            cpu.elr[2] += 4;
        } else {
            long insn = vm.fetchGuestInstruction(cpu.elr[2]);
            if (insn < 0) {
                return crash(vm, String.format("cannot read the instruction at 0x%x that accessed IPA 0x%x",
                        cpu.elr[2], ipa));
            }
            try {
                mmio.emulateInstruction(cpu, (int) insn, cpu.far[2], ipa, vm);
            } catch (MmioEmulator.Unsupported e) {
                return crash(vm, e.getMessage() + String.format(" at IPA 0x%x", ipa));
            }
        }
        Next power = powerRequest(vm);
        if (power != Next.RESUME) {
            return power;
        }
        if (vm.platform.idlePolls() >= IDLE_POLLS && !vm.platform.inputPending()) {
            vm.pollSleepUntil = host.clock().nanos() + POLL_SLEEP_NANOS;
            return Next.BLOCK;
        }
        return Next.RESUME;
    }

    /** A reset or halt the guest requested through its virtual power management block. */
    static Next powerRequest(Vm vm) {
        return switch (vm.platform.takePowerRequest()) {
            case 1 -> Next.RESET;
            case 2 -> Next.STOP;
            default -> Next.RESUME;
        };
    }

    private Next instructionAbort(Vm vm, Cpu cpu, long esr) {
        long ipa = faultIpa(cpu);
        int ifsc = (int) esr & 0x3F;
        if ((ifsc & 0x3C) == 0x04 && vm.spec().isMemory(ipa)) {
            return pageIn(vm, ipa);
        }
        return crash(vm, String.format("instruction abort outside its memory: IPA 0x%x, VA 0x%x, ESR_EL2 %08x",
                ipa, cpu.far[2], esr));
    }

    /** Backs the page; a VM the host has no page left for is crashed (its pages already returned). */
    private Next pageIn(Vm vm, long ipa) {
        if (vm.pageIn(ipa)) {
            return Next.RESUME;
        }
        log.error("VM {} ({}) crashed: {}\n{}", vm.id(), vm.name(), vm.crashReason(), vm.registerDump());
        return Next.STOP;
    }

    /**
     * The scheduler's physical timer (or another physical interrupt) took the core from the guest. The
     * timer is armed for the VM's next device event too (a character arriving on its serial line), so its
     * devices catch up here; otherwise the event would stay due and re-arm the timer in the past.
     */
    private Next physicalInterrupt(Vm vm, Cpu cpu) {
        host.acknowledgeSchedulerTimer();
        vm.platform.update();
        return Next.TICK;
    }

    /** HPFAR_EL2.FIPA holds IPA[47:12]; the page offset comes from FAR_EL2 (ARM ARM D13.2.56). */
    private static long faultIpa(Cpu cpu) {
        return ((cpu.hpfarEl2 >>> 4) << 12) | (cpu.far[2] & 0xFFF);
    }

    static boolean timerFiring(Vm vm) {
        return vm.vcpu.timer.outputs() != 0;
    }

    Next crash(Vm vm, String reason) {
        vm.crash(reason);
        log.error("VM {} ({}) crashed: {}\n{}", vm.id(), vm.name(), reason, vm.registerDump());
        return Next.STOP;
    }
}
