package visor.cpu.a64;

import java.util.List;
import visor.cpu.Cpu;
import visor.cpu.ExceptionClass;
import visor.cpu.sysreg.SysReg;
import visor.cpu.sysreg.SysRegEncoding;
import visor.cpu.sysreg.SystemRegisters;

/** Exception generation and system instructions (ARM ARM C4.1.3): SVC/HVC/SMC/BRK/HLT, ERET, hints, barriers, MSR/MRS, SYS/SYSL. */
public final class ExceptionsAndSystem {
    private ExceptionsAndSystem() {
    }

    public static final List<Row> ROWS = List.of(
            new Row("SVC", "11010100 000 iiiiiiiiiiiiiiii 000 01", ExceptionsAndSystem::svc),
            new Row("HVC", "11010100 000 iiiiiiiiiiiiiiii 000 10", ExceptionsAndSystem::hvc),
            new Row("SMC", "11010100 000 iiiiiiiiiiiiiiii 000 11", ExceptionsAndSystem::smc),
            new Row("BRK", "11010100 001 iiiiiiiiiiiiiiii 000 00", ExceptionsAndSystem::brk),
            new Row("HLT", "11010100 010 iiiiiiiiiiiiiiii 000 00", ExceptionsAndSystem::hlt),
            new Row("DCPS1", "11010100 101 iiiiiiiiiiiiiiii 000 01", ExceptionsAndSystem::dcps),
            new Row("DCPS2", "11010100 101 iiiiiiiiiiiiiiii 000 10", ExceptionsAndSystem::dcps),
            new Row("DCPS3", "11010100 101 iiiiiiiiiiiiiiii 000 11", ExceptionsAndSystem::dcps),
            new Row("ERET", "1101011 0100 11111 000000 11111 00000", ExceptionsAndSystem::eret),
            new Row("DRPS", "1101011 0101 11111 000000 11111 00000", ExceptionsAndSystem::drps),
            new Row("NOP", "1101010100 0 00 011 0010 0000 000 11111", ExceptionsAndSystem::nop),
            new Row("YIELD", "1101010100 0 00 011 0010 0000 001 11111", ExceptionsAndSystem::yield),
            new Row("WFE", "1101010100 0 00 011 0010 0000 010 11111", ExceptionsAndSystem::wfe),
            new Row("WFI", "1101010100 0 00 011 0010 0000 011 11111", ExceptionsAndSystem::wfi),
            new Row("SEV", "1101010100 0 00 011 0010 0000 100 11111", ExceptionsAndSystem::sev),
            new Row("SEVL", "1101010100 0 00 011 0010 0000 101 11111", ExceptionsAndSystem::sevl),
            new Row("HINT", "1101010100 0 00 011 0010 mmmm ppp 11111", ExceptionsAndSystem::hint),
            new Row("CLREX", "1101010100 0 00 011 0011 mmmm 010 11111", ExceptionsAndSystem::clrex),
            new Row("DSB", "1101010100 0 00 011 0011 mmmm 100 11111", ExceptionsAndSystem::dsb),
            new Row("DMB", "1101010100 0 00 011 0011 mmmm 101 11111", ExceptionsAndSystem::dmb),
            new Row("ISB", "1101010100 0 00 011 0011 mmmm 110 11111", ExceptionsAndSystem::isb),
            new Row("MSR (immediate)", "1101010100 0 00 ooo 0100 mmmm ppp 11111", ExceptionsAndSystem::msrImm),
            new Row("SYS", "1101010100 0 01 ooo nnnn mmmm ppp ttttt", ExceptionsAndSystem::sys),
            new Row("SYSL", "1101010100 1 01 ooo nnnn mmmm ppp ttttt", ExceptionsAndSystem::sysl),
            new Row("MSR (register)", "1101010100 0 1o ooo nnnn mmmm ppp ttttt", ExceptionsAndSystem::msrReg),
            new Row("MRS", "1101010100 1 1o ooo nnnn mmmm ppp ttttt", ExceptionsAndSystem::mrs));

    private static int imm16(int insn) {
        return (insn >>> 5) & 0xFFFF;
    }

    // ---- Exception generation (ARM ARM C6.2) --------------------------------------------------------

    /** SVC: Supervisor Call to EL1 (EL2 from EL0 with HCR_EL2.TGE, or from EL2); returns past the SVC. */
    static void svc(Cpu cpu, int insn) {
        cpu.exception(cpu.syncTargetEl(), ExceptionClass.SVC64, imm16(insn), cpu.pc + 4);
    }

    /**
     * HVC: enabled by SCR_EL3.HCE with EL3, else by HCR_EL2.HCD = 0; UNDEFINED when disabled, at EL0 and
     * at Secure EL1 (no EL2 there). Taken to EL2, or to EL3 from EL3, past the HVC.
     */
    static void hvc(Cpu cpu, int insn) {
        boolean enabled = cpu.hasEl3 ? (cpu.scrEl3() & Cpu.SCR_HCE) != 0
                : (cpu.mmu.hcrEl2 & SystemRegisters.HCR_HCD) == 0;
        if (!enabled || cpu.el == 0 || (cpu.el == 1 && !cpu.el2Enabled())) {
            cpu.undefined();
        }
        cpu.exception(cpu.el == 3 ? 3 : 2, ExceptionClass.HVC64, imm16(insn), cpu.pc + 4);
    }

    /**
     * SMC (ARM ARM pseudocode AArch64.CheckForSMCUndefOrTrap): UNDEFINED at EL0; from Non-secure EL1,
     * HCR_EL2.TSC traps it to EL2 with the SMC itself as the preferred return address; without EL3, or
     * with SCR_EL3.SMD set, UNDEFINED; otherwise a Secure Monitor Call to EL3, past the SMC.
     */
    static void smc(Cpu cpu, int insn) {
        if (cpu.el == 0) {
            cpu.undefined();
        }
        if (cpu.el == 1 && (cpu.mmu.hcrEl2 & SystemRegisters.HCR_TSC) != 0) {
            cpu.exception(2, ExceptionClass.SMC64, imm16(insn), cpu.pc);
        }
        if (!cpu.hasEl3 || (cpu.scrEl3() & Cpu.SCR_SMD) != 0) {
            cpu.undefined();
        }
        cpu.exception(3, ExceptionClass.SMC64, imm16(insn), cpu.pc + 4);
    }

    /**
     * BRK: Breakpoint Instruction exception to the debug target EL: EL3 when executed at EL3, EL2 when
     * executed at EL2 or when (Non-secure) MDCR_EL2.TDE or HCR_EL2.TGE routes debug exceptions there, EL1
     * otherwise. Returns to the BRK.
     */
    static void brk(Cpu cpu, int insn) {
        if (cpu.el == 3) {
            cpu.exception(3, ExceptionClass.BRK64, imm16(insn), cpu.pc);
        }
        boolean toEl2 = cpu.el == 2 || (cpu.el2Enabled() && ((cpu.sys.mdcrEl2 & SystemRegisters.MDCR_TDE) != 0
                || (cpu.mmu.hcrEl2 & SystemRegisters.HCR_TGE) != 0));
        cpu.exception(toEl2 ? 2 : 1, ExceptionClass.BRK64, imm16(insn), cpu.pc);
    }

    /** HLT: halting debug is not implemented (and never enabled), so UNDEFINED. */
    static void hlt(Cpu cpu, int insn) {
        cpu.undefined();
    }

    /** DCPS1-3: UNDEFINED outside Debug state, which this core never enters. */
    static void dcps(Cpu cpu, int insn) {
        cpu.undefined();
    }

    /** DRPS: UNDEFINED outside Debug state. */
    static void drps(Cpu cpu, int insn) {
        cpu.undefined();
    }

    /** ERET: UNDEFINED at EL0; otherwise AArch64.ExceptionReturn(ELR_ELx, SPSR_ELx). */
    static void eret(Cpu cpu, int insn) {
        if (cpu.el == 0) {
            cpu.undefined();
        }
        cpu.exceptionReturn();
    }

    // ---- Hints (ARM ARM C6.2 HINT) -------------------------------------------------------------------

    static void nop(Cpu cpu, int insn) {
    }

    static void yield(Cpu cpu, int insn) {
    }

    /** Unallocated hints (and later architecture hints such as ESB, PSB, CSDB, BTI) execute as NOP. */
    static void hint(Cpu cpu, int insn) {
    }

    /**
     * WFI: when no interrupt is pending (so the core would sleep), SCTLR_EL1.nTWI traps EL0 to EL1, then
     * HCR_EL2.TWI traps EL0/EL1 to EL2 (AArch64.CheckForWFxTrap); otherwise wait.
     */
    static void wfi(Cpu cpu, int insn) {
        if (!cpu.interruptPending()) {
            checkForWfxTrap(cpu, false);
        }
        cpu.waitForInterrupt();
    }

    /** WFE: completes at once, clearing it, if the event register is set; otherwise traps as WFI does, or waits. */
    static void wfe(Cpu cpu, int insn) {
        if (!cpu.eventRegister) {
            checkForWfxTrap(cpu, true);
        }
        cpu.waitForEvent();
    }

    /** ISS for a trapped WFI/WFE: CV = 1, COND = 0b1110, TI = 1 for WFE (ARM ARM D13.2.37, EC 0x01). */
    private static void checkForWfxTrap(Cpu cpu, boolean wfe) {
        int iss = 1 << 24 | 0xE << 20 | (wfe ? 1 : 0);
        if (cpu.el == 0) {
            long enable = wfe ? SystemRegisters.SCTLR_NTWE : SystemRegisters.SCTLR_NTWI;
            if ((cpu.mmu.sctlrEl1 & enable) == 0) {
                cpu.exception(cpu.syncTargetEl(), ExceptionClass.WFX, iss, cpu.pc);
            }
        }
        if (cpu.el < 2 && (cpu.mmu.hcrEl2 & (wfe ? SystemRegisters.HCR_TWE : SystemRegisters.HCR_TWI)) != 0) {
            cpu.exception(2, ExceptionClass.WFX, iss, cpu.pc);
        }
        if (cpu.el < 3 && cpu.hasEl3 && (cpu.scrEl3() & (wfe ? Cpu.SCR_TWE : Cpu.SCR_TWI)) != 0) {
            cpu.exception(3, ExceptionClass.WFX, iss, cpu.pc);
        }
    }

    /** SEV: signal an event to every core (the machine's hook sets each event register). */
    static void sev(Cpu cpu, int insn) {
        cpu.sendEventHook.run();
    }

    /** SEVL: set this core's event register only. */
    static void sevl(Cpu cpu, int insn) {
        cpu.signalEvent();
    }

    // ---- Barriers and CLREX ---------------------------------------------------------------------------

    /** CLREX: clear the local exclusive monitor. */
    static void clrex(Cpu cpu, int insn) {
        cpu.exclusiveAddress = -1;
    }

    /** DSB: every access completes in program order here, so nothing to wait for. */
    static void dsb(Cpu cpu, int insn) {
    }

    static void dmb(Cpu cpu, int insn) {
    }

    /**
     * ISB: a context synchronisation event. Every System instruction ends its decoded block, so the
     * next instruction is fetched (and translated) afresh.
     */
    static void isb(Cpu cpu, int insn) {
    }

    // ---- PSTATE and System register access -----------------------------------------------------------

    /**
     * MSR (immediate): SPSel (UNDEFINED at EL0), DAIFSet/DAIFClr (trapped at EL0 unless SCTLR_EL1.UMA).
     * PAN and UAO are ARMv8.1/8.2, so their encodings are UNDEFINED here.
     */
    static void msrImm(Cpu cpu, int insn) {
        int op1 = (insn >>> 16) & 7;
        int op2 = (insn >>> 5) & 7;
        int crm = (insn >>> 8) & 15;
        switch (op1 << 3 | op2) {
            case 0b000_101 -> {
                if (cpu.el == 0) {
                    cpu.undefined();
                }
                cpu.setElAndSpSel(cpu.el, (crm & 1) != 0);
            }
            case 0b011_110 -> {
                checkUma(cpu, insn);
                cpu.daif |= crm << 6;
                cpu.stateChanged();
            }
            case 0b011_111 -> {
                checkUma(cpu, insn);
                cpu.daif &= ~(crm << 6);
                cpu.stateChanged();
            }
            default -> cpu.undefined();
        }
    }

    private static void checkUma(Cpu cpu, int insn) {
        if (cpu.el == 0 && (cpu.mmu.sctlrEl1 & SystemRegisters.SCTLR_UMA) == 0) {
            enforce(cpu, SysReg.TRAP_EL1, insn);
        }
    }

    /** MRS: read a System register into Xt after its access checks. */
    static void mrs(Cpu cpu, int insn) {
        SysReg r = lookup(cpu, insn);
        enforce(cpu, r.access(cpu, true), insn);
        cpu.setX(insn & 31, r.reader.read(cpu));
    }

    /** MSR (register): write Xt to a System register after its access checks. */
    static void msrReg(Cpu cpu, int insn) {
        SysReg r = lookup(cpu, insn);
        enforce(cpu, r.access(cpu, false), insn);
        r.writer.write(cpu, cpu.x(insn & 31));
    }

    /** SYS: a System instruction (DC, IC, AT, TLBI) with operand Xt. */
    static void sys(Cpu cpu, int insn) {
        msrReg(cpu, insn);
    }

    /** SYSL: no ARMv8.0 System instruction returns a result, so every encoding is UNDEFINED. */
    static void sysl(Cpu cpu, int insn) {
        mrs(cpu, insn);
    }

    private static SysReg lookup(Cpu cpu, int insn) {
        SysReg r = SystemRegisters.lookup(SysRegEncoding.keyOf(insn));
        if (r == null) {
            if (cpu.tracer != null) {
                cpu.tracer.unknownSystemRegister(cpu, insn);
            }
            cpu.undefined();
        }
        return r;
    }

    /** Carries out an access decision: nothing, UNDEFINED, or a trap with EC 0x18. */
    private static void enforce(Cpu cpu, int decision, int insn) {
        switch (decision) {
            case SysReg.ALLOW -> {
            }
            case SysReg.UNDEFINED -> cpu.undefined();
            case SysReg.TRAP_EL1 -> cpu.exception(cpu.syncTargetEl(), ExceptionClass.SYSREG,
                    SysRegEncoding.iss(insn), cpu.pc);
            case SysReg.TRAP_EL3 -> cpu.exception(3, ExceptionClass.SYSREG, SysRegEncoding.iss(insn), cpu.pc);
            default -> cpu.exception(2, ExceptionClass.SYSREG, SysRegEncoding.iss(insn), cpu.pc);
        }
    }
}
