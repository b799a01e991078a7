/**
 * Memory system of one Cortex-A53 core: {@link visor.mmu.PhysicalMemory} is the bus;
 * {@link visor.mmu.Mmu} is the facade the CPU uses for VMSAv8-64 translation. Behind it,
 * {@code Stage1Walker} and {@code Stage2Walker} walk the tables (ARM ARM D5.2),
 * {@code AccessPermissions} and {@code MemoryAttributes} decode descriptor fields (D5.4, D5.5),
 * {@code Granule} and {@code AddressSize} hold the geometry rules, and {@code Tlb} caches whole
 * translations tagged by regime, VMID and ASID (D5.10).
 */
package visor.mmu;
