package visor.mmu;

/**
 * The translation regimes this core implements (ARM ARM D5.1.x): EL1&amp;0 with an optional stage 2 owned
 * by EL2 (Non-secure only; Secure EL1&amp;0 shares the EL1 registers in AArch64), EL2 (HCR_EL2.E2H is
 * ARMv8.1 and absent) and EL3, each of the last two a single stage 1.
 */
enum TranslationRegime {
    EL10,
    EL2,
    EL3;

    static TranslationRegime of(int el) {
        return el == 3 ? EL3 : el == 2 ? EL2 : EL10;
    }
}
