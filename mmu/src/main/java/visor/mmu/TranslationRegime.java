package visor.mmu;

/**
 * The translation regimes this core implements (ARM ARM D5.1.x): Non-secure EL1&amp;0 with an optional
 * stage 2 owned by EL2, and EL2 (HCR_EL2.E2H is ARMv8.1 and absent). EL3 runs with its MMU off in
 * this emulator and is not modelled here.
 */
enum TranslationRegime {
    EL10,
    EL2;

    static TranslationRegime of(int el) {
        return el == 2 ? EL2 : EL10;
    }
}
